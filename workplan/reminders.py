"""Deadline reminders (issue 4): which are due, for whom, and sending them once.

What is due
-----------
An activity's deadline is ``Activity.deadline()``: the end of the last day of its last
timeline month in the working group's time zone (the seed's Annex I "Timeline" cell,
read by ``workplan.timeline``). Unscheduled activities, and activities completed,
cancelled or postponed, get no reminders. For an open scheduled activity:

- ``before-N``: N days before the deadline, for each N in
  ``WorkingGroup.reminder_lead_days`` (default 30 and 7);
- ``overdue-0``: the first day past the deadline, then ``overdue-14``, ``overdue-28``,
  ... every 14 days until the activity is closed or postponed;
- ``summary-YYYY-Www``: once a week, each Secretariat member of the group gets the list of
  the group's overdue activities.

Each reminder is due at ``settings.REMINDER_SEND_TIME`` (default 08:00) local time on its
day, so "7 days before the deadline of an October activity" is 2018-10-25 08:00 Brussels
(deadline 2018-11-01 00:00 Brussels minus 7 calendar days, at 08:00). Only the latest
stage due at scan time is created: an activity added five days before its deadline gets
the 7-day reminder, not a late 30-day one too.

Recipients: the active users with an e-mail address whose profile names one of the
activity's responsible parties (``Activity.parties``), and the users of the coordinator
parties (``Participation(role=coordinator)``) of every intersessional group whose topics
hold the activity. A profile with ``reminders_opt_out`` gets nothing.

Once, and how
-------------
``reminders_create_due`` (the scan) inserts one ``Reminder`` row per (activity, recipient,
kind, deadline) with one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` per working
group; the unique constraint makes a second row impossible however often beat fires or
two workers scan at once (case R1). The time-zone arithmetic stays in Python
(``reminder_stage``, once per distinct last month); SQL only joins activities to parties
to users, so queries do not grow with rows (bench/reminders.py).
A changed timeline changes the deadline, hence the key: what is due is computed afresh,
and unsent rows for the old deadline are voided by the send step, never sent.

``reminders_send_due`` then sends "due and not yet sent" rows (``due_at <= now``, not
"due within the last hour": a scan missed for a day, or the repeated hour of a DST
change, neither loses nor doubles a reminder, case R3). For each recipient it opens a
transaction, locks that recipient's pending rows with ``SELECT ... FOR UPDATE SKIP
LOCKED`` (a second worker skips them instead of sending them again), sends ONE digest,
marks the rows sent and commits. An SMTP failure for one recipient rolls back only that
recipient's transaction: their rows stay unsent and the next scan (15 minutes later)
retries them, while everyone else's are marked.

Delivery guarantee: AT-LEAST-ONCE. The rows are marked in the same transaction that
holds their locks while the message is handed to the SMTP server. A worker killed after
the server accepted a message but before the commit leaves the rows unsent and unlocked,
and the next run sends that digest again. We prefer an occasional duplicate reminder in
that narrow window to a reminder silently lost. A worker killed before sending leaves
the rows for the next run (nothing claimed is ever stranded, since the claim is a lock,
not a flag). Never a long countdown: tasks only ever scan for what is due (case R1).
"""

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intersessional.models import IntersessionalGroup, Participation

from .models import Activity, Membership, Profile, Reminder, Topic, WorkingGroup
from .periods import local_datetime, month_bounds
from .plan.language import users_languages

__all__ = [
    "NO_REMINDER_STATUSES",
    "OVERDUE_EVERY_DAYS",
    "DigestItem",
    "DueReminder",
    "SendResult",
    "activities_changed_in_month",
    "reminder_stage",
    "reminders_create_due",
    "reminders_create_overdue_summary",
    "reminders_pending",
    "reminders_preview_due",
    "reminders_preview_overdue_summary",
    "reminders_send_due",
    "send_time",
]

logger = logging.getLogger(__name__)

# The issue: overdue reminders "every 14 days until completed, postponed or cancelled".
OVERDUE_EVERY_DAYS = 14
NO_REMINDER_STATUSES = tuple(str(s) for s in (*Activity.CLOSED_STATUSES, Activity.Status.POSTPONED))
BATCH_SIZE = 5000
# Consecutive failures of the server itself (not one refused address) that end a run early.
MAX_SERVER_FAILURES = 3


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


class DueReminder(NamedTuple):
    """A reminder row the scan creates (or, in a dry run, would create)."""

    activity_id: int
    recipient_id: int
    kind: str
    deadline: dt.datetime
    due_at: dt.datetime


def _stages_for_group(group: WorkingGroup, *, now: dt.datetime, at: dt.time) -> list[tuple]:
    """``[(last_month, kind, deadline, due_at)]``: the stage due at ``now`` for each distinct
    last month of the group's open activities. The deadline depends on the month only, so
    this is computed for tens of months, not for every activity (the time-zone rules stay
    here in Python; SQL then only joins)."""
    months = (Activity.objects.filter(topic__group=group, last_month__isnull=False)
              .exclude(status__in=NO_REMINDER_STATUSES)
              .order_by().values_list("last_month", flat=True).distinct())
    leads = _lead_days(group)
    stages = []
    for last_month in months:
        deadline = Activity(last_month=last_month, topic=Topic(group=group)).deadline()
        stage = reminder_stage(deadline=deadline, lead_days=leads, now=now, tz=group.tzinfo, at=at)
        if stage:
            stages.append((last_month, stage[0], deadline, stage[1]))
    return stages


def _scan_sql(stages: list[tuple], *, group_id: int, created_at: dt.datetime | None) -> tuple[str, list]:
    """One statement that expands due (activity, stage) pairs to recipients and inserts
    the rows not yet there (or, with ``write=False``, only selects them).

    Recipients are the users of the activity's parties and of the coordinator parties of
    the intersessional groups holding its topic, with an active account, an address, and
    no opt-out. ``NOT EXISTS`` skips known rows cheaply through the unique index;
    ``ON CONFLICT DO NOTHING`` settles a race with a concurrent scan (case R1).
    """
    write = created_at is not None
    ops = connection.ops
    q = ops.quote_name
    pg = connection.vendor == "postgresql"
    as_date = "CAST(%s AS date)" if pg else "%s"
    as_instant = "CAST(%s AS timestamptz)" if pg else "%s"
    values = ", ".join(f"({as_date}, %s, {as_instant}, {as_instant})" for _stage in stages)
    params = []
    for last_month, kind, deadline, due_at in stages:
        params += [ops.adapt_datefield_value(last_month), kind,
                   ops.adapt_datetimefield_value(deadline), ops.adapt_datetimefield_value(due_at)]
    t = {
        "activity": q(Activity._meta.db_table),
        "topic": q(Topic._meta.db_table),
        "activity_parties": q(Activity.parties.through._meta.db_table),
        "ig_topics": q(IntersessionalGroup.topics.through._meta.db_table),
        "participation": q(Participation._meta.db_table),
        "profile_parties": q(Profile.parties.through._meta.db_table),
        "profile": q(Profile._meta.db_table),
        "user": q(get_user_model()._meta.db_table),
        "reminder": q(Reminder._meta.db_table),
    }
    closed = ", ".join(["%s"] * len(NO_REMINDER_STATUSES))
    sql = f"""
        WITH stage (last_month, kind, deadline, due_at) AS (VALUES {values}),
        due AS (
            SELECT a.id AS activity_id, a.topic_id, s.kind, s.deadline, s.due_at
            FROM {t["activity"]} a
            JOIN {t["topic"]} t ON t.id = a.topic_id
            JOIN stage s ON s.last_month = a.last_month
            WHERE t.group_id = %s AND a.status NOT IN ({closed})
        ),
        party AS (
            SELECT d.activity_id, ap.party_id
            FROM due d JOIN {t["activity_parties"]} ap ON ap.activity_id = d.activity_id
            UNION
            SELECT d.activity_id, pa.party_id
            FROM due d
            JOIN {t["ig_topics"]} it ON it.topic_id = d.topic_id
            JOIN {t["participation"]} pa ON pa.group_id = it.intersessionalgroup_id AND pa.role = %s
        ),
        recipient AS (
            SELECT DISTINCT p.activity_id, pr.user_id
            FROM party p
            JOIN {t["profile_parties"]} pp ON pp.party_id = p.party_id
            JOIN {t["profile"]} pr ON pr.id = pp.profile_id
            JOIN {t["user"]} u ON u.id = pr.user_id
            WHERE pr.reminders_opt_out = %s AND u.is_active = %s AND u.email <> ''
        )
    """
    select = f"""
        SELECT r.activity_id, r.user_id, d.kind, d.deadline, d.due_at{", %s, ''" if write else ""}
        FROM recipient r JOIN due d ON d.activity_id = r.activity_id
        WHERE NOT EXISTS (
            SELECT 1 FROM {t["reminder"]} x
            WHERE x.activity_id = r.activity_id AND x.recipient_id = r.user_id
              AND x.kind = d.kind AND x.deadline = d.deadline)
    """
    params += [group_id, *NO_REMINDER_STATUSES, str(Participation.Role.COORDINATOR), False, True]
    if write:
        params.append(ops.adapt_datetimefield_value(created_at))
    else:
        return sql + select + " ORDER BY d.deadline, r.activity_id, r.user_id", params
    insert = (f"INSERT INTO {t['reminder']} (activity_id, recipient_id, kind, deadline, due_at, "
              f"created_at, void_reason) ")
    return sql + insert + select + " ON CONFLICT DO NOTHING", params


def _instant(value) -> dt.datetime:
    # PostgreSQL returns aware datetimes; SQLite returns UTC text.
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.timezone.utc)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.timezone.utc)


def reminders_create_due(*, now: dt.datetime | None = None) -> int:
    """The scan: create the row of every deadline reminder due at ``now`` (aware; default
    the current time) that does not exist yet. Returns the number of rows created.

    Queries: one for the groups, then two per working group (its distinct last months,
    then one INSERT ... SELECT), whatever the number of activities or recipients.
    Raises ValueError for a naive ``now``.
    """
    return _scan(now=now, write=True)


def reminders_preview_due(*, now: dt.datetime | None = None) -> list[DueReminder]:
    """What ``reminders_create_due`` would create at ``now``, in deadline order; writes
    nothing (for ``send_reminders --dry-run``)."""
    return _scan(now=now, write=False)


def _scan(*, now, write: bool):
    now = _aware(now)
    at = send_time()
    created = 0
    preview = []
    for group in WorkingGroup.objects.order_by("id"):
        stages = _stages_for_group(group, now=now, at=at)
        if not stages:
            continue
        sql, params = _scan_sql(stages, group_id=group.pk, created_at=timezone.now() if write else None)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if write:
                count = cursor.rowcount
                if count < 0:  # Python's sqlite3 reports -1 for a statement opening with WITH
                    cursor.execute("SELECT changes()")
                    count = cursor.fetchone()[0]
                created += count
            else:
                preview += [DueReminder(a, r, k, _instant(d), _instant(due)) for a, r, k, d, due in cursor.fetchall()]
    return created if write else preview


def _secretariat_user_ids(group: WorkingGroup) -> list[int]:
    return list(Membership.objects
                .filter(group=group, role=Membership.Role.SECRETARIAT, user__is_active=True)
                .exclude(user__email="")
                .filter(Q(user__profile__isnull=True) | Q(user__profile__reminders_opt_out=False))
                .values_list("user_id", flat=True))


def reminders_create_overdue_summary(*, now: dt.datetime | None = None) -> int:
    """Create the rows of this week's Secretariat overdue summary: for every group, one
    ``summary-YYYY-Www`` row (ISO week of ``now`` in the group's zone) per overdue open
    activity per Secretariat member. Idempotent within a week. Returns the number of new
    rows (a concurrent run may have made some of them: the constraint settles it)."""
    rows = reminders_preview_overdue_summary(now=now)
    Reminder.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(rows)


def reminders_preview_overdue_summary(*, now: dt.datetime | None = None) -> list[Reminder]:
    """The unsaved rows ``reminders_create_overdue_summary`` would create at ``now``."""
    now = _aware(now)
    new_rows = []
    for group in WorkingGroup.objects.order_by("id"):
        secretariat = _secretariat_user_ids(group)
        if not secretariat:
            continue
        year, week, _weekday = now.astimezone(group.tzinfo).isocalendar()
        kind = f"{Reminder.SUMMARY}-{year}-W{week:02d}"
        start_of_month = now.astimezone(group.tzinfo).date().replace(day=1)
        # Overdue <=> the deadline (start of the month after last_month) has passed.
        overdue = (Activity.objects.filter(topic__group=group, last_month__lt=start_of_month)
                   .exclude(status__in=NO_REMINDER_STATUSES).select_related("topic__group"))
        existing = set(Reminder.objects.filter(activity__topic__group=group, kind=kind)
                       .values_list("activity_id", "recipient_id", "deadline"))
        for activity in overdue.iterator(chunk_size=BATCH_SIZE):
            deadline = activity.deadline()
            for user_id in secretariat:
                if (activity.id, user_id, deadline) not in existing:
                    new_rows.append(Reminder(activity_id=activity.id, recipient_id=user_id, kind=kind,
                                             deadline=deadline, due_at=now))
    return new_rows


def reminders_pending(*, now: dt.datetime | None = None):
    """Rows due at ``now`` and neither sent nor void, with activity, group and recipient."""
    return (Reminder.objects.pending(now=_aware(now))
            .select_related("activity__topic__group", "recipient").order_by("recipient_id", "deadline", "id"))


@dataclass
class DigestItem:
    """One activity in a digest: the reminder rows it answers and what to say about it."""

    activity: Activity
    kind: str
    family: str
    days: int | None
    deadline: dt.datetime
    due_at: dt.datetime
    last_day: dt.date
    days_left: int
    url: str
    reminder_ids: list[int] = field(default_factory=list)
    # Filled in the mail's language just before rendering (cheaper than template filters).
    status: str = ""
    last_day_text: str = ""

    @property
    def label(self) -> str:
        """Counted from the send time, so a reminder sent late still tells the truth."""
        if self.family == Reminder.BEFORE:
            return ngettext("Deadline in %(days)d day", "Deadline in %(days)d days",
                            self.days_left) % {"days": self.days_left}
        if self.family == Reminder.OVERDUE:
            late = 1 - self.days_left  # days since the last day: 1 on the first day past
            return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", late) % {"days": late}
        return _("Overdue (weekly summary)")


@dataclass
class SendResult:
    """What one send step did: digests sent, rows marked sent or void, recipients whose
    mail failed (their rows stay unsent for the next run)."""

    messages: int = 0
    sent_rows: int = 0
    void_rows: int = 0
    failed_recipients: list[str] = field(default_factory=list)


def _activity_url(activity: Activity) -> str:
    return settings.SITE_URL + activity.get_absolute_url()


def _void_reason(row: Reminder, opted_out: bool) -> str:
    """Why a pending row must not be sent any more, or "" when it should be."""
    activity = row.activity
    if opted_out or not row.recipient.is_active or not row.recipient.email:
        return "recipient"
    if activity.status in NO_REMINDER_STATUSES:
        return "closed"
    if activity.deadline() != row.deadline:
        return "deadline changed"
    return ""


def _digest_items(rows: list[Reminder], *, opted_out: bool, now: dt.datetime) -> tuple[list[DigestItem], dict[str, list[int]]]:
    """Turn one recipient's locked rows into digest items (one per activity and family,
    the latest stage winning) and the ids to void, by reason."""
    void = defaultdict(list)
    items: dict[tuple[int, str], DigestItem] = {}
    for row in rows:
        reason = _void_reason(row, opted_out)
        if reason:
            void[reason].append(row.id)
            continue
        # Before and overdue stages are one reminder line; the summary is its own.
        family = Reminder.SUMMARY if row.family == Reminder.SUMMARY else "deadline"
        key = (row.activity_id, family)
        item = items.get(key)
        if item is None or row.due_at > item.due_at:
            if item is not None:
                void["superseded"].extend(item.reminder_ids)
            tz = row.activity.topic.group.tzinfo
            deadline_day = row.deadline.astimezone(tz).date()
            items[key] = DigestItem(activity=row.activity, kind=row.kind, family=row.family, days=row.days,
                                    deadline=row.deadline, due_at=row.due_at,
                                    last_day=deadline_day - dt.timedelta(days=1),
                                    days_left=(deadline_day - now.astimezone(tz).date()).days,
                                    url=_activity_url(row.activity), reminder_ids=[row.id])
        else:
            void["superseded"].append(row.id)
    ordered = sorted(items.values(), key=lambda i: (i.family == Reminder.SUMMARY, i.deadline,
                                                    i.activity.topic.group.acronym, i.activity.topic.number,
                                                    i.activity.order))
    return ordered, void


def _digest_message(recipient, items: list[DigestItem], *, now: dt.datetime, connection,
                    language: str | None = None) -> EmailMultiAlternatives:
    """The digest mail: plain text and HTML bodies listing ``items`` in deadline order,
    written in ``language`` (the recipient's; default ``settings.LANGUAGE_CODE``)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        statuses = {value: str(label) for value, label in Activity.Status.choices}
        days = {}
        for item in items:
            item.status = statuses.get(item.activity.status, item.activity.status)
            if item.last_day not in days:
                days[item.last_day] = date_format(item.last_day, "j F Y")
            item.last_day_text = days[item.last_day]
        groups = sorted({i.activity.topic.group.acronym for i in items})
        count = len(items)
        subject = "[%s] %s" % (", ".join(groups), ngettext(
            "Reminder: %(count)d activity deadline", "Reminder: %(count)d activity deadlines", count,
        ) % {"count": count})
        summary_items = [i for i in items if i.family == Reminder.SUMMARY]
        changes = []
        for group in sorted({i.activity.topic.group for i in summary_items}, key=lambda g: g.acronym):
            today = group.today(now)
            changes.append({"group": group, "month": today.replace(day=1),
                            "count": activities_changed_in_month(group=group, year=today.year,
                                                                 month=today.month).count()})
        context = {
            "recipient": recipient,
            "deadline_items": [i for i in items if i.family != Reminder.SUMMARY],
            "summary_items": summary_items,
            "changes_this_month": changes,
            "site_url": settings.SITE_URL,
        }
        text = render_to_string("workplan/email/reminder_digest.txt", context)
        html = render_to_string("workplan/email/reminder_digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def reminders_send_due(*, now: dt.datetime | None = None) -> SendResult:
    """The send step: one digest per recipient with pending rows, each recipient in its
    own transaction (see the module docstring for the locking and the at-least-once
    choice). ``now`` (aware; default the current time) decides what is due; ``sent_at``
    is always the real time. SMTP errors are caught per recipient and reported in the
    result, never raised."""
    now = _aware(now)
    result = SendResult()
    recipient_ids = list(Reminder.objects.pending(now=now).order_by()
                         .values_list("recipient_id", flat=True).distinct())
    if not recipient_ids:
        return result
    opted_out = set(Profile.objects.filter(user_id__in=recipient_ids, reminders_opt_out=True)
                    .values_list("user_id", flat=True))
    languages = users_languages(recipient_ids)
    # A bounded timeout: a hung SMTP server must not hold the rows' locks for ever.
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or 60)
    server_failures = 0
    try:
        for recipient_id in sorted(recipient_ids):
            try:
                with transaction.atomic():
                    rows = list(Reminder.objects.pending(now=now).filter(recipient_id=recipient_id)
                                .select_for_update(skip_locked=True, of=("self",))
                                .select_related("activity__topic__group", "recipient"))
                    if not rows:
                        continue  # another worker holds them
                    items, void = _digest_items(rows, opted_out=recipient_id in opted_out, now=now)
                    stamp = timezone.now()
                    for reason, ids in void.items():
                        Reminder.objects.filter(id__in=ids).update(void_at=stamp, void_reason=reason)
                        result.void_rows += len(ids)
                    if not items:
                        continue
                    recipient = rows[0].recipient
                    if getattr(connection, "connection", "") is None:
                        connection.open()  # one SMTP session for the run, reopened after a failure
                    _digest_message(recipient, items, now=now, connection=connection,
                                    language=languages[recipient_id]).send()
                    ids = [i for item in items for i in item.reminder_ids]
                    Reminder.objects.filter(id__in=ids).update(sent_at=timezone.now())
                    result.messages += 1
                    result.sent_rows += len(ids)
            except (smtplib.SMTPException, OSError) as exc:
                # Rolled back: this recipient's rows stay pending for the next run.
                logger.warning("Reminder digest to user %s failed, will retry: %s", recipient_id, exc)
                result.failed_recipients.append(str(recipient_id))
                connection.close()  # a broken session must not poison the next recipient
                if isinstance(exc, smtplib.SMTPRecipientsRefused):
                    server_failures = 0
                else:
                    server_failures += 1
                    if server_failures >= MAX_SERVER_FAILURES:
                        logger.error("SMTP server failing; leaving the other reminders for the next run.")
                        break
            else:
                server_failures = 0
    finally:
        connection.close()
    return result


def activities_changed_in_month(*, group: WorkingGroup, year: int, month: int):
    """Activities of ``group`` changed during a month of the group's own calendar (case R4),
    for "changes this month" and the Secretariat summary."""
    start, end = month_bounds(group, year, month)
    return Activity.objects.for_group(group).filter(changed_at__gte=start, changed_at__lt=end)


def _aware(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return timezone.now()
    if timezone.is_naive(now):
        raise ValueError("Reminder times must be timezone-aware (case R2); got a naive datetime.")
    return now

