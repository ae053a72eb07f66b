"""One rule for "overdue" (issue 11): the model method, the queryset, the dashboard's count
and list, the activity list's filter and badge, the PDF report's list and the reminders'
weekly summary all say the same thing on the edge cases: the last day of a month and the
first of the next (in the working group's time zone, case R4), closed statuses,
unscheduled and postponed activities."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.support.factories import ActivityFactory, MeetingFactory, MembershipFactory, TopicFactory, UserFactory
from workplan.models import Activity, Membership, WorkingGroup
from workplan.plan.selectors import dashboard_figures
from workplan.reminders.services import reminders_preview_overdue_summary
from workplan.reports.content import report_context

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
OCT, SEP, NOV = dt.date(2018, 10, 1), dt.date(2018, 9, 1), dt.date(2018, 11, 1)


@pytest.fixture
def world():
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    topic = TopicFactory(group=group, number=1)
    rows = {
        "open, ends October": ("not_started", OCT),
        "in progress, ended September": ("in_progress", SEP),
        "completed, ends October": ("completed", OCT),
        "cancelled, ended September": ("cancelled", SEP),
        "postponed, ends October": ("postponed", OCT),
        "open, ends November": ("not_started", NOV),
        "unscheduled": ("in_progress", None),
    }
    activities = {}
    for order, (name, (status, month)) in enumerate(rows.items(), start=1):
        activities[name] = ActivityFactory(
            topic=topic, order=order, description=name, status=status, first_month=month, last_month=month,
            timeline_text=f"{month:%B %Y}" if month else "")
    MembershipFactory(group=group, role=Membership.Role.SECRETARIAT, user=UserFactory(username="sec"))
    MeetingFactory(group=group, start_date=dt.date(2018, 4, 9), end_date=dt.date(2018, 4, 13))
    return group, activities


# Each case: an instant, the group's date at that instant, and what is overdue then.
CASES = [
    # Noon on the last day of October in Brussels: October's work is due today, not late.
    (dt.datetime(2018, 10, 31, 12, 0, tzinfo=BRUSSELS), dt.date(2018, 10, 31),
     {"in progress, ended September"}),
    # 23:30 UTC on 31 October is already 1 November in Brussels: October's work is late.
    (dt.datetime(2018, 10, 31, 23, 30, tzinfo=dt.timezone.utc), dt.date(2018, 11, 1),
     {"in progress, ended September", "open, ends October", "postponed, ends October"}),
    (dt.datetime(2018, 11, 30, 12, 0, tzinfo=BRUSSELS), dt.date(2018, 11, 30),
     {"in progress, ended September", "open, ends October", "postponed, ends October"}),
    (dt.datetime(2018, 12, 1, 9, 0, tzinfo=BRUSSELS), dt.date(2018, 12, 1),
     {"in progress, ended September", "open, ends October", "postponed, ends October", "open, ends November"}),
]


def _names(activities) -> set[str]:
    return {a.description for a in activities}


@pytest.mark.parametrize(("now", "today", "expected"), CASES, ids=lambda v: str(v)[:16])
def test_every_place_agrees_on_what_is_overdue(world, client, now, today, expected):
    group, activities = world
    assert group.today(now) == today

    # The model and the queryset: the rule and its SQL form.
    assert {name for name, a in activities.items() if a.is_overdue(on=today)} == expected
    assert _names(Activity.objects.for_group(group).overdue(on=today)) == expected

    # The dashboard: its count comes from a grouped query, its list from the queryset.
    figures = dashboard_figures(group=group, as_of=today)
    assert figures.overdue_count == len(expected)
    assert _names(figures.overdue) == expected

    # The PDF report's overdue list (and its Annex I flag).
    context = report_context(meeting=group.meetings.get(), now=now)
    assert _names(context["overdue"]) == expected
    assert {a.description for row in context["topics"] for a in row.activities if a.report_overdue} == expected

    # The reminders' weekly summary: the same, less the postponed (postponing an activity
    # stops its reminders, not the flag on the pages).
    summary = reminders_preview_overdue_summary(now=now)
    assert {activities_by_id(activities)[r.activity_id] for r in summary} == {
        name for name in expected if activities[name].status != "postponed"}

    # The activity list: the ?overdue filter and the badge, on the group's today.
    client.force_login(UserFactory(username="reader"))
    with time_machine.travel(now, tick=False):
        html = client.get("/activities/?overdue=yes&per_page=50").content.decode()
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
        listed = {name for name in activities if any(f">{name}<" in row for row in rows)}
        flagged = {name for name in activities
                   if any(f">{name}<" in row and 'badge overdue' in row for row in rows)}
        assert listed == flagged == expected
        html = client.get("/activities/?overdue=no&per_page=50").content.decode()
        assert {name for name in activities if f">{name}<" in html} == set(activities) - expected


def activities_by_id(activities: dict) -> dict[int, str]:
    return {a.pk: name for name, a in activities.items()}


def test_the_rule_on_its_own():
    """Unscheduled activities are never overdue; closed ones never; any open status
    (postponed included) is, from the first day of the month after its last month."""
    october = Activity(last_month=OCT, first_month=OCT)
    for status in ("not_started", "in_progress", "postponed"):
        october.status = status
        assert not october.is_overdue(on=dt.date(2018, 10, 31))
        assert october.is_overdue(on=dt.date(2018, 11, 1))
    for status in ("completed", "cancelled"):
        october.status = status
        assert not october.is_overdue(on=dt.date(2030, 1, 1))
    assert not Activity(status="not_started").is_overdue(on=dt.date(2030, 1, 1))
