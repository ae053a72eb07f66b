"""Celery task of the PTC progress reports: a thin interface onto ``report_build``.

The task takes the report's id, never the row; ``workplan.reports.services`` enqueues it
once the row is committed. Its name is fixed (``workplan.report_render``) so that queued
messages and beat entries survive code moves.
"""

from celery import shared_task

from workplan.reports.build import report_build


@shared_task(name="workplan.report_render", ignore_result=True)
def report_render(report_id: int) -> None:
    """Render report ``report_id`` to PDF (queued → rendering → ready/failed).

    At most one render per claim (see ``Report.claim``); a message redelivered after a
    worker died re-renders only once the claim is stale.
    """
    report_build(report_id=report_id)
