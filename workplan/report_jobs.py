"""PTC progress reports as jobs: claim, render, store, mark; and the sweep that repairs
what a lost worker or a lost broker left behind.

The database row is the truth (``report_models``): a render claims its row with a
conditional UPDATE, stores the PDF through Django's file storage (``STORAGES``: the
local disk or an S3-compatible store) and marks the row ready only while its claim
holds. What can go wrong, and what repairs it:

- the pool process is killed mid-render (out of memory): the task is acknowledged late
  and rejected on worker loss, so the broker hands the message back at once and the new
  attempt, carrying the same task id, takes the claim over (``Report.claim``); after
  ``MAX_ATTEMPTS`` the row is marked failed instead;
- the whole worker is killed, or the render outlives ``REPORT_RENDER_TIMEOUT``: the sweep
  marks the row failed with the reason; the page then offers Retry;
- the broker loses the message (a Redis restart without persistence): the sweep sends
  the render again once the row has been queued past ``REPORT_QUEUED_TIMEOUT``;
- the database connection drops mid-render: the stored file is deleted again, and the
  row is marked failed on a new connection (``Report.mark_failed``);
- a file is left in storage with no row pointing at it (a process killed between storing
  and the UPDATE): the sweep deletes it once it is older than the render bound.

This module sends no Celery message (no import of ``tasks`` or ``services``): the sweep
returns the ids to send again and the periodic task sends them.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Report
from .report_models import MAX_ATTEMPTS, queued_timeout, render_timeout

logger = logging.getLogger(__name__)

REPORTS_PREFIX = "reports"


def report_build(*, report_id: int, task_id: str = "") -> Report | None:
    """Render a queued report to PDF and store it; what the Celery task runs.

    ``task_id`` is the Celery task's id ("" when called directly). Claims the row first,
    so a duplicate message never renders twice at once; a row already claimed or finished
    is left as it is. Any exception ends as ``failed`` with its message, never as a row
    left rendering. Returns the row, or None when it no longer exists.
    """
    from .reports import render_report

    report = Report.objects.select_related("meeting__group").filter(pk=report_id).first()
    if report is None:
        logger.warning("Report %s no longer exists; nothing to render.", report_id)
        return None
    if not report.claim(task_id=task_id):
        logger.info("Report %s is %s; not rendering it again.", report_id, report.state)
        return report
    if report.attempts > MAX_ATTEMPTS:
        report.mark_failed(_("The worker stopped %(count)s times while rendering this report (it may have run "
                             "out of memory); retry it, or ask the administrator.") % {"count": report.attempts - 1})
        return report
    try:
        rendered = render_report(meeting=report.meeting, title=report.title, agenda_item=report.agenda_item,
                                 version=report.version)
        if settings.REPORT_RENDER_TEST_DELAY:  # test-only hook (settings): "mid-render" for the tests
            time.sleep(settings.REPORT_RENDER_TEST_DELAY)
        report.mark_ready(name=report.download_name(), content=rendered.pdf, sha256=rendered.sha256,
                          pages=rendered.pages)
    except Exception as exc:  # any failure must end on the row, where the Secretariat sees it
        logger.exception("Report %s failed to render.", report_id)
        report.mark_failed(_("The report could not be made (%(error)s); try again.")
                           % {"error": f"{type(exc).__name__}: {exc}"})
    return report


@dataclass
class SweepResult:
    """What one sweep did: reports to send to the workers again (ids), reports marked
    failed (ids), orphan files deleted (storage names)."""

    resend: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


def reports_sweep(*, now: dt.datetime | None = None, storage=None) -> SweepResult:
    """Find reports pending past their bound and repair them; delete orphan files.

    - queued past ``REPORT_QUEUED_TIMEOUT`` since their message was sent: stamped as sent
      now (a conditional UPDATE, so two sweeps never both take one) and returned in
      ``resend`` for the caller to send;
    - rendering past ``REPORT_RENDER_TIMEOUT``: marked failed with the reason;
    - files under ``reports/`` that no row names and older than the render bound: deleted.

    ``now`` is aware (default: now). Safe to run concurrently and as often as beat likes.
    """
    now = now or timezone.now()
    result = SweepResult()
    for report in Report.objects.stale(now=now).filter(state=Report.State.QUEUED).only("pk", "enqueued_at"):
        taken = Report.objects.filter(pk=report.pk, state=Report.State.QUEUED,
                                      enqueued_at=report.enqueued_at).update(enqueued_at=now)
        if taken:
            result.resend.append(report.pk)
    minutes = int(render_timeout().total_seconds() // 60)
    for report in Report.objects.stale(now=now).filter(state=Report.State.RENDERING):
        reason = _("No worker finished this report within %(minutes)s minutes (the worker stopped or the render "
                   "took too long); retry it.") % {"minutes": minutes}
        if report.mark_failed(reason):
            result.failed.append(report.pk)
    result.orphans = report_files_remove_orphans(now=now, storage=storage)
    if result.resend or result.failed or result.orphans:
        logger.warning("Report sweep: sent again %s, marked failed %s, deleted orphan files %s",
                       result.resend, result.failed, result.orphans)
    return result


def _walk(storage, directory: str):
    """Every file name under ``directory`` in ``storage``, recursively."""
    try:
        folders, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield posixpath.join(directory, name)
    for folder in folders:
        yield from _walk(storage, posixpath.join(directory, folder))


def report_files_remove_orphans(*, now: dt.datetime | None = None, storage=None) -> list[str]:
    """Delete files under ``reports/`` that no Report row names, once older than the
    render bound (younger ones may belong to a render between storing its file and
    marking its row). Returns the names deleted."""
    storage = storage or default_storage
    now = now or timezone.now()
    known = set(Report.objects.exclude(file="").values_list("file", flat=True))
    removed = []
    for name in _walk(storage, REPORTS_PREFIX):
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if modified < now - render_timeout():
            storage.delete(name)
            removed.append(name)
    return removed


def oldest_queued_age(*, now: dt.datetime | None = None) -> float | None:
    """Seconds since the oldest queued report was requested, or None when none waits."""
    now = now or timezone.now()
    oldest = (Report.objects.filter(state=Report.State.QUEUED).order_by("requested_at")
              .values_list("requested_at", flat=True).first())
    return None if oldest is None else max(0.0, (now - oldest).total_seconds())


__all__ = ["SweepResult", "oldest_queued_age", "queued_timeout", "report_build",
           "report_files_remove_orphans", "reports_sweep"]
