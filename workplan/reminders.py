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
kind, deadline) with ``bulk_create(ignore_conflicts=True)``; the unique constraint makes
a second row impossible however often beat fires or two workers scan at once (case R1).
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

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intersessional.models import IntersessionalGroup, Participation

from .models import Activity, Membership, Profile, Reminder, Topic, WorkingGroup
from .periods import local_datetime, month_bounds

__all__ = [
    "NO_REMINDER_STATUSES",
    "OVERDUE_EVERY_DAYS",
    "DigestItem",
    "SendResult",
    "activities_changed_in_month",
    "reminder_stage",
    "reminders_create_due",
    "reminders_create_overdue_summary",
    "reminders_pending",
    "reminders_send_due",
    "send_time",
]

logger = logging.getLogger(__name__)

# The issue: overdue reminders "every 14 days until completed, postponed or cancelled".
OVERDUE_EVERY_DAYS = 14
NO_REMINDER_STATUSES = (*Activity.CLOSED_STATUSES, Activity.Status.POSTPONED)
BATCH_SIZE = 5000


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


def _party_users() -> dict[int, list[int]]:
    """``{party_id: [user_id, ...]}`` of users who may receive reminder mail."""
    rows = (Profile.parties.through.objects
            .filter(profile__reminders_opt_out=False, profile__user__is_active=True)
            .exclude(profile__user__email="")
            .values_list("party_id", "profile__user_id"))
    users = defaultdict(list)
    for party_id, user_id in rows.iterator(chunk_size=BATCH_SIZE):
        users[party_id].append(user_id)
    return users


def _due_for_group(group: WorkingGroup, *, now: dt.datetime, at: dt.time):
    """``[(activity_id, topic_id, kind, deadline, due_at)]`` of open activities in ``group``
    whose latest stage is due at ``now``. Computed per distinct last month, not per row."""
    tz = group.tzinfo
    leads = _lead_days(group)
    rows = (Activity.objects.filter(topic__group=group, last_month__isnull=False)
            .exclude(status__in=NO_REMINDER_STATUSES)
            .values_list("id", "topic_id", "last_month").order_by())
    stages = {}
    due = []
    for activity_id, topic_id, last_month in rows.iterator(chunk_size=BATCH_SIZE):
        if last_month not in stages:
            # Same computation as Activity.deadline(), without loading the group per row.
            probe = Activity(last_month=last_month, topic=Topic(group=group))
            deadline = probe.deadline()
            stage = reminder_stage(deadline=deadline, lead_days=leads, now=now, tz=tz, at=at)
            stages[last_month] = (deadline, stage)
        deadline, stage = stages[last_month]
        if stage:
            due.append((activity_id, topic_id, stage[0], deadline, stage[1]))
    return due


def reminders_create_due(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Reminder]:
    """The scan: create the rows of every deadline reminder due at ``now`` (aware; default
    the current time) and not created before. Returns the new rows (unsaved when
    ``dry_run``; with ``dry_run`` nothing is written).

    Queries: a fixed handful per working group plus one INSERT per 5,000 new rows, never
    one per activity. Raises ValueError for a naive ``now``.
    """
    now = _aware(now)
    at = send_time()
    party_users = None
    new_rows = []
    for group in WorkingGroup.objects.order_by("id"):
        due = _due_for_group(group, now=now, at=at)
        if not due:
            continue
        if party_users is None:
            party_users = _party_users()
        due_ids = {d[0] for d in due}
        activity_parties = defaultdict(set)
        for activity_id, party_id in (Activity.parties.through.objects
                                      .filter(activity__topic__group=group)
                                      .values_list("activity_id", "party_id")
                                      .iterator(chunk_size=BATCH_SIZE)):
            if activity_id in due_ids:
                activity_parties[activity_id].add(party_id)
        topic_coordinators = _topic_coordinator_parties(group)
        oldest_due = min(d[4] for d in due)
        # Rows that could collide share (kind, deadline) and hence due_at, so only rows at
        # or after the oldest candidate's due_at need reading: the table's history is not.
        existing = set(Reminder.objects.filter(activity__topic__group=group, due_at__gte=oldest_due)
                       .values_list("activity_id", "recipient_id", "kind", "deadline")
                       .iterator(chunk_size=BATCH_SIZE))
        for activity_id, topic_id, kind, deadline, due_at in due:
            parties = activity_parties.get(activity_id, set()) | topic_coordinators.get(topic_id, set())
            recipients = {u for p in parties for u in party_users.get(p, ())}
            for user_id in recipients:
                if (activity_id, user_id, kind, deadline) in existing:
                    continue
                new_rows.append(Reminder(activity_id=activity_id, recipient_id=user_id, kind=kind,
                                         deadline=deadline, due_at=due_at))
    if not dry_run and new_rows:
        Reminder.objects.bulk_create(new_rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return new_rows


def _topic_coordinator_parties(group: WorkingGroup) -> dict[int, set[int]]:
    """``{topic_id: {party_id}}``: coordinators of the intersessional groups holding a topic."""
    coordinators = defaultdict(set)
    for ig_id, party_id in (Participation.objects
                            .filter(role=Participation.Role.COORDINATOR, group__working_group=group)
                            .values_list("group_id", "party_id")):
        coordinators[ig_id].add(party_id)
    topics = defaultdict(set)
    for topic_id, ig_id in (IntersessionalGroup.topics.through.objects
                            .filter(topic__group=group)
                            .values_list("topic_id", "intersessionalgroup_id")):
        topics[topic_id] |= coordinators.get(ig_id, set())
    return topics


def _secretariat_user_ids(group: WorkingGroup) -> list[int]:
    return list(Membership.objects
                .filter(group=group, role=Membership.Role.SECRETARIAT, user__is_active=True)
                .exclude(user__email="")
                .filter(Q(user__profile__isnull=True) | Q(user__profile__reminders_opt_out=False))
                .values_list("user_id", flat=True))


def reminders_create_overdue_summary(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Reminder]:
    """Create the rows of this week's Secretariat overdue summary: for every group, one
    ``summary-YYYY-Www`` row (ISO week of ``now`` in the group's zone) per overdue open
    activity per Secretariat member. Idempotent within a week. Returns the new rows."""
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
    if not dry_run and new_rows:
        Reminder.objects.bulk_create(new_rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
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

    @property
    def label(self) -> str:
        """Counted from the send time, so a reminder sent late still tells the truth."""
        if self.family == Reminder.BEFORE:
            return ngettext("Deadline in %(days)d day", "Deadline in %(days)d days",
                            self.days_left) % {"days": self.days_left}
        if self.family == Reminder.OVERDUE:
            late = -self.days_left
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
    try:
        path = activity.get_absolute_url()
    except NoReverseMatch:  # before the activity page exists: the work plan, at its row
        path = reverse("workplan:workplan") + f"#activity-{activity.pk}"
    return settings.SITE_URL + path


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


def _digest_message(recipient, items: list[DigestItem], *, now: dt.datetime, connection) -> EmailMultiAlternatives:
    """The digest mail: plain text and HTML bodies listing ``items`` in deadline order."""
    with translation.override(settings.LANGUAGE_CODE):
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
    connection = get_connection(fail_silently=False)
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
                    _digest_message(recipient, items, now=now, connection=connection).send()
                    ids = [i for item in items for i in item.reminder_ids]
                    Reminder.objects.filter(id__in=ids).update(sent_at=stamp)
                    result.messages += 1
                    result.sent_rows += len(ids)
            except (smtplib.SMTPException, OSError) as exc:
                # Rolled back: this recipient's rows stay pending for the next run.
                logger.warning("Reminder digest to user %s failed, will retry: %s", recipient_id, exc)
                result.failed_recipients.append(str(recipient_id))
                connection.close()  # a broken session must not poison the next recipient
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

