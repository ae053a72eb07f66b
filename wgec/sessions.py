"""Sliding session expiry without a database write on every request (three queries a page).

``SESSION_SAVE_EVERY_REQUEST`` restarts the inactivity clock by writing the session row on
every response: three statements (savepoint, UPDATE, release) on each page, under load a
row lock per click. This middleware keeps the same sliding expiry but rewrites the session
at most once per ``SESSION_REFRESH_SECONDS`` (default 300 s): a session then expires
between ``SESSION_COOKIE_AGE`` minus that interval and ``SESSION_COOKIE_AGE`` after the
last request, instead of exactly ``SESSION_COOKIE_AGE``.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.middleware import SessionMiddleware
from django.dispatch import receiver

REFRESHED_KEY = "_refreshed_at"


class SlidingSessionMiddleware(SessionMiddleware):
    """Drop-in for Django's SessionMiddleware; use with SESSION_SAVE_EVERY_REQUEST = False."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # Only a session this request already read (no extra query for static files or
        # anonymous pages), that holds something worth keeping.
        if session is not None and session.accessed and not session.is_empty() and response.status_code != 500:
            interval = getattr(settings, "SESSION_REFRESH_SECONDS", 300)
            now = int(time.time())
            if now - session.get(REFRESHED_KEY, 0) >= interval:
                session[REFRESHED_KEY] = now  # marks it modified: the parent saves it
        return super().process_response(request, response)


@receiver(user_logged_in)
def _stamp_new_session(sender, request, user, **kwargs):
    """Logging in saves a fresh session anyway: stamp it so the next page need not."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(time.time())
