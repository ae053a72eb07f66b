"""Shared fixtures: real services (PostgreSQL, Redis, a Celery worker, an SMTP server on
loopback) and Debian's chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# live_server runs Django in a thread while Playwright's sync API holds an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


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


# --- mail: a real SMTP server on loopback -------------------------------------------

class _Inbox:
    def __init__(self):
        self.messages = []  # list of email.message.EmailMessage
        self.refuse_once: set[str] = set()  # recipients refused (550) the first time
        self.lock = threading.Lock()

    def clear(self):
        with self.lock:
            self.messages.clear()
            self.refuse_once.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    """An aiosmtpd server on 127.0.0.1; yields an object with ``port`` and ``inbox``."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    inbox = _Inbox()

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            with inbox.lock:
                if address in inbox.refuse_once:
                    inbox.refuse_once.discard(address)
                    return "550 refused once by the test"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            msg = message_from_bytes(envelope.content, policy=policy.default)
            msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            with inbox.lock:
                inbox.messages.append(msg)
            return "250 Message accepted"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    controller.inbox = inbox
    controller.port = port
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django sends through the loopback SMTP server for this test; inbox starts empty."""
    smtp_server.inbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    return smtp_server


# --- a real Celery worker on Redis --------------------------------------------------

def _broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, smtp_server, tmp_path_factory):
    """A real ``celery -A wgec worker -P solo`` on Redis, reading pytest's test database.

    Tests using it are marked ``worker`` and ``django_db(transaction=True)`` so that
    their rows are committed where the worker can see them.
    """
    from django.db import connection

    media = tmp_path_factory.mktemp("media")
    env = dict(os.environ)
    env.update({
        "CELERY_BROKER_URL": _broker_url(),
        "WGEC_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "wgec.settings",
    })
    celery = [sys.executable, "-m", "celery", "-A", "wgec"]
    subprocess.run(celery + ["purge", "-f"], env=env, cwd=ROOT, check=False, capture_output=True)
    log = open(tmp_path_factory.mktemp("celery") / "worker.log", "w")
    proc = subprocess.Popen(celery + ["worker", "-P", "solo", "-l", "INFO", "--without-gossip",
                                      "--without-mingle", "-n", f"test-{os.getpid()}@%h"],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ping = subprocess.run(celery + ["inspect", "ping", "-d", f"test-{os.getpid()}@{socket.gethostname()}",
                                        "-t", "2"], env=env, cwd=ROOT, capture_output=True)
        if ping.returncode == 0:
            break
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited: see {log.name}")
    else:
        proc.kill()
        raise RuntimeError(f"Celery worker did not answer ping: see {log.name}")
    proc.media_root = media
    proc.log_path = log.name
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def celery_worker(celery_worker_process, settings):
    """Use in tests marked ``worker``: the test process shares the worker's MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(celery_worker_process.media_root)
    return celery_worker_process


# --- the browser --------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium (no browser download); it runs headless as root."""
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": ["--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def screenshot_dir():
    """Where browser tests save screenshots for people to look at (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
