"""The history of activities, from django-simple-history: the one comparison of two saved
versions (``field_changes``) and the three readings built on it: one activity's history
(its page), the changes between two dates (/changes/), and the status changes and
progress notes of a period (the PDF progress report).

People are named with ``person_name`` everywhere, never by e-mail address.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from workplan.plan.models import Activity, Topic, WorkingGroup
from workplan.plan.visibility import (
    SECRETARIAT_ONLY_ACTIVITY_FIELDS,
    activity_fields_for,
    can_see_secret_fields,
    person_name,
)
from workplan.progress.models import ProgressEntry

HistoricalActivity = Activity.history.model


@dataclass(frozen=True)
class FieldChange:
    """One field of one saved change: ``label`` translated, ``old``/``new`` display text."""

    field: str
    label: str
    old: str
    new: str


def display_value(record, field_name: str) -> str:
    """The value of ``field_name`` on ``record`` (an activity or a historical record) as
    people read it: a status label rather than its code, "yes"/"no", the topic's title;
    "" for None."""
    model_field = Activity._meta.get_field(field_name)
    if model_field.is_relation:  # the topic: rare, and one query is fine when it moved
        value = getattr(record, model_field.name, None)
        return "" if value is None else str(value)
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "" if value is None else str(value)


def field_changes(older, newer, *, fields: Iterable[str]) -> list[FieldChange]:
    """The fields among ``fields`` (names, in the order wanted) whose display value differs
    between two saved versions of one activity, ``older`` first; ``older`` None compares
    with an empty activity (every filled field of ``newer`` is new). The one diff of
    activity versions: the activity page, /changes/ and the PDF report all use it."""
    changes = []
    for name in fields:
        attname = Activity._meta.get_field(name).attname
        if older is not None and getattr(older, attname) == getattr(newer, attname):
            continue
        old = display_value(older, name) if older is not None else ""
        new = display_value(newer, name)
        if old != new:
            changes.append(FieldChange(field=name, label=str(Activity._meta.get_field(name).verbose_name),
                                       old=old, new=new))
    return changes


# --- one activity's history (its page) -------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version of an activity: who, when, what kind and which fields changed."""

    user: object  # a User or None (imports, shell)
    date: object  # aware datetime
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: list[FieldChange]
    reason: str = ""  # simple-history's change reason, e.g. the importer's source file
    # "reported by <coordinator> (<party>), accepted by <Secretariat member>" when the
    # change was an accepted progress update (the progress log entry written with it).
    attribution: str = ""


# Bookkeeping fields: shown as "who/when" of the entry, not as field changes (a user
# shown as a value could be an e-mail address); the first and last month are read from
# the timeline text, which is shown.
_HISTORY_SKIPPED_FIELDS = {"version", "changed_at", "changed_by", "first_month", "last_month", "withdrawn_by"}
_FIELD_ORDER = {name: i for i, name in enumerate(
    ["status", "progress_note", "timeline_text", "tentative", "description", "responsible",
     "remarks", "topic", "order"])}


def _page_fields(user, activity: Activity) -> list[str]:
    """The fields an activity's history compares for ``user``, most read first."""
    skipped = set(_HISTORY_SKIPPED_FIELDS)
    if not can_see_secret_fields(user, activity):
        skipped |= SECRETARIAT_ONLY_ACTIVITY_FIELDS
    names = [f.name for f in Activity._meta.concrete_fields if not f.primary_key and f.name not in skipped]
    return sorted(names, key=lambda name: _FIELD_ORDER.get(name, 99))  # stable: model order after


def activity_history(*, activity: Activity, user=None) -> list[HistoryEntry]:
    """The history of changes to ``activity`` from django-simple-history, newest first.

    Each entry lists the fields that differ from the entry before it (``field_changes``),
    with display values (status labels, not codes), and says who reported an accepted
    progress update (``attribution``). Three queries whatever its length;
    the responsible parties (a many-to-many field) are left out of the diff, and so are
    Secretariat-only fields (workplan/plan/visibility.py) unless ``user`` may see them.
    """
    records = list(activity.history.select_related("history_user").order_by("-history_date", "-history_id"))
    reported = ProgressEntry.objects.reported_by_history([r.history_id for r in records])
    fields = _page_fields(user, activity)
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        changes = field_changes(older, newer, fields=fields) if older is not None else []
        entry = reported.get(newer.history_id)
        entries.append(HistoryEntry(user=newer.history_user, date=newer.history_date,
                                    kind=newer.history_type, changes=changes,
                                    reason=newer.history_change_reason or "",
                                    attribution=entry.attribution() if entry else ""))
    return entries


# --- changes between two dates (/changes/) -------------------------------------------


@dataclass
class Change:
    """One saved change of one activity: who, when, and the fields that changed."""

    when: dt.datetime  # aware, in the working group's time zone
    who: str  # person_name: never an e-mail address
    activity_id: int
    activity_label: str
    topic: Topic | None
    kind: str  # "created", "changed" or "deleted"
    fields: list[FieldChange] = field(default_factory=list)


def changes_between(*, group: WorkingGroup, start: dt.date, end: dt.date, user, topic: Topic | None = None,
                    intersessional_group=None, page: int | str = 1, per_page: int = 50) -> tuple[Page, list[Change]]:
    """Changes to ``group``'s activities made from ``start`` to ``end`` (both inclusive,
    calendar days in the group's time zone), newest first, paged.

    Returns the page of history rows and the ``Change`` list built from it. Only fields
    ``user`` may see are compared (Secretariat-only fields are left out for others); a
    row whose visible fields did not change is dropped. An accepted progress update is
    attributed "reported by <coordinator> (<party>), accepted by <Secretariat member>".
    Queries: a count, the page, the rows before those on the page and the progress log
    entries of the page's rows: constant whatever the number of changes.
    """
    tz = group.tzinfo
    since = dt.datetime.combine(start, dt.time(0, 0), tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    earlier = HistoricalActivity.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id")) \
        .order_by("-history_id").values("history_id")[:1]
    rows = (
        HistoricalActivity.objects.filter(topic__group=group, history_date__gte=since, history_date__lt=until)
        .select_related("history_user", "topic")
        .annotate(prev_history_id=Subquery(earlier))
        .order_by("-history_date", "-history_id")
    )
    if topic is not None:
        rows = rows.filter(topic=topic)
    if intersessional_group is not None:
        rows = rows.filter(topic__intersessional_groups=intersessional_group)
    page_obj = Paginator(rows, per_page).get_page(page)
    records = list(page_obj.object_list)
    prev_ids = [r.prev_history_id for r in records if r.prev_history_id]
    previous = {p.history_id: p for p in HistoricalActivity.objects.filter(history_id__in=prev_ids)} \
        if prev_ids else {}
    reported = ProgressEntry.objects.reported_by_history([r.history_id for r in records])
    names = activity_fields_for(user, group)
    changes = []
    for rec in records:
        before = previous.get(rec.prev_history_id)
        kind = {"+": "created", "-": "deleted"}.get(rec.history_type, "changed")
        fields = field_changes(before, rec, fields=names) if kind != "deleted" else []
        if kind == "changed" and not fields:
            continue
        changes.append(Change(
            when=timezone.localtime(rec.history_date, tz),
            who=reported[rec.history_id].attribution() if rec.history_id in reported else person_name(rec.history_user, viewer=user),
            activity_id=rec.id,
            activity_label=f"{rec.topic.number}.{rec.order} {rec.description[:80]}" if rec.topic else str(rec.id),
            topic=rec.topic, kind=kind, fields=fields,
        ))
    return page_obj, changes


# --- status changes and progress notes of a period (the PDF progress report) -----------


@dataclass
class ReportedChange:
    """One line of a report's "Changes since the previous session": one saved change of an
    activity that moved its status (``old_status`` → ``new_status``, labels) and/or gave
    it a new progress note (``note``); empty strings for what did not change."""

    when: dt.datetime  # aware, in the working group's time zone
    activity: Activity
    old_status: str = ""
    new_status: str = ""
    note: str = ""
    by: str = ""  # person_name of who saved it, or who reported and accepted it; "" when nobody is recorded
    history_id: int = 0  # the history record, to find who reported an accepted update


def status_and_note_changes(*, activities: dict[int, Activity], since: dt.datetime | None,
                            until: dt.datetime, tz) -> list[ReportedChange]:
    """Status changes and new progress notes of ``activities`` ({id: activity}) saved in
    [``since``, ``until``) (aware; ``since`` None: from the start), oldest first: a
    session's cut-off is the end of a day, so one period ends exactly where the next begins.

    Compares each historical record with the one before it for the same activity
    (``field_changes``), so a status change is reported even when the earlier record is
    older than the period. Creation records are not changes: a plan loaded after the
    previous session would otherwise list every note it was loaded with. Times are in
    ``tz`` (the working group's zone: 23:30 on 31 October in Brussels is October).
    Streams the history (a 2,000-activity plan has tens of thousands of records): one
    query for it, one for the people named and one for the progress log's attributions.
    """
    history = (HistoricalActivity.objects
               .filter(id__in=activities.keys(), history_date__lt=until)
               .only("id", "history_id", "history_date", "status", "progress_note", "history_user_id",
                     "history_type")
               .order_by("id", "history_date", "history_id"))
    changes, previous = [], None
    for record in history.iterator(chunk_size=2000):
        older = previous if previous is not None and previous.id == record.id else None
        previous = record
        if record.history_type == "+" or (since is not None and record.history_date < since):
            continue
        moved = {c.field: c for c in field_changes(older, record, fields=("status", "progress_note"))}
        status = moved.get("status") if older is not None else None
        note = record.progress_note if "progress_note" in moved else ""
        if status or note:
            changes.append(ReportedChange(
                timezone.localtime(record.history_date, tz), activities[record.id],
                old_status=status.old if status else "", new_status=status.new if status else "",
                note=note, by=record.history_user_id, history_id=record.history_id))
    user_ids = {c.by for c in changes if c.by is not None}
    names = {u.pk: person_name(u) for u in get_user_model().objects.filter(pk__in=user_ids)} if user_ids else {}
    # An accepted progress update names who reported it and who accepted it.
    reported = ProgressEntry.objects.reported_by_history([c.history_id for c in changes])
    for change in changes:
        entry = reported.get(change.history_id)
        change.by = entry.attribution() if entry else names.get(change.by, "")
    changes.sort(key=lambda c: (c.when, c.activity.topic.number, c.activity.order))
    return changes
