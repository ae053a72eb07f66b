"""A real Celery worker on Redis, reading pytest's test database (tests marked ``worker``)."""

import os
import socket
import subprocess
import sys
import time

import pytest

from tests.support.paths import ROOT


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
