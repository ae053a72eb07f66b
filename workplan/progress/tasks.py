"""Celery tasks of the progress loop: thin interfaces onto ``workplan.progress.mail``.

``notifications_send`` is enqueued by ``workplan.progress.notify`` after the update's
transaction commits; ``notifications_digest`` (daily) and ``notifications_sweep`` (every
15 minutes) are scheduled by ``manage.py setup_periodic_tasks``. Tasks take ids and ISO
strings, never model instances.
"""

import datetime as dt

from celery import shared_task

from workplan.progress import mail

# Seconds before retrying a notification the SMTP server refused (a 4xx "try later", a
# refused recipient, a server down): well under Redis's one-hour visibility timeout
# (case R1); after the last retry the periodic sweep keeps trying.
RETRY_COUNTDOWNS = (5, 30, 120, 600)


@shared_task(bind=True, name="workplan.notifications_send", ignore_result=True, max_retries=len(RETRY_COUNTDOWNS))
def notifications_send(self, ids: list[int]) -> dict:
    """Send immediate progress notifications ``ids``.

    Rows already sent are skipped, so a retry or a redelivered message never sends twice;
    only the rows that failed are retried, after a growing countdown.
    """
    result = mail.notifications_send(ids=ids)
    if result.failed and self.request.retries < self.max_retries:
        raise self.retry(args=[result.failed], countdown=RETRY_COUNTDOWNS[self.request.retries])
    return {"messages": result.messages, "void_rows": result.void_rows, "failed": result.failed}


@shared_task(name="workplan.notifications_digest", ignore_result=True)
def notifications_digest(now: str | None = None) -> dict:
    """Daily: one digest per person who chose "once a day", then the sweep. ``now``
    (ISO 8601 with an offset) replays another instant."""
    at = None
    if now:
        at = dt.datetime.fromisoformat(now)
        if at.tzinfo is None:
            raise ValueError(f"now={now!r} must carry a UTC offset (case R2).")
    digests = mail.notifications_send_digests(now=at)
    swept = mail.notifications_sweep(now=at)
    return {"digests": digests.messages, "swept": swept.messages, "failed": digests.failed + swept.failed}


@shared_task(name="workplan.notifications_sweep", ignore_result=True)
def notifications_sweep() -> dict:
    """Every 15 minutes: send immediate notifications whose task never ran or gave up."""
    result = mail.notifications_sweep()
    return {"messages": result.messages, "failed": result.failed}
