"""``/healthz``: one fast answer for load balancers and monitoring.

GET, no login. Checks, each with a short timeout: the database (``SELECT 1``), the Celery
broker (a Redis PING), the file storage where reports live; and reports the age of the
last beat tick (the latest ``last_run_at`` of django-celery-beat's schedule) and of the
oldest job waiting (a queued report, a pending reminder).

200 when the database, the broker and the storage answer; 503 otherwise, with
``"down": [their names]``. A late beat or an old queued job is reported (``"late": true``)
but does not make the answer 503: the web process can still serve pages, and a load
balancer must not take every web host out because beat stopped; alert on it instead.

Shape: {"status": "ok"|"down", "down": [...], "checks": {"database"|"broker"|"storage":
{"ok": bool, "ms": float, "error": exception class name (only when not ok)}},
"beat": {"last_tick_age_seconds": float|null, "late": bool}, "jobs":
{"oldest_queued_report_age_seconds": float|null, "oldest_pending_reminder_age_seconds":
float|null, "late": bool}}. Never a URL, a host name, a message text or any secret.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

TIMEOUT = 2  # seconds, per check that talks to another server


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        check()
    except Exception as exc:  # any failure is "down"; its text may carry a host or a password
        return {"ok": False, "ms": round(1000 * (time.monotonic() - started), 1), "error": type(exc).__name__}
    return {"ok": True, "ms": round(1000 * (time.monotonic() - started), 1)}


def check_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL statement_timeout = %s", [TIMEOUT * 1000])
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    url = settings.CELERY_BROKER_URL
    if not url:
        return  # no broker: tasks run in-process (development)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        from wgec.celery import app

        with app.connection_for_read(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT)
        return
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()


def check_storage():
    from django.core.files.storage import FileSystemStorage, default_storage

    default_storage.exists("reports")  # touches the backend (a HEAD/LIST on an object store)
    storage = default_storage._wrapped
    if isinstance(storage, FileSystemStorage):
        # The folder may not exist before the first report: the nearest existing parent must be writable.
        path = Path(storage.location)
        while not path.exists() and path != path.parent:
            path = path.parent
        if not os.access(path, os.W_OK):
            raise PermissionError("storage folder is not writable")


def _age(value, now) -> float | None:
    return None if value is None else round(max(0.0, (now - value).total_seconds()), 1)


def _ages(now) -> tuple[dict, dict]:
    from django.db.models import Max
    from django_celery_beat.models import PeriodicTask

    from workplan.reminders.models import Reminder
    from workplan.reports.models import Report

    last_tick = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))["last"]
    beat_age = _age(last_tick, now)
    oldest_report = (Report.objects.filter(state=Report.State.QUEUED).order_by("requested_at")
                     .values_list("requested_at", flat=True).first())
    oldest_reminder = (Reminder.objects.pending(now=now).order_by("due_at")
                       .values_list("due_at", flat=True).first())
    report_age, reminder_age = _age(oldest_report, now), _age(oldest_reminder, now)
    # Late: beat's schedule writes last_run_at every few minutes (its sync interval) and
    # the sweep runs every JOBS_SWEEP_MINUTES; reminders are scanned every 15 minutes.
    beat_late = bool(settings.CELERY_BROKER_URL) and (beat_age is None or beat_age > 30 * 60)
    jobs_late = ((report_age or 0) > settings.REPORT_QUEUED_TIMEOUT + 60 * settings.JOBS_SWEEP_MINUTES
                 or (reminder_age or 0) > 60 * 60)
    return ({"last_tick_age_seconds": beat_age, "late": beat_late},
            {"oldest_queued_report_age_seconds": report_age, "oldest_pending_reminder_age_seconds": reminder_age,
             "late": jobs_late})


@never_cache
@require_GET
def healthz(request):
    """See the module docstring."""
    checks = {"database": _timed(check_database), "broker": _timed(check_broker), "storage": _timed(check_storage)}
    body = {"status": "ok", "down": [name for name, result in checks.items() if not result["ok"]], "checks": checks}
    if checks["database"]["ok"]:
        try:
            body["beat"], body["jobs"] = _ages(timezone.now())
        except Exception as exc:  # the database answered SELECT 1 but not these: say so, stay fast
            body["beat"] = body["jobs"] = {"error": type(exc).__name__}
    if body["down"]:
        body["status"] = "down"
    return JsonResponse(body, status=503 if body["down"] else 200)
