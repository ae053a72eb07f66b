"""The scan: one Reminder row per (activity, recipient, kind, deadline) that is due, written
with one INSERT ... SELECT ... ON CONFLICT DO NOTHING per working group, and the weekly
overdue summary rows for the Secretariat."""

import datetime as dt
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from intersessional.models import IntersessionalGroup, Participation
from workplan.plan.models import Activity, Membership, Profile, Topic, WorkingGroup
from workplan.reminders.models import Reminder
from workplan.reminders.schedule import (
    NO_REMINDER_STATUSES,
    _aware,
    _instant,
    _lead_days,
    reminder_stage,
    send_time,
)

BATCH_SIZE = 5000
# PostgreSQL advisory lock namespace ("WGEC" as a 32-bit integer): one lock per working group.
GROUP_SCAN_LOCK = 0x57474543


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
    months = (Activity.objects.filter(topic__group=group, last_month__isnull=False, withdrawn_at__isnull=True)
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
    the intersessional groups holding its topic (the ``party`` step: the coordinator rule
    of ``workplan.plan.rules.coordinated_activity_ids``, written again in SQL so that one
    statement serves a whole group; change both together, and
    tests/workplan/reminders/test_coordinator_rule.py holds them equal), with an active
    account, an address, and no opt-out. ``NOT EXISTS`` skips known rows cheaply through the unique index;
    ``ON CONFLICT DO NOTHING`` settles a race with a concurrent scan (a second beat or worker).
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
            WHERE t.group_id = %s AND a.status NOT IN ({closed}) AND a.withdrawn_at IS NULL
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
        with transaction.atomic(), connection.cursor() as cursor:
            if write and connection.vendor == "postgresql":
                # One scan inserts a group's rows at a time: two concurrent INSERT ... SELECTs
                # would each commit part of a recipient's rows (or deadlock on each other's).
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [GROUP_SCAN_LOCK, group.pk % 2**31])
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
        # Overdue as the pages say it (Activity.is_overdue) on the group's date, less the
        # postponed ones: postponing an activity stops its reminders, this summary included.
        overdue = (Activity.objects.filter(topic__group=group).overdue(on=group.today(now))
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
