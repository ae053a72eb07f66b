"""Asking for a PTC progress report: a Report row first, then the render task enqueued once
the transaction commits (``workplan.reports.tasks.report_enqueue``; the task runs
``workplan.reports.build.report_build``, which never imports this module)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from workplan.plan.models import Meeting
from workplan.reports.content import report_default_cut_off
from workplan.reports.models import Report
from workplan.reports.tasks import report_enqueue

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A report action refused for a reason the user can act on (shown as a message)."""


def report_generate(*, meeting: Meeting, requested_by, title: str = "", agenda_item: str = "",
                    cut_off: dt.date | None = None) -> Report:
    """Queue a new version of the meeting's progress report and return its row (queued).

    ``cut_off`` is the day the report is as of (default: ``report_default_cut_off``, the
    day before the session opens or today if earlier); it is stored on the row, so a
    retry or a later render of that row shows the same plan.

    The version is the meeting's highest + 1 (older versions are kept). Title and agenda
    item default to the previous version's. The render task is enqueued only after the
    transaction commits, so the worker always finds the row; a broker that cannot be
    reached marks the row failed (see ``tasks.report_enqueue``), so read the row's state
    after the commit. Raises ``ReportError`` while another version of this meeting is
    still queued or rendering within its bound (a double click); a stale one (no worker
    on it, see ``Report.is_stale``) never blocks a new version.
    """
    with transaction.atomic():
        # Lock the meeting so two requests cannot both take the same next version number.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = Report.objects.filter(meeting=meeting).order_by("-version").first()
        if latest and latest.is_live:
            raise ReportError(_("Version %(version)s of this report is still being prepared.")
                              % {"version": latest.version})
        report = Report.objects.create(
            meeting=meeting,
            version=(latest.version if latest else 0) + 1,
            title=title or (latest.title if latest else ""),
            agenda_item=agenda_item or (latest.agenda_item if latest else ""),
            cut_off=cut_off or report_default_cut_off(meeting=meeting),
            requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
        )
        transaction.on_commit(lambda: report_enqueue(report.pk))
    return report


def report_retry(*, report: Report, requested_by) -> Report:
    """Put a failed or stale report back in the queue (same version). Raises
    ``ReportError`` when it is ready, or still queued or rendering within its bound."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.can_retry:
            raise ReportError(_("Only a failed report, or one no worker has finished in time, can be retried."))
        report.requeue()
        if getattr(requested_by, "is_authenticated", False):
            report.requested_by = requested_by
            report.save(update_fields=["requested_by"])
        transaction.on_commit(lambda: report_enqueue(report.pk))
    return report
