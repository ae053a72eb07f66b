"""/timeline/: the chart of the current working group, filtered like the activity list."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.factories import MembershipFactory, UserFactory
from tests.support.seed_plan import build_seed_plan
from workplan.models import Activity, Membership, Topic, WorkingGroup

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def plan():
    return build_seed_plan(statuses={"1.1": "completed", "1.2": "completed", "4.3": "in_progress"})


@pytest.fixture
def secretariat(plan):
    return MembershipFactory(group=plan, role=Membership.Role.SECRETARIAT, user=UserFactory(username="sec")).user


def chart(response) -> ET.Element:
    html = response.content.decode()
    start = html.index("<svg")
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


def bar_numbers(root):
    return [g.get("data-activity") for g in root.iter(f"{SVG}g") if g.get("class") == "bar-row"]


def months(root):
    return [t.get("data-month") for t in root.iter(f"{SVG}text") if t.get("class") == "month"]


def test_timeline_draws_the_current_groups_plan(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("workplan:timeline"))
    assert response.status_code == 200
    root = chart(response)
    assert len(bar_numbers(root)) == 25
    assert months(root)[0] == "2018-05" and months(root)[-1] == "2019-06"
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "meeting"]) == 3


def test_filters_use_the_activity_lists_parameters_and_keep_the_plans_months(client, secretariat, plan):
    client.force_login(secretariat)
    root = chart(client.get(reverse("workplan:timeline"), {"status": "completed"}))
    assert bar_numbers(root) == ["1.1", "1.2"]
    topic = Topic.objects.get(group=plan, number=4)
    root = chart(client.get(reverse("workplan:timeline"), {"topic": topic.pk}))
    assert bar_numbers(root) == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    assert months(root)[0] == "2018-05" and months(root)[-1] == "2019-06"
    root = chart(client.get(reverse("workplan:timeline"), {"topic": topic.pk, "status": "in_progress"}))
    assert bar_numbers(root) == ["4.3"]


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"topic": "abc"}, {"topic": "999999"},
                                    {"status": "<script>"}])
def test_bad_filter_values_show_the_error_not_a_500(client, secretariat, params):
    client.force_login(secretariat)
    response = client.get(reverse("workplan:timeline"), params)
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_other_groups_topics_are_not_offered_or_accepted(client, secretariat):
    other = WorkingGroup.objects.create(acronym="ZZZ", name="Other")
    foreign = Topic.objects.create(group=other, number=1, title="Foreign topic")
    client.force_login(secretariat)
    response = client.get(reverse("workplan:timeline"), {"topic": foreign.pk})
    html = response.content.decode()
    assert "Foreign topic" not in html and 'class="errorlist"' in html
    # As on the activity list, a refused filter shows no activities (never more).
    assert response.status_code == 400
    assert bar_numbers(chart(response)) == []


def test_user_text_in_the_page_is_escaped(client, secretariat, plan):
    Topic.objects.filter(group=plan, number=1).update(title='<script>alert(1)</script>')
    Activity.objects.filter(topic__number=1, order=1).update(description='<img src=x onerror=alert(1)>')
    client.force_login(secretariat)
    html = client.get(reverse("workplan:timeline")).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_every_user_may_read_it_anonymous_must_log_in(client, plan, secretariat):
    for user in (secretariat, UserFactory(username="delegate"), UserFactory(username="coordinator")):
        client.force_login(user)
        assert client.get(reverse("workplan:timeline")).status_code == 200
    client.logout()
    assert client.get(reverse("workplan:timeline")).status_code == 302


def test_timeline_query_count_does_not_grow_with_activities(client, secretariat, plan):
    client.force_login(secretariat)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("workplan:timeline"))
    topic = Topic.objects.get(group=plan, number=5)
    Activity.objects.bulk_create([
        Activity(topic=topic, order=100 + i, description=f"Extra {i}", timeline_text="May 2019",
                 first_month=dt.date(2019, 5, 1), last_month=dt.date(2019, 5, 1)) for i in range(200)])
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("workplan:timeline"))
    assert len(bar_numbers(chart(response))) == 225
    assert len(before) == len(after)
