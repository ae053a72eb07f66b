"""Celery tasks of the work plan app: thin interfaces onto services.

Tasks take plain values (ids, ISO strings), never model instances, and call one
service each. Periodic ones are scheduled by ``manage.py setup_periodic_tasks``.
"""

import datetime as dt

from celery import shared_task

from . import reminders


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


@shared_task(name="workplan.reminders_scan", ignore_result=True)
def reminders_scan(now: str | None = None) -> dict:
    """Every 15 minutes: create the reminder rows now due, then send what is pending.

    Safe to run as often and as concurrently as beat likes (case R1): rows are unique and
    sending locks them. ``now`` replays another instant (ISO 8601 with offset).
    """
    at = _as_of(now)
    created = reminders.reminders_create_due(now=at)
    return _send_and_report(created=created, at=at)


@shared_task(name="workplan.reminders_overdue_summary", ignore_result=True)
def reminders_overdue_summary(now: str | None = None) -> dict:
    """Weekly: the Secretariat's overdue summary rows for this ISO week, then send."""
    at = _as_of(now)
    created = reminders.reminders_create_overdue_summary(now=at)
    return _send_and_report(created=created, at=at)


# --- PTC progress reports (issue 5) ----------------------------------------------------

@shared_task(name="workplan.report_render", ignore_result=True)
def report_render(report_id: int) -> None:
    """Render report ``report_id`` to PDF (queued → rendering → ready/failed).

    At most one render per claim (see ``Report.claim``); a message redelivered after a
    worker died re-renders only once the claim is stale.
    """
    from .services import report_build

    report_build(report_id=report_id)


# --- progress notifications -------------------------------------------------------------

# Seconds before retrying a notification the SMTP server refused (a 4xx "try later", a
# refused recipient, a server down): well under Redis's one-hour visibility timeout
# (case R1); after the last retry the periodic sweep keeps trying.
NOTIFICATION_RETRY_COUNTDOWNS = (5, 30, 120, 600)


@shared_task(bind=True, name="workplan.notifications_send", ignore_result=True,
             max_retries=len(NOTIFICATION_RETRY_COUNTDOWNS))
def notifications_send(self, ids: list[int]) -> dict:
    """Send immediate progress notifications ``ids`` (enqueued after the update commits).

    Rows already sent are skipped, so a retry or a redelivered message never sends twice;
    failed rows are retried (only those) after a growing countdown.
    """
    from . import progress_mail

    result = progress_mail.notifications_send(ids=ids)
    if result.failed and self.request.retries < self.max_retries:
        raise self.retry(args=[result.failed], countdown=NOTIFICATION_RETRY_COUNTDOWNS[self.request.retries])
    return {"messages": result.messages, "void_rows": result.void_rows, "failed": result.failed}


@shared_task(name="workplan.notifications_digest", ignore_result=True)
def notifications_digest(now: str | None = None) -> dict:
    """Daily: one digest per person who chose "once a day", then the sweep of immediate
    notifications left unsent."""
    from . import progress_mail

    at = _as_of(now)
    digests = progress_mail.notifications_send_digests(now=at)
    swept = progress_mail.notifications_sweep(now=at)
    return {"digests": digests.messages, "swept": swept.messages,
            "failed": digests.failed + swept.failed}


@shared_task(name="workplan.notifications_sweep", ignore_result=True)
def notifications_sweep() -> dict:
    """Every 15 minutes: send immediate notifications whose task never ran or gave up."""
    from . import progress_mail

    result = progress_mail.notifications_sweep()
    return {"messages": result.messages, "failed": result.failed}
