"""The work plan as it stood at the end of a past day, read from django-simple-history.

Every change of an activity (status, timeline, texts, parties, withdrawal), of a
standard tag and of an intersessional group's members and topics is a history row
(``Activity.history``, ``StandardTag.history`` (workplan.framework), ``Participation.history``,
``IntersessionalGroup.history``). The plan at a moment is, for each object, its latest
history row written before that moment, unless that row records its deletion.

One query reads those rows whatever their number: on PostgreSQL ``DISTINCT ON (id)``
ordered by date, elsewhere (SQLite under ``make run``) ``NOT EXISTS`` a later row of the
same object; both are a subquery of the same outer query, so filters, sorting, paging
and exports apply to past rows in SQL as they do to current ones.

The rows returned are historical activities: they have every field of ``Activity``
and its rules (``timeline``, ``is_overdue``, ``get_absolute_url``: ``ActivityRules``),
so the existing tables and templates render them. Their ``pk`` is the history row's;
``id`` is the activity's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from workplan.plan.models import Activity, Topic, WorkingGroup

HistoricalActivity = Activity.history.model
HistoricalActivityParties = HistoricalActivity._meta.get_field("historicalactivity_parties").related_model

_ISO_DATE_LENGTH = 10


def day_end(group: WorkingGroup, day: dt.date) -> dt.datetime:
    """The end of ``day`` in ``group``'s time zone: midnight starting the next day
    (aware). Rows written before it (strictly) belong to the day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=group.tzinfo)


@dataclass(frozen=True)
class AsOf:
    """A past view: the plan of ``group`` at the end of ``day`` (``cut_off``, exclusive).

    ``plan_started`` is when the group's first activity was recorded (None: never);
    ``before_plan`` is true when ``day`` ends before that.
    """

    group: WorkingGroup
    day: dt.date
    cut_off: dt.datetime
    plan_started: dt.datetime | None

    @property
    def before_plan(self) -> bool:
        return self.plan_started is None or self.cut_off <= self.plan_started

    @property
    def plan_started_day(self) -> dt.date | None:
        return self.group.today(self.plan_started) if self.plan_started else None


def as_of_for(*, group: WorkingGroup | None, raw: str | None, today: dt.date | None = None) -> AsOf | None:
    """The past view asked for by ``?as_of=YYYY-MM-DD``, or None for the live plan
    (absent or blank, today or a later day: nothing after today is recorded yet).

    Raises ValueError with a message for anyone to read (not a date, no such day, a
    year outside 1900-9000). One query (when the plan started) for a past day.
    """
    if group is None or raw is None or not raw.strip():
        return None
    day = parse_day(raw)
    if day >= (today or group.today()):
        return None
    started = (HistoricalActivity.objects.filter(topic__group=group)
               .aggregate(first=Min("history_date"))["first"])
    return AsOf(group=group, day=day, cut_off=day_end(group, day), plan_started=started)


def parse_day(raw: str) -> dt.date:
    """"2018-10-31" as a date. Raises ValueError with the reason (see ``as_of_for``)."""
    value = raw.strip()
    if len(value) != _ISO_DATE_LENGTH or value[4] != "-" or value[7] != "-" \
            or not (value[:4] + value[5:7] + value[8:]).isdigit():
        raise ValueError(_("“%(value)s” is not a date of the form YYYY-MM-DD.") % {"value": value[:40]})
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("There is no such day as %(value)s.") % {"value": value}) from None
    if not 1900 <= day.year <= 9000:
        raise ValueError(_("Choose a date between the years 1900 and 9000."))
    return day


def latest_rows(history: QuerySet, *, cut_off: dt.datetime, scope: Q | None = None) -> QuerySet:
    """Of a django-simple-history queryset, each object's latest row written before
    ``cut_off`` (ties in date broken by the later row), deleted objects left out.

    ``scope`` narrows the rows looked at (e.g. one working group) before the latest is
    taken. One subquery: DISTINCT ON on PostgreSQL, NOT EXISTS a later row elsewhere.
    """
    model = history.model
    upto = model.objects.filter(history_date__lt=cut_off)
    if scope is not None:
        upto = upto.filter(scope)
    if connection.vendor == "postgresql":
        latest = upto.order_by("id", "-history_date", "-history_id").distinct("id").values("history_id")
        rows = history.filter(history_id__in=latest)
    else:
        later = upto.filter(id=OuterRef("id")).filter(
            Q(history_date__gt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")))
        rows = history.filter(history_date__lt=cut_off).exclude(Exists(later))
        if scope is not None:
            rows = rows.filter(scope)
    return rows.exclude(history_type="-")


def activities_as_of(*, group: WorkingGroup, cut_off: dt.datetime) -> QuerySet:
    """``group``'s activities as they stood just before ``cut_off``: historical activity
    rows, topic and working group joined, in plan order (topic number, order, id).
    Activities created later are absent; withdrawn later, present as they were."""
    return (latest_rows(HistoricalActivity.objects.all(), cut_off=cut_off, scope=Q(topic__group=group))
            .select_related("topic", "topic__group")
            .order_by("topic__number", "order", "id"))


def activity_ids_with_party(*, party, rows: QuerySet) -> QuerySet:
    """History row ids among ``rows`` whose parties (as recorded then) include ``party``."""
    return HistoricalActivityParties.objects.filter(party=party, history__in=rows.values("history_id")) \
        .values("history_id")


def topics_as_of(*, topics: QuerySet[Topic], cut_off: dt.datetime, limit: int) -> list[Topic]:
    """``topics`` (a queryset, in the order wanted) each with ``activity_count`` and,
    readable as ``topic.activities.all``, its first ``limit`` activities as they stood
    just before ``cut_off``, in plan order. Two queries whatever the number of rows.

    The past rows are put where ``prefetch_related`` puts its results, so the plan and
    group templates render them unchanged.
    """
    topics = list(topics)
    by_id = {t.pk: t for t in topics}
    rank = Window(RowNumber(), partition_by=F("topic_id"), order_by=[F("order").asc(), F("id").asc()])
    count = Window(Count("history_id"), partition_by=F("topic_id"))
    rows = (latest_rows(HistoricalActivity.objects.filter(topic_id__in=list(by_id)), cut_off=cut_off,
                        scope=Q(topic_id__in=list(by_id)))
            .annotate(plan_rank=rank, topic_total=count).filter(plan_rank__lte=limit)
            .order_by("topic_id", "order", "id"))
    shown: dict[int, list] = {pk: [] for pk in by_id}
    totals: dict[int, int] = {}
    for row in rows:
        totals[row.topic_id] = row.topic_total
        row.topic = by_id[row.topic_id]
        shown[row.topic_id].append(row)
    for topic in topics:
        topic.activity_count = totals.get(topic.pk, 0)
        if not hasattr(topic, "_prefetched_objects_cache"):
            topic._prefetched_objects_cache = {}
        topic._prefetched_objects_cache["activities"] = shown[topic.pk]
    return topics


def as_of_from_request(request) -> AsOf | None:
    """The past view a page's ``?as_of=`` asks for, for the request's working group;
    None for the live plan. Raises ValueError (see ``as_of_for``)."""
    group = getattr(request, "working_group", None) or None
    return as_of_for(group=group, raw=request.GET.get("as_of"))


def today_url(request) -> str:
    """The same page and filters, without ``as_of``: the link back to today."""
    params = request.GET.copy()
    params.pop("as_of", None)
    params.pop("page", None)
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path
