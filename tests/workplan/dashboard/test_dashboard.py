"""The dashboard (/): figures on a fixed date, links to the lists behind them, bad
dates, and a query count that does not grow with the number of activities."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intersessional.models import IntersessionalGroup
from tests.support.factories import IntersessionalGroupFactory, MembershipFactory, UserFactory
from tests.support.seed_plan import build_seed_plan
from workplan.models import Activity, Membership, Topic
from workplan.plan.selectors import dashboard_figures

pytestmark = pytest.mark.django_db

STATUSES = {"1.1": "completed", "1.2": "completed", "2.1": "completed", "1.3": "in_progress",
            "3.1": "cancelled", "2.2": "postponed"}


# The plan is recorded in June 2018: a past day's dashboard shows the plan of that day
# (issue 16), so the plan must exist before the days these tests look at.
RECORDED = dt.datetime(2018, 6, 1, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def plan():
    with time_machine.travel(RECORDED, tick=False):
        return _seed_plan()


def _seed_plan():
    group = build_seed_plan(statuses=STATUSES)
    ig = IntersessionalGroupFactory(working_group=group, number=1,
                                    item_of_work="Definitions and Technical Specifications")
    ig.topics.set(Topic.objects.filter(group=group, number__in=[1, 3]))
    return group


@pytest.fixture
def secretariat(plan):
    return MembershipFactory(group=plan, role=Membership.Role.SECRETARIAT, user=UserFactory(username="sec")).user


@pytest.fixture
def delegate(plan):
    return UserFactory(username="delegate")  # no membership: reads every plan


def numbers(activities):
    return [f"{a.topic.number}.{a.order}" for a in activities]


def test_figures_on_a_fixed_date(plan):
    f = dashboard_figures(group=plan, as_of=dt.date(2018, 11, 15))
    assert f.total == 26
    assert {value: n for value, _label, n in f.by_status} == {
        "not_started": 20, "in_progress": 1, "completed": 3, "postponed": 1, "cancelled": 1}
    # Last month before November 2018 and still open (completed and cancelled are not).
    assert f.overdue_count == 14
    assert set(numbers(f.overdue)) <= {"1.3", "1.4", "2.2", "2.3", "2.4", "2.5", "3.2", "3.3", "3.4",
                                        "4.1", "4.2", "6.1", "6.2", "6.3"}
    assert len(f.overdue) == 10
    # Deadlines 15 November 2018 to 13 February 2019: December 2018 and January 2019.
    assert f.due_soon_until == dt.date(2019, 2, 13)
    assert f.due_soon_count == 3
    assert numbers(f.due_soon) == ["5.1", "2.7", "4.4"]
    assert f.next_meeting is None  # the seed's last meeting ended on 23 October 2018


def test_share_completed_per_topic_and_intersessional_group(plan):
    f = dashboard_figures(group=plan, as_of=dt.date(2018, 11, 15))
    shares = {s.obj.number: (s.completed, s.total, s.percent) for s in f.topics}
    assert shares[1] == (2, 4, 50)
    assert shares[2] == (1, 8, 13)  # 12.5 %: to the nearest, halves up (as in the PDF)
    assert shares[3] == (0, 3, 0)  # 3.1 is cancelled: not counted
    assert shares[5] == (0, 1, 0)
    [ig] = f.intersessional_groups
    assert (ig.completed, ig.total, ig.percent) == (2, 7, 29)  # topics 1 and 3


def test_next_meeting_is_the_first_not_yet_over(plan):
    assert dashboard_figures(group=plan, as_of=dt.date(2018, 10, 10)).next_meeting.title == "4th WGEC meeting"
    assert dashboard_figures(group=plan, as_of=dt.date(2018, 10, 13)).next_meeting.title == "TFA Working Group"


def test_due_window_ends_on_the_last_day_of_a_month():
    """A deadline on the window's last day is due; one a day later is not."""
    from workplan.plan.selectors import _due_between

    group = build_seed_plan()
    qs = Activity.objects.for_group(group)
    # 1 November 2018 + 90 days = 30 January 2019: January 2019 deadlines (31st) are out.
    assert numbers(_due_between(qs, dt.date(2018, 11, 1), dt.date(2019, 1, 30)).select_related("topic")) == ["5.1"]
    assert sorted(numbers(_due_between(qs, dt.date(2018, 11, 1), dt.date(2019, 1, 31)).select_related("topic"))) \
        == ["2.7", "4.4", "5.1"]


def test_page_shows_the_figures_with_links_to_their_lists(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/?as_of=2018-11-15")
    assert response.status_code == 200
    html = response.content.decode()
    assert "As of 15 November 2018" in html
    # A past day: every list behind a number is the list as of that day too.
    assert 'href="/activities/?status=completed&amp;as_of=2018-11-15"><span class="n">3</span>' in html
    assert 'href="/activities/?overdue=yes&amp;as_of=2018-11-15"><span class="n">14</span>' in html
    topic1 = Topic.objects.get(group__acronym="WGEC", number=1)
    assert (f'href="/activities/?topic={topic1.pk}&amp;status=completed&amp;as_of=2018-11-15">'
            f'2 of 4 (50 %)</a>') in html
    ig = IntersessionalGroup.objects.get()
    assert (f'href="/activities/?intersessional_group={ig.pk}&amp;status=completed&amp;as_of=2018-11-15">'
            f'2 of 7 (29 %)</a>') in html
    assert "/activities/?overdue=no&amp;timeline_from=2018-11&amp;timeline_to=2019-02&amp;as_of=2018-11-15" in html
    # Bars carry their share; the numbers are in the text too.
    assert 'style="width: 50%"' in html


@pytest.mark.parametrize("value", ["2018-02-30", "15/11/2018", "yesterday", "2018-1-5", "9999-12-31",
                                   "0001-01-01", "2018-11-15T00:00", "<script>"])
def test_bad_as_of_is_a_400_with_a_message(client, secretariat, value):
    client.force_login(secretariat)
    response = client.get("/", {"as_of": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<script>" not in html.split("<main", 1)[1]


@time_machine.travel(dt.datetime(2018, 10, 31, 23, 30, tzinfo=dt.timezone.utc), tick=False)
def test_today_is_taken_in_the_groups_time_zone(client, secretariat):
    """23:30 UTC on 31 October is 1 November in Brussels: October's deadlines are overdue."""
    client.force_login(secretariat)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["as_of"] == dt.date(2018, 11, 1)
    assert response.context["figures"].overdue_count == 14


def test_every_user_reads_the_dashboard_and_anonymous_must_log_in(client, plan, secretariat, delegate):
    coordinator = UserFactory(username="coordinator")
    for user in (secretariat, delegate, coordinator):
        client.force_login(user)
        assert client.get("/?as_of=2018-11-15").status_code == 200
    client.logout()
    response = client.get("/")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_recent_changes_come_from_the_history(client, plan, secretariat):
    activity = Activity.objects.get(topic__number=4, order=3)
    activity.status = Activity.Status.COMPLETED
    activity._change_reason = "done"
    activity.save()
    client.force_login(secretariat)
    html = client.get("/").content.decode()
    section = html.split('id="changes-h"', 1)[1]
    assert "4.3 Continue consultations" in section
    assert "Not started → Completed" in section


def _plan_with(n: int):
    """A working group with ``n`` activities in 4 topics, some history and 2 groups,
    recorded in June 2018."""
    with time_machine.travel(RECORDED, tick=False):
        return _make_plan_with(n)


def _make_plan_with(n: int):
    from workplan.models import WorkingGroup

    group = WorkingGroup.objects.create(acronym=f"G{n}", name=f"Group {n}")
    topics = [Topic.objects.create(group=group, number=i, title=f"Topic {i}") for i in range(1, 5)]
    statuses = [s.value for s in Activity.Status]
    Activity.objects.bulk_create([
        Activity(topic=topics[i % 4], order=i + 1, description=f"Activity {i}", status=statuses[i % 5],
                 timeline_text="October 2018", first_month=dt.date(2018, 9 + i % 3, 1),
                 last_month=dt.date(2018, 11, 1))
        for i in range(n)])
    for activity in Activity.objects.filter(topic__group=group)[:3]:
        activity.save()  # a few history rows
    for k in (1, 2):
        ig = IntersessionalGroup.objects.create(working_group=group, number=k, item_of_work=f"Item {k}")
        ig.topics.set(topics[k - 1:k + 1])
    return group


def test_query_count_does_not_grow_with_the_number_of_activities(client, secretariat):
    counts = {}
    for n in (10, 1000):
        group = _plan_with(n)
        Membership.objects.filter(user=secretariat).delete()
        Membership.objects.create(user=secretariat, group=group, role=Membership.Role.SECRETARIAT)
        client.force_login(secretariat)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/?as_of=2018-11-15")
        assert response.status_code == 200
        assert response.context["figures"].total == n
        counts[n] = len(queries)
    assert counts[10] == counts[1000], counts
    assert counts[1000] <= 20


def test_r4_recent_changes_end_with_the_as_of_day_in_the_groups_time_zone(plan):
    """Case R4: an update at 2018-10-31 23:30 Brussels time (22:30 UTC) belongs to 31
    October; one at 1 November 00:30 Brussels (still 31 October in UTC) does not."""
    late = Activity.objects.get(topic__number=5, order=1)
    later = Activity.objects.get(topic__number=7, order=1)
    with time_machine.travel(dt.datetime(2018, 10, 31, 22, 30, tzinfo=dt.timezone.utc), tick=False):
        late.status = Activity.Status.IN_PROGRESS
        late.save()
    with time_machine.travel(dt.datetime(2018, 10, 31, 23, 30, tzinfo=dt.timezone.utc), tick=False):
        later.status = Activity.Status.IN_PROGRESS
        later.save()
    shown = [(h.topic.number, h.order, h.history_type)
             for h in dashboard_figures(group=plan, as_of=dt.date(2018, 10, 31)).recent_changes]
    assert (5, 1, "~") in shown
    assert (7, 1, "~") not in shown
    shown = [(h.topic.number, h.order, h.history_type)
             for h in dashboard_figures(group=plan, as_of=dt.date(2018, 11, 1)).recent_changes]
    assert shown[:2] == [(7, 1, "~"), (5, 1, "~")]
