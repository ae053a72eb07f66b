"""Celery tasks of the work plan app: thin interfaces onto services.

Tasks take plain values (ids, ISO strings), never model instances, and call one
service each. Periodic ones are scheduled by ``manage.py setup_periodic_tasks``.

Imports point one way: services send these tasks; the tasks call ``reminders`` and
``report_jobs``, which never import services or this module.
"""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from . import reminders
from .models import Report
from .report_jobs import report_build, reports_sweep

logger = logging.getLogger(__name__)


def _as_of(now: str | None) -> dt.datetime | None:
    """An ISO 8601 aware instant, or None for the worker's current time."""
    if not now:
        return None
    value = dt.datetime.fromisoformat(now)
    if value.tzinfo is None:
        raise ValueError(f"now={now!r} must carry a UTC offset (case R2).")
    return value


def _send_and_report(*, created: int, at: dt.datetime | None) -> dict:
    """Send every pending reminder and summarise the run for the worker's log."""
    result = reminders.reminders_send_due(now=at)
    return {"created": created, "messages": result.messages, "sent_rows": result.sent_rows,
            "void_rows": result.void_rows, "failed_recipients": result.failed_recipients}


# Scans are acknowledged on receipt (at most once per message): the rows are the truth, and a
# scan killed mid-run is resumed by the next one, 15 minutes later, not by a redelivery
# of this message when the broker's visibility timeout runs out.
@shared_task(name="workplan.reminders_scan", ignore_result=True, acks_late=False)
def reminders_scan(now: str | None = None) -> dict:
    """Every 15 minutes: create the reminder rows now due, then send what is pending.

    Safe to run as often and as concurrently as beat likes (case R1): rows are unique and
    sending locks them. ``now`` replays another instant (ISO 8601 with offset).
    """
    at = _as_of(now)
    created = reminders.reminders_create_due(now=at)
    return _send_and_report(created=created, at=at)


@shared_task(name="workplan.reminders_overdue_summary", ignore_result=True, acks_late=False)
def reminders_overdue_summary(now: str | None = None) -> dict:
    """Weekly: the Secretariat's overdue summary rows for this ISO week, then send."""
    at = _as_of(now)
    created = reminders.reminders_create_overdue_summary(now=at)
    return _send_and_report(created=created, at=at)


# --- PTC progress reports ----------------------------------------------------------------

def report_enqueue(report_id: int) -> bool:
    """Send the render of ``report_id`` to the workers and stamp ``enqueued_at``; True
    when sent. A broker that cannot be reached must not turn a finished request into a
    500 or leave the row queued for ever: the row is marked failed with the reason (the
    Secretariat can retry) and False is returned."""
    try:
        report_render.delay(report_id)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.exception("Could not queue report %s.", report_id)
        report = Report.objects.filter(pk=report_id).first()
        if report is not None:
            report.mark_failed(_("The task queue could not be reached (%(error)s); try again later.")
                               % {"error": f"{type(exc).__name__}: {exc}"})
        return False
    Report.objects.filter(pk=report_id, state=Report.State.QUEUED).update(enqueued_at=timezone.now())
    return True


# Acknowledged late and rejected when the worker is lost (settings), so a pool process killed
# mid-render hands the message back at once; time limits: CELERY_TASK_ANNOTATIONS.
@shared_task(name="workplan.report_render", ignore_result=True, bind=True, acks_late=True,
             reject_on_worker_lost=True)
def report_render(self, report_id: int) -> None:
    """Render report ``report_id`` to PDF (queued → rendering → ready/failed).

    At most one render per claim (see ``Report.claim``); a message handed back after its
    process died takes its own claim over.
    """
    report_build(report_id=report_id, task_id=self.request.id or "")


@shared_task(name="workplan.reports_sweep", ignore_result=True, acks_late=False)
def reports_sweep_task(now: str | None = None) -> dict:
    """Every few minutes (beat): repair reports pending past their bound and delete
    orphan files (``report_jobs.reports_sweep``); send lost renders again."""
    result = reports_sweep(now=_as_of(now))
    sent = [report_id for report_id in result.resend if report_enqueue(report_id)]
    return {"sent_again": sent, "failed": result.failed, "orphans": len(result.orphans)}
