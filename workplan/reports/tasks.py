"""Celery tasks of the PTC progress reports: thin interfaces onto ``build`` and ``sweep``.

Tasks take ids, never rows; ``workplan.reports.services`` calls ``report_enqueue`` once
the row is committed. Names are fixed strings (``workplan.report_render``,
``workplan.reports_sweep``) so that queued messages and beat entries survive code moves.
Imports point one way: services import this module; ``build`` and ``sweep`` import
neither.
"""

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.reports.build import report_build
from workplan.reports.models import Report
from workplan.reports.sweep import reports_sweep

logger = logging.getLogger(__name__)


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


# Acknowledged late and rejected when its worker is lost, so a pool process killed
# mid-render hands the message back at once; time limits: settings.CELERY_TASK_ANNOTATIONS.
@shared_task(name="workplan.report_render", ignore_result=True, bind=True, acks_late=True,
             reject_on_worker_lost=True)
def report_render(self, report_id: int) -> None:
    """Render report ``report_id`` to PDF (queued → rendering → ready/failed).

    At most one render per claim (see ``Report.claim``); a message handed back after its
    process died takes its own claim over.
    """
    report_build(report_id=report_id, task_id=self.request.id or "")


# Acknowledged on receipt: a sweep lost with its worker is simply the next one's work.
@shared_task(name="workplan.reports_sweep", ignore_result=True, acks_late=False)
def reports_sweep_task(now: str | None = None) -> dict:
    """Every few minutes (beat): repair reports pending past their bound, delete orphan
    files (``sweep.reports_sweep``) and send lost renders again. ``now`` replays another
    instant (ISO 8601 with offset)."""
    at = dt.datetime.fromisoformat(now) if now else None
    if at is not None and at.tzinfo is None:
        raise ValueError(f"now={now!r} must carry a UTC offset.")
    result = reports_sweep(now=at)
    sent = [report_id for report_id in result.resend if report_enqueue(report_id)]
    return {"sent_again": sent, "failed": result.failed, "orphans": len(result.orphans)}
