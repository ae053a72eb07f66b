"""The report sweep: what a lost worker or a lost broker left behind, repaired from the
database, which is the truth (beat runs it every ``JOBS_SWEEP_MINUTES`` through the
``workplan.reports_sweep`` task).

- A report queued past ``REPORT_QUEUED_TIMEOUT`` since its message was sent was lost by
  the broker (a Redis restart without persistence): it is sent again (the render claims
  its row with a conditional UPDATE, so a duplicate message is harmless).
- A report rendering past ``REPORT_RENDER_TIMEOUT`` has no live render (the task's time
  limit would have stopped it; the whole worker was killed): it is marked failed with the
  reason, and the page offers Retry.
- A file under ``reports/`` that no row names (a process killed between storing the PDF
  and marking the row) is deleted once older than the render bound.

A pool process killed mid-render needs no sweep: the render task is acknowledged late and
rejected when its worker is lost, so the broker hands the message back at once (see
``Report.claim`` and ``build.report_build``). This module sends no message: it returns
the ids to send again and the task sends them.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.reports.models import Report, render_timeout

logger = logging.getLogger(__name__)

REPORTS_PREFIX = "reports"


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
