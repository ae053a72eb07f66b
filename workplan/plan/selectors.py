"""Reads that need care: which working groups a user sees, with what prefetching."""

from django.db.models import Count, F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from workplan.plan.models import Activity, Topic, WorkingGroup
from workplan.plan.months import iter_months
from workplan.plan.timeline import Timeline, month_label

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
    ``group`` is None (no working group exists yet). No join to the users (``changed_by``):
    that outer join made PostgreSQL scan every activity of every group (40 ms at 10,000,
    against 1 ms through the topic index; bench/RESULTS.md).
    """
    if group is None:
        return Activity.objects.none()
    return (Activity.objects.for_group(group)
            .select_related("topic", "topic__group")
            .order_by("topic__number", "order", "id"))  # "id": also a past row's activity


# A topic on the plan page shows at most this many activities; the rest are one link
# away in the activity list (filtered by that topic). Annex I's topics hold a handful
# each; a synthetic plan of 20,000 activities would otherwise be one 10 MB page.
TOPIC_ACTIVITY_LIMIT = 50


def topics_with_activities(topics: QuerySet[Topic], *, limit: int = TOPIC_ACTIVITY_LIMIT) -> QuerySet[Topic]:
    """``topics`` with ``activity_count`` (all of the topic's activities) and
    ``.activities.all()`` prefetched: the first ``limit`` in plan order (a window function
    per topic in SQL). Two queries whatever the number of activities."""
    # A filter on ROW_NUMBER() rather than a slice: Django prefetches into
    # ``.activities.all()`` only from an unsliced queryset.
    rank = Window(RowNumber(), partition_by=F("topic_id"), order_by=[F("order").asc(), F("pk").asc()])
    activities = (Activity.objects.select_related("changed_by").annotate(plan_rank=rank)
                  .filter(plan_rank__lte=limit).order_by("order", "pk"))
    return (topics.annotate(activity_count=Count("activities"))
            .prefetch_related(Prefetch("activities", queryset=activities)))


def workplan_topics(*, group: WorkingGroup | None, limit: int = TOPIC_ACTIVITY_LIMIT) -> list[Topic]:
    """The plan as Annex I lays it out: topics by number, each with ``activity_count`` and
    ``.activities.all()``, its first ``limit`` activities in order (two queries)."""
    if group is None:
        return []
    return list(topics_with_activities(Topic.objects.filter(group=group).order_by("number"), limit=limit))


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
    if not timeline.scheduled:
        return []
    return [month_label(month) for month in iter_months(timeline.first, timeline.last)]


def activity_as_opened(*, activity: Activity, version: int):
    """The history record of ``activity`` at ``version`` (the version a form was opened
    on): its fields as they were then, or None when no record holds that version."""
    return (activity.history.filter(version=version)
            .order_by("-history_date", "-history_id").first())


# --- timeline chart, dashboard and calendar feeds -------------------------------------

import datetime as _dt  # noqa: E402
from dataclasses import dataclass as _dataclass, field as _field  # noqa: E402

from django.db.models import Max, Min, OuterRef, Q, Subquery  # noqa: E402

from workplan.plan.models import Activity, Meeting, overdue_q  # noqa: E402
from workplan.plan.shares import share_percent  # noqa: E402

DUE_SOON_DAYS = 90
DASHBOARD_LIST_LIMIT = 10


def plan_activities(*, group: WorkingGroup | None) -> QuerySet[Activity]:
    """The group's activities in plan order (topic number, then order), topic loaded:
    the shape ``charts.gantt_svg`` and the calendar feeds read."""
    if group is None:
        return Activity.objects.none()
    return Activity.objects.for_group(group).select_related("topic", "topic__group").order_by(
        "topic__number", "order", "pk")


def first_of(queryset: QuerySet, *, limit: int) -> tuple[list, int]:
    """(the first ``limit`` rows of ``queryset``, how many rows it has in all), in one
    query: the total is a window COUNT(*) OVER () read from the first row."""
    rows = list(queryset.annotate(matching_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].matching_total if rows else 0)


def plan_span(*, group: WorkingGroup | None, activities: QuerySet | None = None) -> tuple[_dt.date, _dt.date] | None:
    """(first month, last month) over the group's scheduled activities (or over
    ``activities``, e.g. the plan of a past day), or None."""
    if group is None:
        return None
    if activities is None:
        activities = Activity.objects.for_group(group)
    span = activities.order_by().aggregate(first=Min("first_month"), last=Max("last_month"))
    return (span["first"], span["last"]) if span["first"] else None


def group_meetings(*, group: WorkingGroup | None) -> QuerySet[Meeting]:
    if group is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(group=group).order_by("start_date", "title")


@_dataclass
class Share:
    """Completed activities out of those that count (all but cancelled) for one topic
    or intersessional group. ``percent`` is ``share_percent``: 0-100, rounded to the nearest."""

    obj: object
    total: int
    completed: int

    @property
    def percent(self) -> int:
        return share_percent(self.completed, self.total)


@_dataclass
class DashboardFigures:
    """What the dashboard shows for one working group on one date (``as_of``).

    ``by_status``: [(status value, label, count)] in Activity.Status order;
    ``topics`` / ``intersessional_groups``: [Share]; ``overdue`` / ``due_soon``:
    at most DASHBOARD_LIST_LIMIT activities (topic loaded), with ``overdue_count`` /
    ``due_soon_count`` the full counts; ``due_soon_until``: the last day of the window
    (as_of + 90 days); ``next_meeting``: the first meeting not yet over on ``as_of``;
    ``recent_changes``: historical activity rows (newest first, ``prev_status`` =
    the status before that change or None).
    """

    group: WorkingGroup
    as_of: _dt.date
    total: int = 0
    by_status: list = _field(default_factory=list)
    topics: list = _field(default_factory=list)
    intersessional_groups: list = _field(default_factory=list)
    overdue: list = _field(default_factory=list)
    overdue_count: int = 0
    due_soon: list = _field(default_factory=list)
    due_soon_count: int = 0
    due_soon_until: _dt.date | None = None
    next_meeting: Meeting | None = None
    recent_changes: list = _field(default_factory=list)


def _due_between(queryset, start: _dt.date, end: _dt.date):
    """Open activities whose deadline (the last day of their last month) falls within
    [start, end]: last month from start's month up to the last month ending by ``end``."""
    after_end = end + _dt.timedelta(days=1)
    return queryset.exclude(status__in=Activity.CLOSED_STATUSES).filter(
        last_month__gte=start.replace(day=1), last_month__lt=after_end.replace(day=1))


def dashboard_figures(*, group: WorkingGroup, as_of: _dt.date, activities: QuerySet | None = None) -> DashboardFigures:
    """The dashboard's figures for ``group`` on ``as_of`` (a date in the group's time zone).

    ``activities`` is the plan to count: the current activities (default) or the plan
    as it stood at the end of ``as_of`` (``workplan.plan.asof.activities_as_of``), so a
    past day shows that day's statuses. A fixed number of queries (seven), whatever
    the number of activities. ``as_of`` also moves the overdue line, the 90-day window,
    the next meeting and the end of the recent-changes list. "Share completed" counts
    completed out of all activities but cancelled ones.
    """
    from intersessional.models import IntersessionalGroup

    figures = DashboardFigures(group=group, as_of=as_of)
    if activities is None:
        activities = Activity.objects.for_group(group)
    # Withdrawn activities stay in the plan's pages but leave every figure.
    activities = activities.filter(withdrawn_at__isnull=True)

    # One grouped query, by (topic, intersessional group, status), gives the status tiles,
    # both list counts (overdue, due soon) and the shares by topic and by group, counted
    # from ``activities`` itself so a past plan counts its own rows. A topic's activities
    # appear once per group the topic belongs to: topic and status figures read one of
    # them (the first group seen), group figures sum over their topics.
    figures.due_soon_until = as_of + _dt.timedelta(days=DUE_SOON_DAYS)
    after_end = (figures.due_soon_until + _dt.timedelta(days=1)).replace(day=1)
    this_month = as_of.replace(day=1)
    rows = (activities.order_by().values("topic_id", "status", ig=F("topic__intersessional_groups"))
            .annotate(n=Count("pk"), n_overdue=Count("pk", filter=overdue_q(as_of)),
                      n_due=Count("pk", filter=Q(last_month__gte=this_month, last_month__lt=after_end))))
    counted_ig: dict[int, int | None] = {}
    counts: dict[str, int] = {}
    per_topic: dict[int, list[int]] = {}
    per_ig: dict[int, list[int]] = {}
    figures.overdue_count = figures.due_soon_count = 0
    for row in rows:
        status, n = row["status"], row["n"]
        total, completed = (0 if status == Activity.Status.CANCELLED else n), \
            (n if status == Activity.Status.COMPLETED else 0)
        if row["ig"] is not None:
            sums = per_ig.setdefault(row["ig"], [0, 0])
            sums[0] += total
            sums[1] += completed
        if counted_ig.setdefault(row["topic_id"], row["ig"]) != row["ig"]:
            continue
        counts[status] = counts.get(status, 0) + n
        sums = per_topic.setdefault(row["topic_id"], [0, 0])
        sums[0] += total
        sums[1] += completed
        if status not in Activity.CLOSED_STATUSES:
            figures.overdue_count += row["n_overdue"]
            figures.due_soon_count += row["n_due"]
    figures.by_status = [(s.value, s.label, counts.get(s.value, 0)) for s in Activity.Status]
    figures.total = sum(counts.values())
    figures.topics = [Share(t, *per_topic.get(t.pk, (0, 0))) for t in group.topics.order_by("number")]
    figures.intersessional_groups = [
        Share(g, *per_ig.get(g.pk, (0, 0)))
        for g in IntersessionalGroup.objects.filter(working_group=group).order_by("number")]

    in_order = activities.select_related("topic").order_by("last_month", "topic__number", "order", "id")
    overdue = in_order.filter(overdue_q(as_of))
    figures.overdue = list(overdue[:DASHBOARD_LIST_LIMIT])
    figures.due_soon = list(_due_between(in_order, as_of, figures.due_soon_until)[:DASHBOARD_LIST_LIMIT])

    figures.next_meeting = group_meetings(group=group).filter(end_date__gte=as_of).first()

    history = Activity.history.model
    end_of_day = _dt.datetime.combine(as_of + _dt.timedelta(days=1), _dt.time(0), tzinfo=group.tzinfo)
    before = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id")
    figures.recent_changes = list(
        history.objects.filter(topic__group=group, history_date__lt=end_of_day)
        .annotate(prev_status=Subquery(before.values("status")[:1]))
        .select_related("history_user", "topic")
        .order_by("-history_date", "-history_id")[:DASHBOARD_LIST_LIMIT])
    return figures


def calendar_group_for(*, user) -> WorkingGroup | None:
    """The group of a user's group feed (no session there): the first group, by
    acronym, they are a member of, else the first group."""
    return (WorkingGroup.objects.filter(memberships__user=user).order_by("acronym").first()
            or WorkingGroup.objects.order_by("acronym").first())


def calendar_items_for_user(*, user) -> tuple[list[Activity], list[Meeting]]:
    """A user's own items: activities their parties are responsible for or whose
    topics' intersessional groups they coordinate (rules.coordinated_activity_ids),
    scheduled ones only; and the meetings of those activities' groups and of the
    groups they are a member of."""
    from workplan.plan.rules import coordinated_activity_ids

    ids = coordinated_activity_ids(user)
    activities = list(Activity.objects.filter(pk__in=ids, last_month__isnull=False)
                      .select_related("topic", "topic__group").order_by("last_month", "topic__number", "order"))
    group_ids = {a.topic.group_id for a in activities}
    meetings = list(Meeting.objects.filter(Q(group_id__in=group_ids) | Q(group__memberships__user=user))
                    .distinct().order_by("start_date", "title"))
    return activities, meetings
