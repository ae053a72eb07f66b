"""Comparing two states of a plan: a baseline, the plan at the end of a day, or now.

Each side becomes a dict of ``PlanRow`` by activity id (one or two queries), then the
comparison is plain Python over at most a few thousand rows.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from workplan.plan.models import Activity, WorkingGroup
from workplan.plan.asof import activities_as_of, day_end

from .models import Baseline


@dataclass(frozen=True)
class PlanRow:
    """One activity on one side of a comparison; months are first-of-month dates."""

    activity_id: int
    topic_number: int
    topic_title: str
    order: int
    description: str
    timeline_text: str
    first_month: dt.date | None
    last_month: dt.date | None
    status: str
    withdrawn: bool

    @property
    def label(self) -> str:
        return f"{self.topic_number}.{self.order}"

    @property
    def status_label(self) -> str:
        return str(dict(Activity.Status.choices).get(self.status, self.status))


@dataclass(frozen=True)
class Side:
    """What one side is: a baseline, the end of a day, or now (both None)."""

    baseline: Baseline | None = None
    day: dt.date | None = None

    def label(self) -> str:
        if self.baseline is not None:
            return self.baseline.name
        if self.day is not None:
            return _("the plan at the end of %(date)s") % {"date": formats.date_format(self.day, "j F Y")}
        return _("the plan now")


@dataclass(frozen=True)
class Slip:
    before: PlanRow
    after: PlanRow

    @property
    def months(self) -> int:
        """How many months the last month of the timeline moved later (positive)."""
        a, b = self.before.last_month, self.after.last_month
        return (b.year - a.year) * 12 + b.month - a.month


@dataclass
class TopicTotals:
    number: int
    title: str
    added: int = 0
    withdrawn: int = 0
    completed: int = 0
    slipped: int = 0


@dataclass
class Comparison:
    """``added``/``withdrawn``/``completed``: PlanRows (the later side's, the earlier's
    for withdrawn); ``slipped``: Slips, largest first; ``topics``: TopicTotals by number."""

    before: Side
    after: Side
    added: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    slipped: list = field(default_factory=list)
    topics: list = field(default_factory=list)


def _row(a, withdrawn: bool) -> PlanRow:
    return PlanRow(activity_id=a.id, topic_number=a.topic.number, topic_title=a.topic.title, order=a.order,
                   description=a.description, timeline_text=a.timeline_text, first_month=a.first_month,
                   last_month=a.last_month, status=a.status, withdrawn=withdrawn)


def plan_rows(*, group: WorkingGroup, side: Side) -> dict[int, PlanRow]:
    """The rows of one side by activity id. One query."""
    if side.baseline is not None:
        return {r.activity_id: PlanRow(
            activity_id=r.activity_id, topic_number=r.topic_number, topic_title=r.topic_title, order=r.order,
            description=r.description, timeline_text=r.timeline_text, first_month=r.first_month,
            last_month=r.last_month, status=r.status, withdrawn=r.withdrawn) for r in side.baseline.rows.all()}
    if side.day is not None and side.day < group.today():
        cut_off = day_end(group, side.day)
        return {a.id: _row(a, a.withdrawn_at is not None)
                for a in activities_as_of(group=group, cut_off=cut_off)}
    return {a.id: _row(a, a.withdrawn_at is not None)
            for a in Activity.objects.for_group(group).select_related("topic")}


def plan_compare(*, group: WorkingGroup, before: Side, after: Side) -> Comparison:
    """What changed from ``before`` to ``after``: activities added, withdrawn (or gone),
    completed, and slipped (the last month of the timeline later; by how many months),
    with totals per topic. Two or three queries."""
    old, new = plan_rows(group=group, side=before), plan_rows(group=group, side=after)
    result = Comparison(before=before, after=after)
    for aid, row in new.items():
        was = old.get(aid)
        if was is None or was.withdrawn:
            if not row.withdrawn:
                result.added.append(row)
            continue
        if row.withdrawn:
            result.withdrawn.append(was)
            continue
        if row.status == Activity.Status.COMPLETED and was.status != Activity.Status.COMPLETED:
            result.completed.append(row)
        if was.last_month and row.last_month and row.last_month > was.last_month:
            result.slipped.append(Slip(before=was, after=row))
    result.withdrawn += [row for aid, row in old.items() if aid not in new and not row.withdrawn]

    def key(row):
        return (row.topic_number, row.order, row.activity_id)

    result.added.sort(key=key)
    result.withdrawn.sort(key=key)
    result.completed.sort(key=key)
    result.slipped.sort(key=lambda s: key(s.after))
    topics: dict[int, TopicTotals] = {}

    def totals(row) -> TopicTotals:
        return topics.setdefault(row.topic_number, TopicTotals(number=row.topic_number, title=row.topic_title))

    for row in result.added:
        totals(row).added += 1
    for row in result.withdrawn:
        totals(row).withdrawn += 1
    for row in result.completed:
        totals(row).completed += 1
    for slip in result.slipped:
        totals(slip.after).slipped += 1
    result.topics = [topics[n] for n in sorted(topics)]
    return result


def baseline_months(*, baseline: Baseline | None) -> dict[int, tuple]:
    """{activity id: (first month, last month, timeline text)} of a baseline, for the
    chart's grey bars; {} for None. One query."""
    if baseline is None:
        return {}
    return {aid: (first, last, text) for aid, first, last, text in baseline.rows.values_list(
        "activity_id", "first_month", "last_month", "timeline_text")}


def baseline_for(*, group: WorkingGroup | None, raw: str | None) -> Baseline | None:
    """The group's baseline whose id is ``raw`` (``?baseline=``); None when blank, not a
    number or not one of the group's."""
    if group is None or not raw or not str(raw).strip().isdigit():
        return None
    return Baseline.objects.filter(group=group, pk=int(raw)).first()


def span_with(span: tuple | None, months: dict) -> tuple | None:
    """``span`` (first, last month) widened to hold the baseline's months too."""
    firsts = [m[0] for m in months.values() if m[0]]
    lasts = [m[1] for m in months.values() if m[1]]
    if not firsts:
        return span
    if span is None:
        return min(firsts), max(lasts)
    return min(span[0], min(firsts)), max(span[1], max(lasts))
