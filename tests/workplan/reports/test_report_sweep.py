"""The report sweep on the local file storage (issue 17): stale queued reports are sent
again once, stale rendering ones marked failed with the reason, orphan files deleted
once older than the render bound; fresh rows and files are left alone."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from tests.support.seed_plan import build_seed_world
from workplan.reports.models import Report
from workplan.reports.sweep import reports_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_seed_world()["meeting"]


def test_sweep_resends_stale_queued_once_and_fails_stale_rendering(meeting, settings):
    now = timezone.now()
    old = now - dt.timedelta(seconds=settings.REPORT_RENDER_TIMEOUT + 1)
    lost = Report.objects.create(meeting=meeting, version=1, enqueued_at=old)
    fresh = Report.objects.create(meeting=meeting, version=2, enqueued_at=now)
    dead = Report.objects.create(meeting=meeting, version=3, state="rendering", started_at=old)
    running = Report.objects.create(meeting=meeting, version=4, state="rendering", started_at=now)
    result = reports_sweep(now=now)
    assert result.resend == [lost.pk] and result.failed == [dead.pk]
    assert reports_sweep(now=now).resend == []  # stamped: a second sweep does not send it twice
    dead.refresh_from_db()
    assert dead.state == "failed" and "No worker finished this report within 10 minutes" in dead.error
    assert dead.can_retry
    for report, state in ((fresh, "queued"), (running, "rendering"), (lost, "queued")):
        report.refresh_from_db()
        assert report.state == state


def test_sweep_deletes_old_orphan_files_only(meeting, settings):
    report = Report.objects.create(meeting=meeting, version=1)
    assert report.claim()
    assert report.mark_ready(name="kept.pdf", content=b"%PDF-1.7 kept", sha256="0" * 64)
    folder = Path(settings.MEDIA_ROOT) / "reports" / meeting.group.acronym / str(meeting.pk)
    orphan, young = folder / "orphan.pdf", folder / "young.pdf"
    orphan.write_bytes(b"%PDF-1.7 orphan")
    young.write_bytes(b"%PDF-1.7 young")
    long_ago = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(orphan, (long_ago, long_ago))
    os.utime(Path(settings.MEDIA_ROOT) / report.file.name, (long_ago, long_ago))
    removed = reports_sweep().orphans
    assert removed == [f"reports/{meeting.group.acronym}/{meeting.pk}/orphan.pdf"]
    assert not orphan.exists() and young.exists() and (Path(settings.MEDIA_ROOT) / report.file.name).exists()


def test_mark_ready_after_losing_the_claim_keeps_no_file(meeting, settings):
    """No file without a row: a render whose claim was taken over (Retry) stores nothing."""
    report = Report.objects.create(meeting=meeting, version=1)
    assert report.claim(task_id="first")
    Report.objects.get(pk=report.pk).requeue()  # the Secretariat retried meanwhile
    assert report.mark_ready(name="late.pdf", content=b"%PDF-1.7 late", sha256="0" * 64) is False
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    report.refresh_from_db()
    assert report.state == "queued"


def test_a_message_handed_back_takes_its_own_claim_over_up_to_a_limit(meeting):
    report = Report.objects.create(meeting=meeting, version=1)
    assert report.claim(task_id="t-1")
    assert not Report.objects.get(pk=report.pk).claim(task_id="t-2")  # another message: not while alive
    again = Report.objects.get(pk=report.pk)
    assert again.claim(task_id="t-1") and again.attempts == 2  # the same message, handed back


def test_setup_periodic_tasks_registers_the_sweep_once(settings):
    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")
    sweep = PeriodicTask.objects.get(task="workplan.reports_sweep")
    assert sweep.interval.every == settings.JOBS_SWEEP_MINUTES and sweep.interval.period == "minutes"


def test_a_render_that_kills_its_worker_every_time_ends_failed_not_in_a_loop(meeting):
    from workplan.reports.build import report_build
    from workplan.reports.models import MAX_ATTEMPTS

    report = Report.objects.create(meeting=meeting, version=1)
    for _ in range(MAX_ATTEMPTS):  # each attempt's process died; the broker handed it back
        assert Report.objects.get(pk=report.pk).claim(task_id="t")
    built = report_build(report_id=report.pk, task_id="t")
    assert built.state == "failed" and f"stopped {MAX_ATTEMPTS} times" in built.error and built.can_retry
