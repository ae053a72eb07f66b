"""When a deadline reminder is due: the stages before and after an activity's deadline,
in the working group's time zone (see workplan.reminders.services for the whole design)."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from workplan.plan.models import Activity, WorkingGroup
from workplan.plan.periods import local_datetime
from workplan.reminders.models import Reminder

logger = logging.getLogger("workplan.reminders")



# Overdue reminders go out "every 14 days until completed, postponed or cancelled".
OVERDUE_EVERY_DAYS = 14


NO_REMINDER_STATUSES = tuple(str(s) for s in (*Activity.CLOSED_STATUSES, Activity.Status.POSTPONED))


def send_time() -> dt.time:
    """``settings.REMINDER_SEND_TIME`` ("HH:MM", local to each group; default 08:00).

    Raises ImproperlyConfigured for anything else.
    """
    raw = getattr(settings, "REMINDER_SEND_TIME", "08:00")
    try:
        return dt.time.fromisoformat(raw)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"REMINDER_SEND_TIME={raw!r} is not a time like 08:00.") from None


def _lead_days(group: WorkingGroup) -> list[int]:
    """The group's positive lead days, largest first; bad entries are ignored, not fatal,
    so one mistyped group cannot stop everyone's reminders."""
    days = set()
    for value in group.reminder_lead_days or []:
        try:
            n = int(value)
        except (TypeError, ValueError):
            logger.warning("Ignoring reminder lead day %r of %s", value, group)
            continue
        if n > 0:
            days.add(n)
    return sorted(days, reverse=True)


def reminder_stage(*, deadline: dt.datetime, lead_days: list[int], now: dt.datetime,
                   tz, at: dt.time) -> tuple[str, dt.datetime] | None:
    """The latest reminder due at ``now`` for a deadline, as ``(kind, due_at)``, or None.

    ``deadline`` and ``now`` are aware; ``tz`` is the group's zone, ``at`` the local send
    time. ``before-N`` is due at ``at`` on the local date N days before the deadline's
    date, ``overdue-K`` (K = 0, 14, 28, ...) at ``at`` K days after it.
    """
    deadline_day = deadline.astimezone(tz).date()
    first_overdue = local_datetime(deadline_day, at, tz)
    if now >= first_overdue:
        days_past = (now.astimezone(tz).date() - deadline_day).days
        k = days_past // OVERDUE_EVERY_DAYS * OVERDUE_EVERY_DAYS
        due = local_datetime(deadline_day + dt.timedelta(days=k), at, tz)
        if due > now:  # today's stage is later today
            k -= OVERDUE_EVERY_DAYS
            due = local_datetime(deadline_day + dt.timedelta(days=k), at, tz)
        return f"{Reminder.OVERDUE}-{k}", due
    if now >= deadline:
        return None  # between midnight and the send time of the first day past
    latest = None
    for n in lead_days:  # largest first, so the last one due wins
        due = local_datetime(deadline_day - dt.timedelta(days=n), at, tz)
        if due <= now:
            latest = (f"{Reminder.BEFORE}-{n}", due)
    return latest


def _aware(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return timezone.now()
    if timezone.is_naive(now):
        raise ValueError("Reminder times must be timezone-aware (a naive time has no working group's zone); got a naive datetime.")
    return now


def _instant(value) -> dt.datetime:
    # PostgreSQL returns aware datetimes; SQLite returns UTC text.
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.timezone.utc)
