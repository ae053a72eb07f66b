"""Reads that need care: which working groups a user sees, with what prefetching."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from .models import Activity, Topic, WorkingGroup
from .timeline import Timeline, month_label

SESSION_KEY = "working_group_id"


def groups_for_user(*, user) -> QuerySet[WorkingGroup]:
    """Working groups the user may see: all for superusers, else those they belong to.

    A user with no membership sees every group read-only (a delegate of the
    organisation reads all plans); memberships only grant rights, never hide plans.
    """
    return WorkingGroup.objects.all()


def current_group_for(request) -> WorkingGroup | None:
    """The group chosen with the header switcher (kept in the session), else the first
    group the user belongs to, else the first group. None only when no group exists."""
    user = request.user
    groups = groups_for_user(user=user) if user.is_authenticated else WorkingGroup.objects.all()
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if chosen:
        group = groups.filter(pk=chosen).first()
        if group:
            return group
    if user.is_authenticated:
        group = groups.filter(memberships__user=user).order_by("acronym").first()
        if group:
            return group
    return groups.order_by("acronym").first()


# --- Work-plan pages: the plan, the activity list, one activity and its history -------


def current_group(request) -> WorkingGroup | None:
    """The working group the pages show (``request.working_group``), None when none exists."""
    return request.working_group or None  # the middleware's lazy None is falsy: a real None


def activities_for_group(*, group: WorkingGroup | None) -> QuerySet[Activity]:
    """Activities of one working group's plan, with topic and group joined (one query).

    Ordered as the plan lays them out (topic number, then order). An empty queryset when
    ``group`` is None (no working group exists yet).
    """
    if group is None:
        return Activity.objects.none()
    return (Activity.objects.for_group(group)
            .select_related("topic", "topic__group", "changed_by")
            .order_by("topic__number", "order", "pk"))


def workplan_topics(*, group: WorkingGroup | None) -> list[Topic]:
    """The plan as Annex I lays it out: topics by number, each with ``.activities.all()``
    in order (prefetched: two queries whatever the number of activities)."""
    if group is None:
        return []
    activities = Activity.objects.select_related("changed_by").order_by("order", "pk")
    return list(Topic.objects.filter(group=group).order_by("number")
                .prefetch_related(Prefetch("activities", queryset=activities)))


def activity_for_user(*, user, pk: int) -> Activity:
    """One activity of a group the user may see, with topic, group and parties loaded.

    Raises ``Activity.DoesNotExist`` for an unknown id or a group the user may not see.
    """
    return (Activity.objects.filter(topic__group__in=groups_for_user(user=user))
            .select_related("topic", "topic__group", "changed_by")
            .prefetch_related("parties")
            .get(pk=pk))


def timeline_month_labels(timeline: Timeline) -> list[str]:
    """Every month of a timeline, first to last, as "October 2018" (empty if unscheduled)."""
    labels, month = [], timeline.first
    while timeline.scheduled and month <= timeline.last:
        labels.append(month_label(month))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return labels


@dataclass(frozen=True)
class FieldChange:
    """One field of one history entry: labels are translated, values are display text."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One saved version of an activity: who, when, what kind and which fields changed."""

    user: object  # a User or None (imports, shell)
    date: object  # aware datetime
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: list[FieldChange]


# Bookkeeping fields: shown as "who/when" of the entry, not as field changes.
_HISTORY_SKIPPED_FIELDS = {"version", "changed_at", "changed_by", "first_month", "last_month"}


def _display(record, field_name: str) -> str:
    field = Activity._meta.get_field(field_name)
    if field.is_relation:  # the topic: rare, and one query is fine on a detail page
        value = getattr(record, field.name, None)
        return "" if value is None else str(value)
    value = getattr(record, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return "" if value is None else str(value)


def activity_history(*, activity: Activity) -> list[HistoryEntry]:
    """The history of changes to ``activity`` from django-simple-history, newest first.

    Each entry lists the fields that differ from the entry before it (``diff_against``),
    with display values (status labels, not codes). Two queries whatever its length;
    the responsible parties (a many-to-many field) are left out of the diff.
    """
    records = list(activity.history.select_related("history_user").order_by("-history_date", "-history_id"))
    m2m = {f.name for f in Activity._meta.many_to_many}
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=_HISTORY_SKIPPED_FIELDS | m2m)
            for change in sorted(delta.changes, key=lambda c: _FIELD_ORDER.get(c.field, 99)):
                changes.append(FieldChange(
                    field=change.field,
                    label=str(Activity._meta.get_field(change.field).verbose_name),
                    old=_display(older, change.field), new=_display(newer, change.field)))
        entries.append(HistoryEntry(user=newer.history_user, date=newer.history_date,
                                    kind=newer.history_type, changes=changes))
    return entries


_FIELD_ORDER = {name: i for i, name in enumerate(
    ["status", "progress_note", "timeline_text", "tentative", "description", "responsible",
     "remarks", "topic", "order"])}
