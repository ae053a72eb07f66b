"""Sliding session expiry written at most every SESSION_REFRESH_SECONDS (issue 8)."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import UserFactory
from wgec.sessions import REFRESHED_KEY


def _writes(client, url="/"):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code in (200, 302)
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))
            and "django_session" in q["sql"]]


def test_session_is_refreshed_once_then_not_on_every_request(client, db, settings):
    """Logging in stamps the session; the requests within the interval write nothing."""
    settings.SESSION_REFRESH_SECONDS = 300
    client.force_login(UserFactory(username="reader"))
    assert client.session[REFRESHED_KEY] > 0
    assert _writes(client) == []
    assert _writes(client) == []


def test_session_expiry_slides_when_the_interval_has_passed(client, db, settings):
    """With the interval passed, a request writes the session again and moves its expiry."""
    settings.SESSION_REFRESH_SECONDS = 300
    client.force_login(UserFactory(username="reader"))
    client.get("/")
    session = client.session
    session[REFRESHED_KEY] -= 301  # as if the last refresh were 301 s ago
    session.save()
    key = session.session_key
    earlier = Session.objects.get(pk=key).expire_date - dt.timedelta(days=1)
    Session.objects.filter(pk=key).update(expire_date=earlier)
    assert _writes(client)
    assert Session.objects.get(pk=key).expire_date > earlier + dt.timedelta(hours=23)


def test_anonymous_requests_write_no_session(client, db):
    assert _writes(client, "/accounts/login/") == []
    assert not Session.objects.exists()
