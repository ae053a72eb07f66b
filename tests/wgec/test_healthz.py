"""/healthz for load balancers (issue 17): no login, database, broker and storage checked
with short timeouts, the age of the last beat tick and of the oldest waiting job, no
secrets; 200 when everything answers, 503 naming the part that is down."""

import datetime as dt
import json
import time

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.support.job_workers import closed_port, s3_storage_settings
from tests.support.seed_plan import build_seed_world
from workplan.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def up(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/0"
    return settings


def test_everything_up_answers_200_fast_without_login_or_secrets(up, client):
    every = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="sweep", task="workplan.reports_sweep", interval=every,
                                last_run_at=timezone.now() - dt.timedelta(minutes=10))
    plan = build_seed_world()
    Report.objects.create(meeting=plan["meeting"], version=1, requested_at=timezone.now() - dt.timedelta(minutes=3))
    client.get("/healthz")  # the first request of the process imports every URL's views
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["down"] == []
    assert all(body["checks"][part]["ok"] for part in ("database", "broker", "storage"))
    assert 590 <= body["beat"]["last_tick_age_seconds"] <= 700 and body["beat"]["late"] is False
    assert 170 <= body["jobs"]["oldest_queued_report_age_seconds"] <= 300
    assert elapsed < 1, f"/healthz took {elapsed:.2f} s: {body['checks']}"
    text = json.dumps(body)
    for secret in (up.CELERY_BROKER_URL, up.SECRET_KEY, "127.0.0.1", "redis://", "postgres"):
        assert secret not in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_broker_down_answers_503_naming_the_broker(up, client):
    up.CELERY_BROKER_URL = f"redis://:hunter2@127.0.0.1:{closed_port()}/0"
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["down"] == ["broker"]
    assert body["checks"]["broker"]["error"] == "ConnectionError"
    assert "hunter2" not in response.content.decode()


def test_storage_down_answers_503_naming_the_storage(up, client):
    storage = s3_storage_settings(f"http://127.0.0.1:{closed_port()}", "wgec-reports")
    from botocore.config import Config

    storage["OPTIONS"]["client_config"] = Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1})
    up.STORAGES = {**up.STORAGES, "default": storage}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["down"] == ["storage"]


def test_a_late_beat_is_reported_but_does_not_take_the_web_host_out(up, client):
    every = IntervalSchedule.objects.create(every=15, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="scan", task="workplan.reminders_scan", interval=every,
                                last_run_at=timezone.now() - dt.timedelta(hours=3))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["beat"]["late"] is True
