"""Report jobs that always finish (issue 17), with a real Celery worker on Redis and real
processes killed by the test.

The worker here is the test's own (tests/support/job_workers.py): prefork with one pool process,
on a private queue, so killing it never touches the suite's worker. It runs with a short
bound (REPORT_RENDER_TIMEOUT=60 s, REPORT_QUEUED_TIMEOUT=10 s) and the render's test-only
hook REPORT_RENDER_TEST_DELAY, which sleeps between laying out the PDF and storing it, so
that "mid-render" is a window of several seconds instead of a race.
"""

import datetime as dt
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.job_workers import OwnWorker, broker_url, routed_to, wait_until
from tests.support.seed_plan import build_seed_world
from workplan.plan.models import Membership
from workplan.reports.models import Report
from workplan.reports.services import report_generate
from workplan.reports.tasks import reports_sweep_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BOUND = 60  # seconds: REPORT_RENDER_TIMEOUT of the worker below
DELAY = 8  # seconds: the render's test-only pause between layout and storing


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media-jobs")
    own = OwnWorker(db_name=connection.settings_dict["NAME"], media_root=media,
                    log_path=tmp_path_factory.mktemp("jobs-worker") / "worker.log",
                    env={"REPORT_RENDER_TIMEOUT": str(BOUND), "REPORT_QUEUED_TIMEOUT": "10",
                         "REPORT_RENDER_TEST_DELAY": str(DELAY)})
    own.start()
    yield own
    own.stop()


@pytest.fixture
def jobs(worker, settings):
    """This process agrees with the worker: same MEDIA_ROOT and bounds; tasks go to its queue."""
    settings.MEDIA_ROOT = str(worker.media_root)
    settings.REPORT_RENDER_TIMEOUT = BOUND
    settings.REPORT_QUEUED_TIMEOUT = 10
    with routed_to(worker.queue):
        yield worker


def _world():
    plan = build_seed_world()
    secretariat = UserFactory(username="secretariat-jobs")
    MembershipFactory(user=secretariat, group=plan["group"], role=Membership.Role.SECRETARIAT)
    return plan, secretariat


def _files(root: Path) -> list[Path]:
    return [p for p in (root / "reports").rglob("*") if p.is_file()] if (root / "reports").exists() else []


def test_pool_process_killed_mid_render_gives_the_job_back_at_once(jobs):
    """Issue 17: a pool process killed while rendering (the out-of-memory case). The task is
    acknowledged late and rejected on worker loss, so the broker hands it back at once; the
    new attempt takes its own claim over. The report ends ready (or failed and retriable)
    within the bound, and is never "rendering" past it."""
    plan, secretariat = _world()
    report = report_generate(meeting=plan["meeting"], requested_by=secretariat)
    requested = time.monotonic()
    wait_until(lambda: Report.objects.filter(pk=report.pk, state="rendering").exists(), "the render to start", 60)
    time.sleep(2)  # inside the render's pause: laid out, not yet stored
    killed = jobs.kill_pool_process()
    wait_until(lambda: jobs.pool_pids() and jobs.pool_pids()[0] != killed, "a new pool process", 30)

    def finished():
        report.refresh_from_db()
        assert time.monotonic() - requested < BOUND, f"still {report.state} past the bound ({BOUND} s)"
        return report.state in ("ready", "failed")

    wait_until(finished, "the report to finish", BOUND + 5, every=0.5)
    assert report.state == "ready" or report.can_retry, report.error
    assert report.state == "ready", f"{report.error}; worker log {jobs.log_path}"
    assert report.attempts == 2  # the killed attempt, then the one that finished
    assert [p.name for p in _files(jobs.media_root)] == [Path(report.file.name).name]


def test_broker_flushed_with_a_report_queued_is_rendered_after_the_sweep(jobs, settings):
    """Issue 17: Redis loses every message (FLUSHDB on our own database, as a restart of a
    Redis without persistence would) while a report is queued. The row stays the truth: the
    sweep finds it queued past REPORT_QUEUED_TIMEOUT and sends it again; the worker renders it."""
    plan, secretariat = _world()
    parked = f"{jobs.queue}-parked"  # a queue no worker reads: the message waits in Redis
    with routed_to(parked):
        report = report_generate(meeting=plan["meeting"], requested_by=secretariat)
    client = redis.Redis.from_url(broker_url())
    assert client.llen(parked) == 1
    client.flushdb()
    assert client.llen(parked) == 0
    report.refresh_from_db()
    assert report.state == "queued" and report.enqueued_at is not None

    # The sweep before the bound leaves it alone; past the bound it sends it again.
    assert reports_sweep_task.apply().get()["sent_again"] == []
    later = (timezone.now() + dt.timedelta(seconds=11)).isoformat()
    assert reports_sweep_task.apply(kwargs={"now": later}).get()["sent_again"] == [report.pk]
    wait_until(lambda: Report.objects.filter(pk=report.pk, state__in=["ready", "failed"]).exists(),
               "the render sent again", BOUND + 30, every=0.5)
    report.refresh_from_db()
    assert report.state == "ready", f"{report.error}; worker log {jobs.log_path}"


def test_database_connection_terminated_mid_render_fails_with_a_reason_and_no_file(jobs):
    """Issue 17: pg_terminate_backend on the worker's connection while it renders. Storing
    the row fails; the stored PDF is deleted again (no file without a row) and the row is
    marked failed on a new connection, with the reason; Retry is offered."""
    plan, secretariat = _world()
    before = set(_files(jobs.media_root))
    report = report_generate(meeting=plan["meeting"], requested_by=secretariat)
    wait_until(lambda: Report.objects.filter(pk=report.pk, state="rendering").exists(), "the render to start", 60)
    time.sleep(2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                       [jobs.app_name])
        assert [row[0] for row in cursor.fetchall()] == [True]
    wait_until(lambda: Report.objects.filter(pk=report.pk, state__in=["ready", "failed"]).exists(),
               "the report to finish", BOUND, every=0.5)
    report.refresh_from_db()
    assert report.state == "failed", f"{report.state}; worker log {jobs.log_path}"
    assert "could not be made" in report.error and "connection" in report.error.lower(), report.error
    assert report.can_retry and not report.file
    assert set(_files(jobs.media_root)) == before  # no orphan file
