"""`manage.py create_demo_users`: one login per role, only with DEBUG, only once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.support.factories import PartyFactory, WorkingGroupFactory
from workplan.models import Membership
from tests.support.paths import ROOT


@pytest.fixture
def seed(db, settings):
    settings.DEBUG = True
    group = WorkingGroupFactory(acronym="WGEC")
    for name in ("US", "EU", "Australia", "ICC", "Japan"):
        PartyFactory(short_name=name)
    return group


def run(**kwargs) -> str:
    out = StringIO()
    call_command("create_demo_users", stdout=out, **kwargs)
    return out.getvalue()


def test_creates_one_user_per_role_and_prints_passwords(seed):
    output = run()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"secretariat", "coordinator1", "coordinator4", "delegate"}
    for username, user in users.items():
        password = next(line for line in output.splitlines() if line.strip().startswith(username)).split()[2]
        assert user.check_password(password), username
    sec = users["secretariat"]
    assert sec.is_staff and not sec.is_superuser
    assert Membership.objects.get(user=sec).role == Membership.Role.SECRETARIAT
    # The Secretariat changes activities through the pages (rules); in the admin it only
    # reads its working group's rows, never users (S1).
    assert sec.has_perm("workplan.change_activity") and sec.has_perm("workplan.view_topic")
    assert not sec.has_perm("auth.change_user") and not sec.has_perm("auth.view_user")
    assert list(users["coordinator1"].profile.parties.values_list("short_name", flat=True)) == ["US"]
    assert list(users["coordinator4"].profile.parties.values_list("short_name", flat=True)) == ["Australia"]
    assert "/accounts/login/" in output


def test_second_run_keeps_existing_users_and_their_passwords(seed):
    run()
    before = {u.username: u.password for u in get_user_model().objects.all()}
    output = run()
    after = {u.username: u.password for u in get_user_model().objects.all()}
    assert before == after
    assert output.count("exists; its password is unchanged") == 4
    assert "password " not in output.replace("its password is unchanged", "")


def test_refuses_without_debug(seed, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        run()
    assert not get_user_model().objects.exists()


def test_asks_for_the_seed_when_the_group_is_missing(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="load_seed"):
        run()


def test_refusal_exits_non_zero(db):
    """Through manage.py, as `make run` calls it: a clear message and exit status 1."""
    import os
    import subprocess
    import sys

    from django.db import connection
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="wgec.example.org", DEBUG="false",
               WGEC_TEST_DATABASE_NAME=connection.settings_dict["NAME"])
    result = subprocess.run([sys.executable, "manage.py", "create_demo_users"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Refusing to create demo users: DEBUG is off" in result.stderr
