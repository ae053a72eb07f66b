"""Celery tasks of the work-plan app. A task takes ids, loads rows and calls a service."""

from celery import shared_task


# --- PTC progress reports (issue 5) ----------------------------------------------------

@shared_task(name="workplan.report_render", ignore_result=True)
def report_render(report_id: int) -> None:
    """Render report ``report_id`` to PDF (queued → rendering → ready/failed).

    At most one render per claim (see ``Report.claim``); a message redelivered after a
    worker died re-renders only once the claim is stale.
    """
    from .services import report_build

    report_build(report_id=report_id)
