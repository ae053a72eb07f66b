"""Changes to activities between two dates, from django-simple-history (/changes/)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Activity, Topic, WorkingGroup
from workplan.plan.visibility import activity_fields_for, person_label

HistoricalActivity = Activity.history.model


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One saved change of one activity: who, when, and the fields that changed."""

    when: dt.datetime  # aware, in the working group's time zone
    who: str  # person_label: never an e-mail address
    activity_id: int
    activity_label: str
    topic: Topic | None
    kind: str  # "created", "changed" or "deleted"
    fields: list[FieldChange] = field(default_factory=list)


def month_bounds(group: WorkingGroup, on: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of the month containing ``on`` (default: today in the group's
    time zone, so 2018-10-31 23:30 Brussels is still October: case R4)."""
    today = on or group.today()
    first = today.replace(day=1)
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    return first, next_first - dt.timedelta(days=1)


def _display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "status":
        try:
            return str(Activity.Status(value).label)
        except ValueError:
            return str(value)
    return str(value)


def changes_between(*, group: WorkingGroup, start: dt.date, end: dt.date, user, topic: Topic | None = None,
                    intersessional_group=None, page: int | str = 1, per_page: int = 50) -> tuple[Page, list[Change]]:
    """Changes to ``group``'s activities made from ``start`` to ``end`` (both inclusive,
    calendar days in the group's time zone), newest first, paged.

    Returns the page of history rows and the ``Change`` list built from it. Only fields
    ``user`` may see are compared (Secretariat-only fields are left out for others); a
    row whose visible fields did not change is dropped. Queries: a count, the page, and
    the rows before those on the page: constant whatever the number of changes.
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
    names = activity_fields_for(user, group)
    labels = {name: str(Activity._meta.get_field(name).verbose_name) for name in names}
    changes = []
    for rec in records:
        before = previous.get(rec.prev_history_id)
        kind = {"+": "created", "-": "deleted"}.get(rec.history_type, "changed")
        fields = []
        for name in names:
            new = _display(name, getattr(rec, name))
            old = _display(name, getattr(before, name)) if before else ""
            if old != new and (kind != "deleted"):
                fields.append(FieldChange(name=name, label=labels[name], old=old, new=new))
        if kind == "changed" and not fields:
            continue
        changes.append(Change(
            when=timezone.localtime(rec.history_date, tz), who=person_label(rec.history_user), activity_id=rec.id,
            activity_label=f"{rec.topic.number}.{rec.order} {rec.description[:80]}" if rec.topic else str(rec.id),
            topic=rec.topic, kind=kind, fields=fields,
        ))
    return page_obj, changes


def kind_label(kind: str) -> str:
    return {"created": _("created"), "changed": _("changed"), "deleted": _("deleted")}[kind]
