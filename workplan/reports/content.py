"""What a PTC progress report says: the template context built from the live plan, and its HTML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from workplan.charts.gantt import gantt_svg_pages
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


def meeting_dates(meeting: Meeting) -> str:
    """"22–26 October 2018", "29 October – 2 November 2018", "October 2018" (month only)."""
    start, end = meeting.start_date, meeting.end_date
    if meeting.month_only:
        return date_format(start, "F Y")
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{date_format(start, 'j')}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


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
                   now: dt.datetime | None = None, version: int | None = None) -> dict:
    """Everything report.html shows, read in a fixed number of queries.

    ``now`` (aware; default: now) dates the report and decides what is overdue and which
    changes are shown. Shapes: ``topics`` is a list of TopicRow (Annex I order),
    ``status_counts`` a list of (status, label, count), ``changes`` a list of ``workplan.plan.history.ReportedChange``,
    ``intersessional_groups`` IntersessionalGroup rows with participations prefetched.
    """
    from intersessional.models import IntersessionalGroup

    group = meeting.group
    tz = group.tzinfo
    now = now or timezone.now()
    today = group.today(now)
    previous, following = _previous_and_next(meeting)

    topics = {t.pk: TopicRow(t) for t in Topic.objects.filter(group=group).order_by("number")}
    activities = (Activity.objects.filter(topic__group=group).select_related("topic")
                  .order_by("topic__number", "order"))
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
        by_id[activity.pk] = activity
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
    if previous:
        since = dt.datetime.combine(previous.end_date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    changes = status_and_note_changes(activities=by_id, since=since, until=now, tz=tz)

    groups = (IntersessionalGroup.objects.filter(working_group=group)
              .prefetch_related("participations__party").order_by("number"))
    # The same chart component as /timeline/. Past a few pages of bars a chart stops being
    # read (and costs layout time): larger plans point to the timeline page instead.
    timeline_charts = []
    if 0 < len(by_id) <= CHART_MAX_ACTIVITIES:
        meetings = list(Meeting.objects.filter(group=group).order_by("start_date"))
        timeline_charts = gantt_svg_pages(activities=list(by_id.values()), meetings=meetings, today=today,
                                          width=1040, rows_per_page=CHART_ROWS_PER_PAGE, id_prefix="report-gantt")
    from workplan.framework.selectors import mapping_rows

    generated = timezone.localtime(now, tz)
    title = title or _("Progress on the work plan")
    footer = _("Generated on %(date)s at %(time)s (%(tz)s)") % {
        "date": date_format(generated, "j F Y"), "time": date_format(generated, "H:i"), "tz": group.time_zone}
    if version:
        footer += " · " + _("version %(version)s") % {"version": version}
    return {
        "meeting": meeting,
        "group": group,
        "title": title,
        "agenda_item": agenda_item,
        "version": version,
        "place": meeting.place or "Brussels",
        "today": today,
        "generated": generated,
        "time_zone": group.time_zone,
        "previous": previous,
        "following": following,
        "since": since,
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
