"""Security settings: production checks, CSRF behind a TLS proxy (case F1), login
throttling (django-axes), password reset by e-mail (real SMTP on loopback), sessions
that expire, the admin for Secretariat staff."""

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from tests.support.paths import ROOT
from tests.support.roles import PASSWORD, world  # noqa: F401

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "test-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
    "ALLOWED_HOSTS": "wgec.example.org,app.internal",
    "CSRF_TRUSTED_ORIGINS": "https://wgec.example.org",
    "DEBUG": "false",
}


def run_production(args, extra_env=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ENV", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(PRODUCTION_ENV)
    env.update(extra_env or {})
    for name in drop:
        env.pop(name, None)
    env["WGEC_TEST_DATABASE_NAME"] = connection.settings_dict["NAME"]
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_production_settings_pass_check_deploy_without_warnings():
    """`manage.py check --deploy` on production settings: no warning at all (CI runs it too)."""
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.django_db
def test_production_refuses_to_start_without_secret_key():
    result = run_production(["manage.py", "check"], drop=["SECRET_KEY"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# A login form posted through the real production settings in a fresh process: settings
# are read from the environment at import, so override_settings could not show that the
# environment variables reach them.
F1_SCRIPT = r"""
import json, os, django
django.setup()
from django.conf import settings
from django.test import Client

host, origin, proto = os.environ["F1_HOST"], os.environ["F1_ORIGIN"], os.environ.get("F1_PROTO")
headers = {"HTTP_HOST": host}
if proto:
    headers["HTTP_X_FORWARDED_PROTO"] = proto
client = Client(enforce_csrf_checks=True, **headers)
page = client.get("/accounts/login/")
out = {"get": page.status_code, "location": page.get("Location", ""),
       "cookie_secure": bool(client.cookies.get("csrftoken") and client.cookies["csrftoken"]["secure"]),
       "session_expire_at_browser_close": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
       "hsts": settings.SECURE_HSTS_SECONDS}
if page.status_code == 200:
    token = client.cookies["csrftoken"].value
    post = client.post("/accounts/login/", {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"},
                       HTTP_ORIGIN=origin, HTTP_REFERER=origin + "/accounts/login/")
    out["post"] = post.status_code
print("F1-RESULT " + json.dumps(out))
"""


def f1(host, origin, proto="https", **env):
    result = run_production(["-c", F1_SCRIPT], {"F1_HOST": host, "F1_ORIGIN": origin, "F1_PROTO": proto or "",
                                                "DJANGO_SETTINGS_MODULE": "wgec.settings", **env})
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("F1-RESULT ")), None)
    assert line, result.stdout + result.stderr
    return json.loads(line.removeprefix("F1-RESULT "))


@pytest.mark.django_db(transaction=True)
def test_form_post_behind_tls_proxy_passes_csrf_F1():
    """Case F1: behind a proxy that ends HTTPS and forwards to the app under its internal
    host name, a login form posted with X-Forwarded-Proto: https and the public Origin
    gets through CSRF (the login form answers, 200 with its error), not 403."""
    out = f1("app.internal", "https://wgec.example.org")
    assert out["get"] == 200  # the forwarded proto counts as HTTPS: no redirect loop
    assert out["post"] == 200
    assert out["cookie_secure"] and out["session_expire_at_browser_close"] and out["hsts"] >= 31536000
    # Public host name passed through by the proxy: also fine.
    assert f1("wgec.example.org", "https://wgec.example.org")["post"] == 200


@pytest.mark.django_db(transaction=True)
def test_form_post_behind_tls_proxy_without_trusted_origin_is_refused_F1():
    """Case F1, the fault: without CSRF_TRUSTED_ORIGINS the same post is a CSRF 403;
    without the forwarded-proto header the request is redirected to HTTPS, not served."""
    out = f1("app.internal", "https://wgec.example.org", CSRF_TRUSTED_ORIGINS="")
    assert out["get"] == 200 and out["post"] == 403
    assert f1("app.internal", "https://evil.example.net")["post"] == 403
    plain = f1("wgec.example.org", "https://wgec.example.org", proto=None)
    assert plain["get"] == 301 and plain["location"].startswith("https://wgec.example.org/")


# --- login throttling -------------------------------------------------------------

def test_five_failures_lock_the_login_and_show_the_locked_page(world, client):
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "coord1", "password": "wrong"})
        assert response.status_code == 200 and b"did not match" in response.content
    response = client.post(url, {"username": "coord1", "password": "wrong"})  # fifth
    assert response.status_code == 429
    # Now even the right password is refused, with the locked page.
    response = client.post(url, {"username": "coord1", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not locked (username + address pairs).
    response = client.post(url, {"username": "delegate", "password": PASSWORD})
    assert response.status_code == 302


def test_lock_ends_after_the_cool_off(world, client):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "coord4", "password": "wrong"})
    assert client.post(url, {"username": "coord4", "password": PASSWORD}).status_code == 429
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1, minutes=1)):
        assert client.post(url, {"username": "coord4", "password": PASSWORD}).status_code == 302


# --- password reset by e-mail ------------------------------------------------------

def test_password_reset_mail_arrives_with_a_working_link(world, client, smtp):
    response = client.post(reverse("password_reset"), {"email": "coord1@example.org"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert len(smtp.inbox.messages) == 1
    mail = smtp.inbox.messages[0]
    assert mail["To"] == "coord1@example.org"
    assert "WGEC Tracker password" in mail["Subject"]
    body = mail.get_content()
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and b"Choose a new password" in form.content
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "A new long passphrase 42", "new_password2": "A new long passphrase 42"})
    assert done.status_code == 302
    assert b"Your new password is set" in client.get(done["Location"]).content
    client.logout()
    assert client.post(reverse("login"), {"username": "coord1", "password": "A new long passphrase 42"}).status_code == 302
    # The link works once.
    again = client.get(link, follow=True)
    assert b"This link is not valid" in again.content


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(world, client, smtp):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200 and b"Check your e-mail" in response.content
    assert smtp.inbox.messages == []


# --- sessions ----------------------------------------------------------------------

def test_sessions_expire_after_two_weeks_without_use(world, client, settings):
    """Sliding expiry (wgec.sessions.SlidingSessionMiddleware renews a session in use):
    two weeks without a request ends it, however long it was used before."""
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.force_login(world.users.delegate)
        assert client.get(reverse("workplan:my-items")).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=13), tick=False):
        # Used within two weeks: still logged in, and the two weeks start again.
        assert client.get(reverse("workplan:my-items")).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=26), tick=False):
        assert client.get(reverse("workplan:my-items")).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=41), tick=False):
        response = client.get(reverse("workplan:my-items"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the admin: operators write, Secretariat staff read --------------------------------

def test_operators_manage_users_and_their_parties_in_the_admin(world, client):
    """S1: users, their parties and memberships are managed in the admin by superusers
    (operators); Secretariat staff read their group's work-plan rows, never users."""
    from tests.support.factories import UserFactory
    from workplan.models import Profile
    client.force_login(world.users.secretariat)
    for url in ("/admin/", "/admin/workplan/activity/", "/admin/workplan/party/",
                "/admin/intersessional/intersessionalgroup/", "/admin/workplan/progressupdate/",
                f"/admin/workplan/activity/{world.a1.pk}/change/"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/auth/user/", f"/admin/auth/user/{world.users.coord4.pk}/change/"):
        assert client.get(url).status_code == 403, url
    client.force_login(UserFactory(username="operator", is_staff=True, is_superuser=True))
    user = world.users.coord4
    membership = user.memberships.get()
    data = {
        "username": user.username, "first_name": "Ada", "last_name": "Coordinator", "email": user.email,
        "is_active": "on", "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1", "profile-0-id": str(user.profile.pk), "profile-0-user": str(user.pk),
        "profile-0-parties": [str(world.party["Australia"].pk), str(world.party["ICC"].pk)],
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000", "memberships-0-id": str(membership.pk),
        "memberships-0-user": str(user.pk), "memberships-0-group": str(world.group.pk),
        "memberships-0-role": "delegate",
    }
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.first_name == "Ada" and not user.is_superuser
    assert set(Profile.objects.get(user=user).parties.values_list("short_name", flat=True)) == {"Australia", "ICC"}


def test_delegates_and_coordinators_do_not_get_into_the_admin(world, client):
    for user in (world.users.coord1, world.users.coord4, world.users.delegate):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
