"""What a PTC progress report says: the template context built from the plan as it stood at
the report's cut-off (the end of a day in the working group's time zone), and its HTML.

Every figure, table and chart reads the plan from the history as of the cut-off
(``workplan.plan.asof``), so a report generated twice for the same cut-off says the same,
whatever changed after it; only the generation date and time differ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from django.db.models import Q

from intersessional.models import Participation
from workplan.baselines.models import Baseline
from workplan.baselines.selectors import baseline_months, span_with
from workplan.charts.gantt import gantt_svg_pages, month_span
from workplan.plan.asof import activities_as_of, day_end, latest_rows
from workplan.plan.history import status_and_note_changes
from workplan.plan.models import Activity, Meeting, Topic
from workplan.plan.months import add_months
from workplan.plan.shares import share_percent


@dataclass
class TopicRow:
    topic: Topic
    activities: list[Activity] = field(default_factory=list)
    completed: int = 0
    counted: int = 0  # activities that can be completed: all but the cancelled

    @property
    def percent(self) -> int:
        return share_percent(self.completed, self.counted)


# Above this many, the overdue and due-soon lists give activity numbers per topic instead
# of one row per activity: Annex I already prints every row (with "overdue" marked), and a
# summary of a 2,000-activity plan must stay a summary (and fit the 500 MB budget).
FULL_LIST_LIMIT = 30


# The timeline chart: bars per PDF page, and the plan size past which it is left out.
CHART_ROWS_PER_PAGE = 24


CHART_MAX_ACTIVITIES = 240


def by_topic(activities: list[Activity]) -> list[tuple[Topic, list[Activity]]]:
    """[(topic, its activities)] in plan order, for the compact lists."""
    groups: dict[int, tuple[Topic, list[Activity]]] = {}
    for activity in activities:
        groups.setdefault(activity.topic_id, (activity.topic, []))[1].append(activity)
    return list(groups.values())


def _previous_and_next(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """Meetings of the same kind and group just before and after ``meeting``."""
    same = Meeting.objects.filter(group_id=meeting.group_id, kind=meeting.kind).exclude(pk=meeting.pk)
    previous = same.filter(start_date__lt=meeting.start_date).order_by("-start_date").first()
    following = same.filter(start_date__gt=meeting.start_date).order_by("start_date").first()
    return previous, following


def report_default_cut_off(*, meeting: Meeting, now: dt.datetime | None = None) -> dt.date:
    """The day a report for ``meeting`` is as of unless the Secretariat says otherwise: the
    day before the session opens, or today (in the group's time zone) if that is earlier."""
    return min(meeting.start_date - dt.timedelta(days=1), meeting.group.today(now))


def plan_first_day(*, group) -> dt.date | None:
    """The day (group's time zone) the group's first activity was recorded, or None."""
    from django.db.models import Min

    first = Activity.history.filter(topic__group=group).aggregate(first=Min("history_date"))["first"]
    return group.today(first) if first else None


def session_cut_off(*, meeting: Meeting, now: dt.datetime | None = None) -> dt.date:
    """The cut-off of ``meeting``'s latest ready report, else its default cut-off."""
    from workplan.reports.models import Report

    chosen = (Report.objects.filter(meeting=meeting, state=Report.State.READY, cut_off__isnull=False)
              .order_by("-version").values_list("cut_off", flat=True).first())
    return chosen or report_default_cut_off(meeting=meeting, now=now)


@dataclass
class PlanChanges:
    """What moved in the plan between two cut-offs: ``timelines`` [(activity as now, old
    timeline text, new timeline text)], ``added`` and ``withdrawn`` [activity rows]."""

    timelines: list = field(default_factory=list)
    added: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)


def _plan_changes(*, group, since: dt.datetime | None, after: dict,
                  started: dt.date | None = None) -> PlanChanges | None:
    """Compare the plan just before ``since`` with ``after`` ({activity id: row}); None
    when there is no earlier session to compare with. A plan first recorded (``started``)
    after ``since`` is compared from its first recorded day: loading it is not adding
    every activity. One query."""
    if since is None:
        return None
    if started is not None:
        since = max(since, day_end(group, started))
    before = {a.id: a for a in activities_as_of(group=group, cut_off=since)}
    result = PlanChanges()
    for aid, row in after.items():
        was = before.get(aid)
        if was is None or was.withdrawn_at is not None:
            if row.withdrawn_at is None:
                result.added.append(row)
        elif row.withdrawn_at is not None:
            result.withdrawn.append(row)
        elif (was.timeline_text, was.first_month, was.last_month) != (row.timeline_text, row.first_month,
                                                                      row.last_month):
            result.timelines.append((row, was.timeline_text, row.timeline_text))
    result.withdrawn += [was for aid, was in before.items() if aid not in after and was.withdrawn_at is None]
    return result


def meeting_dates(meeting: Meeting) -> str:
    """"22–26 October 2018", "29 October – 2 November 2018", "October 2018" (month only);
    in French "du 22 au 26 octobre 2018" (``Meeting.dates_label``)."""
    return meeting.dates_label


def counter_content(template: str) -> str:
    """A CSS ``content`` value from a translated "Page {page} of {pages}".

    The placeholders become page counters; the rest becomes quoted CSS strings.
    """
    parts = re.split(r"(\{page\}|\{pages\})", template)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out) or '""'


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string (backslash, quote, newline and < escaped)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"\n\r<>' else c for c in str(text))
    return f'"{escaped}"'


def report_context(*, meeting: Meeting, title: str = "", agenda_item: str = "",
                   now: dt.datetime | None = None, version: int | None = None,
                   cut_off: dt.date | None = None) -> dict:
    """Everything report.html shows, read in a fixed number of queries.

    ``cut_off`` (a day in the group's time zone; default ``report_default_cut_off``) is
    the day the report is as of: the plan, the figures, what is overdue, the chart and
    the changes all end with it. ``now`` (aware; default: now) only dates the document.
    "Changes since the previous session" runs from the previous session's cut-off to
    this one. Shapes: ``topics`` is a list of TopicRow (Annex I order), ``status_counts``
    a list of (status, label, count), ``changes`` a list of
    ``workplan.plan.history.ReportedChange``, ``plan_changes`` a
    PlanChanges, ``intersessional_groups`` IntersessionalGroup rows with their members
    as of the cut-off.
    """
    from intersessional.models import IntersessionalGroup

    group = meeting.group
    tz = group.tzinfo
    now = now or timezone.now()
    cut_off = cut_off or report_default_cut_off(meeting=meeting, now=now)
    until = day_end(group, cut_off)
    today = cut_off  # every "on <date>" of the report is the cut-off day
    previous, following = _previous_and_next(meeting)

    # A plan recorded only after the cut-off (loaded after the session) has no earlier
    # state: its rows are then the plan as first recorded, judged on the cut-off day, and
    # the report says so.
    started = plan_first_day(group=group)
    recorded_from = started if started and cut_off < started else None
    rows_until = day_end(group, started) if recorded_from else until
    topics = {t.pk: TopicRow(t) for t in Topic.objects.filter(group=group).order_by("number")}
    activities = activities_as_of(group=group, cut_off=rows_until)
    by_id: dict[int, Activity] = {}
    counts = dict.fromkeys(Activity.Status.values, 0)
    overdue, due_soon = [], []
    # "Due before the next session": open, not yet overdue, last month no later than the
    # month the next session opens in (the seed plans "October 2018" work for that month's
    # meeting). Without a next session on record: the coming six months.
    if following:
        due_limit = following.start_date.replace(day=1)
    else:
        due_limit = add_months(today, 6)
    this_month = today.replace(day=1)
    for activity in activities:
        by_id[activity.id] = activity
        row = topics[activity.topic_id]
        row.activities.append(activity)
        counts[activity.status] += 1
        if activity.status != Activity.Status.CANCELLED:
            row.counted += 1
        if activity.status == Activity.Status.COMPLETED:
            row.completed += 1
        activity.report_overdue = activity.is_overdue(today)
        if activity.report_overdue:
            overdue.append(activity)
        elif (activity.last_month and not activity.is_closed
              and this_month <= activity.last_month <= due_limit):
            due_soon.append(activity)

    since = None
    previous_cut_off = None
    if previous:
        previous_cut_off = session_cut_off(meeting=previous, now=now)
        since = day_end(group, previous_cut_off)
    changes = status_and_note_changes(activities=by_id, since=since, until=rows_until, tz=tz)
    plan_changes = _plan_changes(group=group, since=since, after=by_id, started=started)

    groups = list(IntersessionalGroup.objects.filter(working_group=group).order_by("number"))
    members = latest_rows(Participation.history.filter(group__in=[g.pk for g in groups]), cut_off=rows_until,
                          scope=Q(group_id__in=[g.pk for g in groups])).select_related("party")
    for ig in groups:  # members as of the same moment as the rows
        ig._prefetched_objects_cache = {"participations": [m for m in members if m.group_id == ig.pk]}
    # The same chart component as /timeline/. Past a few pages of bars a chart stops being
    # read (and costs layout time): larger plans point to the timeline page instead.
    timeline_charts = []
    if 0 < len(by_id) <= CHART_MAX_ACTIVITIES:
        meetings = list(Meeting.objects.filter(group=group).order_by("start_date"))
        baseline = Baseline.objects.filter(group=group, taken_at__lt=rows_until).order_by("as_of", "taken_at").first()
        months = baseline_months(baseline=baseline)
        span = span_with(month_span(list(by_id.values())), months) if baseline else None
        timeline_charts = gantt_svg_pages(activities=list(by_id.values()), meetings=meetings, today=today,
                                          width=1040, rows_per_page=CHART_ROWS_PER_PAGE, id_prefix="report-gantt",
                                          span=span, baseline=months if baseline else None,
                                          baseline_name=baseline.name if baseline else "")
    from workplan.framework.selectors import mapping_rows

    generated = timezone.localtime(now, tz)
    title = title or _("Progress on the work plan")
    footer = _("Generated on %(date)s at %(time)s (%(tz)s)") % {
        "date": date_format(generated, "j F Y"), "time": date_format(generated, "H:i"), "tz": group.time_zone}
    if version:
        footer += " · " + _("version %(version)s") % {"version": version}
    footer += " · " + _("plan as of %(date)s") % {"date": date_format(cut_off, "j F Y")}
    return {
        "meeting": meeting,
        "group": group,
        "title": title,
        "agenda_item": agenda_item,
        "version": version,
        "place": meeting.place or _("Brussels"),
        "today": today,
        "as_of": cut_off,
        "recorded_from": recorded_from,
        "previous_cut_off": previous_cut_off,
        "plan_changes": plan_changes,
        "generated": generated,
        "time_zone": group.time_zone,
        "previous": previous,
        "following": following,
        "since": since,
        "until": until,
        "due_limit": due_limit,
        "topics": list(topics.values()),
        "activity_count": len(by_id),
        "status_counts": [(value, label, counts[value]) for value, label in Activity.Status.choices],
        "overdue": overdue,
        "due_soon": due_soon,
        "overdue_by_topic": by_topic(overdue) if len(overdue) > FULL_LIST_LIMIT else None,
        "due_soon_by_topic": by_topic(due_soon) if len(due_soon) > FULL_LIST_LIMIT else None,
        "changes": changes,
        "intersessional_groups": list(groups),
        "timeline_charts": [mark_safe(svg) for svg in timeline_charts],  # noqa: S308 (escaped by gantt_svg)
        "chart_omitted": len(by_id) > CHART_MAX_ACTIVITIES,
        "mapping_rows": mapping_rows(),
        "running_css": css_string(f"{group.acronym} · {meeting.title}"),
        "meeting_dates": meeting_dates(meeting),
        "footer_css": css_string(footer),
        "page_counter_css": counter_content(_("Page {page} of {pages}")),
        # The lead wires the Gantt chart from workplan/charts.py here (see _report_chart.html).
        "timeline_chart": None,
        "part": "all",  # or "front", "annex1", "annex2" when laid out in parts
        "stamped": False,
    }


def render_report_html(context: dict, **overrides) -> str:
    """report.html with ``context``; ``overrides`` select a part (see ``workplan.reports.build._render_in_parts``)."""
    return render_to_string("workplan/report.html", {**context, **overrides} if overrides else context)
