"""Each user's language: chosen with the EN | FR switcher or in the admin, kept in
``Profile.language``, and winning over the browser's Accept-Language.

How it travels:

- logging in copies the profile's language into the session (one query per log-in, none
  per page);
- ``ProfileLanguageMiddleware`` (after Django's LocaleMiddleware and authentication)
  activates the session's language for the request and keeps Django's language cookie in
  step with it, so the log-in page after logging out speaks the same language;
- ``language_set`` wraps Django's ``set_language`` view: the cookie as usual, and for a
  logged-in user the profile and the session too;
- mail goes out in the recipient's language: ``user_language(user)`` and
  ``users_languages(ids)`` give it, and ``PasswordResetForm`` renders in it.
"""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

SESSION_KEY = "_profile_language"


def _supported(code: str | None) -> bool:
    return bool(code) and code in dict(settings.LANGUAGES)


def user_language(user) -> str:
    """The language to write to ``user`` in: their profile's, else the site default
    (``settings.LANGUAGE_CODE``). One query unless the profile is already loaded."""
    from workplan.models import Profile

    try:
        code = user.profile.language
    except Profile.DoesNotExist:
        code = ""
    return code if _supported(code) else settings.LANGUAGE_CODE


def users_languages(user_ids) -> dict[int, str]:
    """{user id: language code} for ``user_ids``, the site default where a user has no
    profile or no language set. One query."""
    from workplan.models import Profile

    chosen = dict(Profile.objects.filter(user_id__in=list(user_ids)).exclude(language="")
                  .values_list("user_id", "language"))
    return {uid: chosen[uid] if _supported(chosen.get(uid)) else settings.LANGUAGE_CODE
            for uid in user_ids}


@receiver(user_logged_in)
def _profile_language_to_session(sender, request, user, **kwargs):
    """The profile's language, when set, rules the new session."""
    from workplan.models import Profile

    if request is None or not hasattr(request, "session"):
        return
    code = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if _supported(code):
        request.session[SESSION_KEY] = code


class ProfileLanguageMiddleware:
    """Activates the logged-in user's chosen language (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = self._session_language(request)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        response = self.get_response(request)
        # Read again: the view may have changed it (switcher) or flushed it (log-out).
        code = self._session_language(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if code and request.COOKIES.get(cookie) != code and cookie not in response.cookies:
            response.set_cookie(
                cookie, code, max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response

    @staticmethod
    def _session_language(request) -> str | None:
        session = getattr(request, "session", None)
        # No session cookie, no query: anonymous pages never load a session for this.
        if session is None or (not session.session_key and not session.modified):
            return None
        code = session.get(SESSION_KEY)
        return code if _supported(code) else None


@require_POST
def language_set(request):
    """Django's ``set_language`` (POST ``language`` and ``next``; sets the cookie and
    redirects), and for a logged-in user the choice saved in their profile."""
    from workplan.models import Profile

    response = set_language(request)
    code = request.POST.get("language")
    if _supported(code) and request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
    return response


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the mail written in the account holder's language."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        with translation.override(user_language(context["user"])):
            super().send_mail(subject_template_name, email_template_name, context, from_email, to_email,
                              html_email_template_name)
