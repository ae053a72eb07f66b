"""Shared fixtures: real services (PostgreSQL, Redis, a Celery worker, an SMTP server on
loopback) and Debian's chromium driven by Playwright. They live in tests/support/ (with
the factories and the test worlds); this file makes them visible to every test."""

import os
import shutil
import subprocess

import pytest

from tests.support.browser import browser_type_launch_args, screenshot_dir  # noqa: F401
from tests.support.passwords import FAST_HASHERS
from tests.support.paths import ROOT
from tests.support.mail import smtp, smtp_server  # noqa: F401
from tests.support.worker import celery_worker, celery_worker_process  # noqa: F401

# live_server runs Django in a thread while Playwright's sync API holds an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Compile every message catalogue whose .mo is missing or older than its .po, so a bare
    ``pytest`` shows French pages too (``make test`` compiles them already; .mo files are not
    committed). Only the controller compiles: xdist workers start after it."""
    if hasattr(config, "workerinput") or not shutil.which("msgfmt"):
        return
    for po in (ROOT / "wgec" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        tmp = mo.with_suffix(".mo.tmp")
        subprocess.run(["msgfmt", "--check-format", "-o", str(tmp), str(po)], check=True)
        tmp.replace(mo)  # atomic: a reader never sees half a catalogue


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a French request earlier in the same
    thread must not leave French active for code that renders outside a request."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run eagerly in-process unless the test is marked ``worker``.

    The app's config is read once, so set it on the app itself rather than in settings.
    """
    from wgec.celery import app

    eager = request.node.get_closest_marker("worker") is None
    old = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = old


@pytest.fixture(scope="module")
def seed_once(django_db_setup, django_db_blocker):
    """The seed (``manage.py load_seed``) loaded once for a test module and rolled back at
    its end; tests that read it also take ``db``."""
    from django.db import transaction

    from workplan.imports.seed import seed_load

    with django_db_blocker.unblock(), transaction.atomic():
        seed_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
