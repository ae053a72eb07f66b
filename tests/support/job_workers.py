"""Helpers for tests that kill real Celery workers (issue 17): a worker of their own, on
a queue of their own, so the suite's shared worker (tests/conftest.py) never takes their
messages and is never killed.

``own_worker(...)`` starts ``celery -A wgec worker`` (prefork, concurrency 1 by default,
so there is one pool process to kill) on a private queue, with the test database, a
MEDIA_ROOT and any extra environment; ``routed_to(queue)`` sends this process's
``workplan.*`` tasks to that queue while it is active. Database connections of the worker
carry ``application_name`` (libpq's PGAPPNAME) so a test can find and terminate them.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.support.paths import ROOT


def broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"


@contextlib.contextmanager
def routed_to(queue: str):
    """Send every ``workplan.*`` task of this process to ``queue`` (Celery re-reads the
    routes on ``conf.update``)."""
    from wgec.celery import app

    old = app.conf.task_routes
    app.conf.update(task_routes={"workplan.*": {"queue": queue}})
    try:
        yield queue
    finally:
        app.conf.update(task_routes=old)


def children(pid: int) -> list[int]:
    """Direct child process ids of ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(x) for x in task.read_text().split()]
    return found


class OwnWorker:
    def __init__(self, *, db_name: str, media_root: Path, log_path: Path, pool: str = "prefork",
                 concurrency: int = 1, env: dict | None = None, email_url: str = ""):
        self.queue = f"jobs-test-{uuid.uuid4().hex[:8]}"
        self.app_name = f"wgec-{self.queue}"
        self.name = f"{self.queue}@{socket.gethostname()}"
        self.media_root = media_root
        self.log_path = log_path
        self.env = dict(os.environ)
        self.env.update({
            "CELERY_BROKER_URL": broker_url(),
            "WGEC_TEST_DATABASE_NAME": db_name,
            "MEDIA_ROOT": str(media_root),
            "DJANGO_SETTINGS_MODULE": "wgec.settings",
            "PGAPPNAME": self.app_name,
        })
        if email_url:
            self.env["EMAIL_URL"] = email_url
        self.env.update(env or {})
        self.args = [sys.executable, "-m", "celery", "-A", "wgec", "worker", "-P", pool, "-c", str(concurrency),
                     "-Q", self.queue, "-n", self.name, "-l", "INFO", "--without-gossip", "--without-mingle",
                     "--without-heartbeat"]
        self.proc = None

    def start(self, timeout: float = 90) -> "OwnWorker":
        self.log = open(self.log_path, "a")
        seen = Path(self.log_path).stat().st_size
        self.proc = subprocess.Popen(self.args, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited; see {self.log_path}")
            if "ready." in Path(self.log_path).read_text()[seen:]:
                return self
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"worker not ready; see {self.log_path}")

    def pool_pids(self) -> list[int]:
        return children(self.proc.pid)

    def kill_pool_process(self) -> int:
        """SIGKILL the (single) pool process, as the kernel's OOM killer would."""
        pids = self.pool_pids()
        assert pids, "the worker has no pool process"
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        with contextlib.suppress(Exception):
            self.log.close()

    def kill(self):
        """SIGKILL the whole worker (main process and pool)."""
        pids = self.pool_pids()
        self.proc.kill()
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(timeout=10)


def wait_until(predicate, what: str, timeout: float = 120, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def broker_down():
    """This process's Celery app points at a Redis URL on a closed port (the broker is
    down) until the block ends; the connection pools are dropped so the change applies."""
    from wgec.celery import app

    def drop_pools():
        # Not closed: kombu keeps these pools in a process-wide registry keyed by the URL,
        # and the next task sent to the real broker reuses them.
        app._pool = None
        app.amqp._producer_pool = None

    keys = ("broker_url", "broker_write_url", "broker_read_url")
    old = {key: app.conf.get(key) for key in keys}
    url = f"redis://127.0.0.1:{closed_port()}/0"
    app.conf.update({key: url for key in keys})
    drop_pools()
    try:
        yield url
    finally:
        app.conf.update(old)
        drop_pools()


@contextlib.contextmanager
def moto_s3_server(tmp_dir: Path):
    """A real S3-compatible server on loopback (moto in server mode, its own process);
    yields its endpoint URL. Credentials are moto's dummies."""
    import urllib.request

    port = closed_port()
    log = open(tmp_dir / "moto.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=tmp_dir)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                return True
            except OSError as exc:
                return getattr(exc, "code", None) is not None  # an HTTP error is an answer
        wait_until(up, "moto to listen", 60, every=0.3)
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def s3_storage_settings(endpoint: str, bucket: str) -> dict:
    """STORAGES["default"] for ``endpoint`` (what FILE_STORAGE=s3 builds from AWS_*)."""
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": endpoint, "region_name": "us-east-1",
        "access_key": "testing", "secret_key": "testing", "file_overwrite": False, "default_acl": None,
        "addressing_style": "path"}}


def s3_env(endpoint: str, bucket: str) -> dict:
    """The environment a process needs for the same store."""
    return {"FILE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1", "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_S3_ADDRESSING_STYLE": "path"}
