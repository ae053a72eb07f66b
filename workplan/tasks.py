"""Every Celery task of the workplan app, for Celery's autodiscovery (it imports
``workplan.tasks``). The tasks live in their packages; their names are fixed strings
(``workplan.reminders_scan``, ``workplan.report_render``, ...) and do not depend on where
the code sits."""

from workplan.reminders.tasks import reminders_overdue_summary, reminders_scan  # noqa: F401
from workplan.progress.tasks import notifications_digest, notifications_send, notifications_sweep  # noqa: F401
from workplan.reports.tasks import report_render, reports_sweep_task  # noqa: F401
