"""HTTP load on loopback (named http_load.py: a bench/http.py would shadow the standard library's http module): gunicorn with 2 workers, wrk for ``--seconds`` per page (issue 8).

Serves the production settings (DEBUG off) against the bench database with 10,000
activities, logged in through a session cookie, and loads the activity list and the
dashboard with wrk (8 connections, 2 threads). Prints requests per second, p50 and p99
latency in milliseconds and the error count (non-2xx responses and socket errors).

Usage: python bench/http_load.py [--activities 10000] [--seconds 30]
Needs wrk (Debian package wrk; `make bench` installs it) and PostgreSQL.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


SECRET_KEY = "bench-http-" + "k" * 60  # a throwaway key for the bench database's sessions


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> dict:
    """Requests/s, p50 and p99 (ms) and errors from ``wrk --latency`` output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(g) for g in m.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def _warm_up(url: str, cookie: str, requests: int = 6) -> None:
    """A few requests first, so both workers have loaded templates and connections.
    Raises on a non-200 answer: a load test of a login redirect would measure nothing."""
    import urllib.request

    for _ in range(requests):
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200 or response.url != url:
                raise SystemExit(f"{url} answered {response.status} at {response.url}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10000)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")

    # The session below is signed here and read by gunicorn: both need the same key (with
    # different keys every request was a redirect to the login page).
    os.environ["SECRET_KEY"] = SECRET_KEY
    common.setup_django()
    common.generate(args.activities)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from workplan.models import WorkingGroup
    from workplan.plan.selectors import SESSION_KEY as GROUP_KEY

    user, _ = get_user_model().objects.get_or_create(username="bench-admin",
                                                    defaults={"is_staff": True, "is_superuser": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[GROUP_KEY] = WorkingGroup.objects.get(acronym="DEMO01").pk
    session.save()

    port = _free_port()
    env = dict(os.environ, DJANGO_ENV="production", SECRET_KEY=SECRET_KEY,
               ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="false", USE_X_FORWARDED_PROTO="false")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "wgec.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning"], cwd=common.ROOT, env=env)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rows = []
        cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        for name, path in [("activity list", reverse("workplan:activity-list")),
                           ("dashboard", reverse("workplan:dashboard"))]:
            url = f"http://127.0.0.1:{port}{path}"
            _warm_up(url, cookie)
            # --timeout 10s: wrk's default (2 s) counts a slow answer on this shared
            # 2-core machine as a socket error; real errors (non-2xx, resets) still count.
            out = subprocess.run(["wrk", "-t2", "-c8", f"-d{args.seconds}s", "--timeout", "10s", "--latency",
                                  "-H", f"Cookie: {cookie}", url],
                                 capture_output=True, text=True, check=True).stdout
            r = parse_wrk(out)
            rows.append([name, f"{r['rps']:.1f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}", r["errors"]])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    body = (f"gunicorn, 2 workers, {args.activities} activities, wrk -t2 -c8 --timeout 10s for {args.seconds} s per page after 6 warm-up requests.\n\n"
            + common.markdown_table(["page", "requests/s", "p50 ms", "p99 ms", "errors"], rows))
    common.record("HTTP load (bench/http_load.py)", body)


if __name__ == "__main__":
    main()
