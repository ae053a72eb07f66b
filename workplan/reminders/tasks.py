"""Celery tasks of the reminders: thin interfaces onto the scan and the send.

Tasks take plain values (ids, ISO strings), never model instances, and call one
service each. Periodic ones are scheduled by ``manage.py setup_periodic_tasks``.
"""

import datetime as dt

from celery import shared_task

from workplan.reminders import services as reminders


def _as_of(now: str | None) -> dt.datetime | None:
    """An ISO 8601 aware instant, or None for the worker's current time."""
    if not now:
        return None
    value = dt.datetime.fromisoformat(now)
    if value.tzinfo is None:
        raise ValueError(f"now={now!r} must carry a UTC offset.")
    return value


def _send_and_report(*, created: int, at: dt.datetime | None) -> dict:
    """Send every pending reminder and summarise the run for the worker's log."""
    result = reminders.reminders_send_due(now=at)
    return {"created": created, "messages": result.messages, "sent_rows": result.sent_rows,
            "void_rows": result.void_rows, "failed_recipients": result.failed_recipients}


# Scans are acknowledged on receipt (at most once per message): the rows are the truth, and
# a scan killed mid-run is resumed by the next one, 15 minutes later, not by a redelivery
# of this message when the broker's visibility timeout runs out.
@shared_task(name="workplan.reminders_scan", ignore_result=True, acks_late=False)
def reminders_scan(now: str | None = None) -> dict:
    """Every 15 minutes: create the reminder rows now due, then send what is pending.

    Safe to run as often and as concurrently as beat likes (two beats, a redelivered task): rows are unique and
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
