"""Asking for a PTC progress report: a Report row first, then the render task enqueued once
the transaction commits (the task, in ``workplan.reports.tasks``, runs ``report_build``)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Meeting
from workplan.reports.models import STALE_RENDER_AFTER, Report

logger = logging.getLogger(__name__)

class ReportError(Exception):
    """A report action refused for a reason the user can act on (shown as a message)."""


def _report_enqueue(report_id: int) -> None:
    """Send the render task (called on commit). A broker that cannot be reached must not
    turn the finished request into a 500 or leave the row queued for ever: the row is
    marked failed with the reason, and the Secretariat can retry."""
    from workplan.reports.tasks import report_render

    try:
        report_render.delay(report_id)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.exception("Could not queue report %s.", report_id)
        report = Report.objects.filter(pk=report_id).first()
        if report is not None:
            report.mark_failed(_("The task queue could not be reached (%(error)s); try again later.")
                               % {"error": f"{type(exc).__name__}: {exc}"})


def report_generate(*, meeting: Meeting, requested_by, title: str = "", agenda_item: str = "") -> Report:
    """Queue a new version of the meeting's progress report and return its row (queued).

    The version is the meeting's highest + 1 (older versions are kept). Title and agenda
    item default to the previous version's. The render task is enqueued only after the
    transaction commits, so the worker always finds the row. Raises ``ReportError`` while
    another version of this meeting is still queued or rendering (a double click), unless
    that one has been pending longer than ``STALE_RENDER_AFTER``.
    """
    with transaction.atomic():
        # Lock the meeting so two requests cannot both take the same next version number.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        latest = Report.objects.filter(meeting=meeting).order_by("-version").first()
        if latest and latest.is_pending and latest.requested_at > timezone.now() - STALE_RENDER_AFTER:
            raise ReportError(_("Version %(version)s of this report is still being prepared.")
                              % {"version": latest.version})
        report = Report.objects.create(
            meeting=meeting,
            version=(latest.version if latest else 0) + 1,
            title=title or (latest.title if latest else ""),
            agenda_item=agenda_item or (latest.agenda_item if latest else ""),
            requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
        )
        transaction.on_commit(lambda: _report_enqueue(report.pk))
    return report


def report_retry(*, report: Report, requested_by) -> Report:
    """Put a failed report back in the queue (same version). Raises ``ReportError`` when
    the report has not failed."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != Report.State.FAILED:
            raise ReportError(_("Only a failed report can be retried."))
        report.requeue()
        if getattr(requested_by, "is_authenticated", False):
            report.requested_by = requested_by
            report.save(update_fields=["requested_by"])
        transaction.on_commit(lambda: _report_enqueue(report.pk))
    return report
