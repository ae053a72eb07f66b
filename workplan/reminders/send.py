"""Sending due reminders: one digest per recipient, claimed per recipient (an advisory
lock), its rows locked and marked sent in the transaction that holds them (at-least-once;
see workplan.reminders.services)."""

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workplan.plan.models import Activity, Profile, WorkingGroup
from workplan.plan.language import users_languages
from workplan.plan.periods import month_instants
from workplan.reminders.models import Reminder
from workplan.reminders.schedule import NO_REMINDER_STATUSES, _aware

logger = logging.getLogger("workplan.reminders")


# Consecutive failures of the server itself (not one refused address) that end a run early.
MAX_SERVER_FAILURES = 3
# PostgreSQL advisory lock namespace ("WGEC" as a 32-bit integer, + 1): one lock per recipient.
RECIPIENT_LOCK = 0x57474543 + 1


def recipient_claim(recipient_id: int) -> bool:
    """Claim one recipient's digest for the current transaction; False when another scan
    holds it (skip the recipient: that scan sends all of their items).

    On PostgreSQL a transaction-level advisory lock keyed on the recipient, released at
    commit or rollback (or when a killed scan's connection drops), so two scans never
    split one recipient's items between two digests: whoever holds the claim then locks
    ALL their pending rows. Locking the rows themselves with SKIP LOCKED is not enough:
    two scans locking at the same moment each take part of them. Other databases (SQLite,
    for ``make run``) serialise writers anyway. Must run inside ``transaction.atomic``.
    """
    if db_connection.vendor != "postgresql":
        return True
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [RECIPIENT_LOCK, recipient_id % 2**31])
        return bool(cursor.fetchone()[0])


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
    if activity.status in NO_REMINDER_STATUSES or activity.withdrawn_at is not None:
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
    """The digest mail: plain text and HTML bodies listing ``items`` in deadline order."""
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
                    if not recipient_claim(recipient_id):
                        continue  # another scan is sending this recipient's digest
                    # All of the recipient's pending rows, waiting for any still locked by a
                    # scan that claimed them before us (it commits them sent, or rolls back).
                    rows = list(Reminder.objects.pending(now=now).filter(recipient_id=recipient_id)
                                .select_for_update(of=("self",))
                                .select_related("activity__topic__group", "recipient"))
                    if not rows:
                        continue  # another scan sent them while we waited
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
    """Activities of ``group`` changed during a month of the group's own calendar (23:30 on 31 October in Brussels is October),
    for "changes this month" and the Secretariat summary."""
    start, end = month_instants(group, year, month)
    return Activity.objects.for_group(group).filter(changed_at__gte=start, changed_at__lt=end)
