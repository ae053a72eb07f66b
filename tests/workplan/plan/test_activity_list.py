"""The activity list /activities/: filters, sorting on every column (L1, L3), paging (L2),
bad query strings, query counts."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.support.factories import (ActivityFactory, IntersessionalGroupFactory, PartyFactory, TopicFactory,
                       WorkingGroupFactory)
from tests.support.pages import *  # noqa: F401,F403
from tests.support.pages import make_activities
from workplan.models import Activity
from workplan.plan.tables import ActivityTable

URL = reverse("workplan:activity-list")


def rows(response):
    return list(response.context["table"].paginated_rows)


def descriptions(response):
    return [row.record.description for row in rows(response)]


@pytest.fixture
def timeline_mix(wgec):
    """Case L3's data: two scheduled timelines and two blank ones, plus one more month."""
    topic = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    made = {}
    for order, (desc, text, first, last) in enumerate([
        ("B blank", "", None, None),
        ("Span", "October 2018 to March 2019", dt.date(2018, 10, 1), dt.date(2019, 3, 1)),
        ("A blank", "", None, None),
        ("Autumn", "September/October 2018", dt.date(2018, 9, 1), dt.date(2018, 10, 1)),
        ("May", "May 2018", dt.date(2018, 5, 1), dt.date(2018, 5, 1)),
    ], start=1):
        made[desc] = ActivityFactory(topic=topic, order=order, description=desc, timeline_text=text,
                                     first_month=first, last_month=last)
    return made


def test_anonymous_is_sent_to_login(client, wgec):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["secretariat_user", "coordinator_user", "delegate_user"])
def test_everyone_logged_in_reads_the_list(client, timeline_mix, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 200
    assert len(rows(response)) == 5
    assert client.get(URL, {"_export": "csv"}).status_code == 200


def test_lists_only_the_current_groups_activities(sec_client, wgec):
    ActivityFactory(topic=TopicFactory(group=wgec), description="Ours")
    other = WorkingGroupFactory(acronym="WGX", name="Another group")
    ActivityFactory(topic=TopicFactory(group=other), description="Theirs")
    response = sec_client.get(URL)
    assert response.status_code == 200
    assert descriptions(response) == ["Ours"]


# --- L1: every column sorts ---------------------------------------------------------

@pytest.mark.parametrize("column", [name for name, _ in ActivityTable.base_columns.items()])
@pytest.mark.parametrize("sign", ["", "-"])
def test_every_column_sorts_without_error(sec_client, timeline_mix, column, sign):
    """Case L1: ?sort=col and ?sort=-col answer 200 for every column of the table, and
    every row is still there."""
    # Every column shown (the Secretariat may show its own columns too).
    response = sec_client.get(URL, {"sort": sign + column, "cols": list(ActivityTable.base_columns)})
    assert response.status_code == 200
    assert len(rows(response)) == 5
    assert response.context["table"].order_by == (sign + column,)


def test_sort_on_unknown_column_is_ignored(sec_client, timeline_mix):
    """Case L1: an unknown sort column is dropped, the page answers 200 in plan order."""
    response = sec_client.get(URL, {"sort": "no_such_column"})
    assert response.status_code == 200
    assert descriptions(response) == ["B blank", "Span", "A blank", "Autumn", "May"]


def test_timeline_sorts_by_first_then_last_month_then_title(sec_client, wgec):
    """Case L1: the timeline column (a computed label) sorts by first month, last month,
    then activity text."""
    topic = TopicFactory(group=wgec)
    for order, (desc, first, last) in enumerate([
        ("Zeta", (2018, 9), (2018, 10)), ("Alpha", (2018, 9), (2018, 10)),
        ("Long", (2018, 9), (2019, 3)), ("Early", (2018, 5), (2018, 5)),
    ], start=1):
        ActivityFactory(topic=topic, order=order, description=desc, timeline_text=desc,
                        first_month=dt.date(*first, 1), last_month=dt.date(*last, 1))
    assert descriptions(sec_client.get(URL, {"sort": "timeline"})) == ["Early", "Alpha", "Zeta", "Long"]
    assert descriptions(sec_client.get(URL, {"sort": "-timeline"})) == ["Long", "Zeta", "Alpha", "Early"]


def test_blank_timelines_come_last_in_both_directions(sec_client, timeline_mix):
    """Case L3 (on PostgreSQL): blank (unscheduled) timelines come last ascending and
    descending, in a stable order among themselves."""
    from django.db import connection

    assert connection.vendor == "postgresql"
    up = descriptions(sec_client.get(URL, {"sort": "timeline"}))
    down = descriptions(sec_client.get(URL, {"sort": "-timeline"}))
    assert up == ["May", "Autumn", "Span", "A blank", "B blank"]
    assert down == ["Span", "Autumn", "May", "B blank", "A blank"]
    # Stable: asking again gives the same order.
    assert descriptions(sec_client.get(URL, {"sort": "-timeline"})) == down


@pytest.mark.parametrize("column", ["remarks", "responsible"])
def test_blank_text_cells_come_last_in_both_directions(sec_client, wgec, column):
    """Cases L1/L3 for text columns: blank Remarks or Responsible cells come last whichever
    way the column is sorted, in plan order among themselves."""
    topic = TopicFactory(group=wgec)
    for order, (desc, value) in enumerate([("blank 1", ""), ("b", "Beta"), ("blank 2", ""), ("a", "Alpha")],
                                          start=1):
        ActivityFactory(topic=topic, order=order, description=desc, **{column: value})
    assert descriptions(sec_client.get(URL, {"sort": column})) == ["a", "b", "blank 1", "blank 2"]
    assert descriptions(sec_client.get(URL, {"sort": "-" + column})) == ["b", "a", "blank 1", "blank 2"]


def test_status_sorts_in_workflow_order(sec_client, wgec):
    """Case L1: status sorts by its workflow order, not by its codes."""
    topic = TopicFactory(group=wgec)
    for order, status in enumerate(["completed", "not_started", "in_progress"], start=1):
        ActivityFactory(topic=topic, order=order, description=status, status=status)
    assert descriptions(sec_client.get(URL, {"sort": "status"})) == ["not_started", "in_progress", "completed"]
    assert descriptions(sec_client.get(URL, {"sort": "-status"})) == ["completed", "in_progress", "not_started"]


def test_topic_sorts_by_number_then_order(sec_client, wgec):
    """Case L1: the topic column sorts by topic number (10 after 9), then activity order."""
    nine, ten = TopicFactory(group=wgec, number=9), TopicFactory(group=wgec, number=10)
    ActivityFactory(topic=ten, order=1, description="10.1")
    ActivityFactory(topic=nine, order=2, description="9.2")
    ActivityFactory(topic=nine, order=1, description="9.1")
    assert descriptions(sec_client.get(URL, {"sort": "topic"})) == ["9.1", "9.2", "10.1"]
    assert descriptions(sec_client.get(URL, {"sort": "-topic"})) == ["10.1", "9.2", "9.1"]


# --- L2: paging parameters ------------------------------------------------------------

@pytest.mark.parametrize("params, page, per_page", [
    ({"per_page": "-1"}, 1, 50),
    ({"per_page": "0"}, 1, 50),
    ({"per_page": "abc"}, 1, 50),
    ({"per_page": "100000"}, 1, 100),
    ({"per_page": "2", "page": "99"}, 3, 2),
    ({"per_page": "2", "page": "0"}, 1, 2),
    ({"per_page": "2", "page": "-3"}, 1, 2),
    ({"per_page": "2", "page": "abc"}, 1, 2),
    ({"per_page": "2", "page": "2"}, 2, 2),
    ({"per_page": "2", "page": ""}, 1, 2),
])
def test_paging_parameters_never_fail(sec_client, wgec, params, page, per_page):
    """Case L2: with 5 activities, bad or extreme paging parameters still answer 200;
    page past the end shows the last page; page 0 or junk shows page 1; per_page <= 0
    or junk uses the default (50); per_page is capped at 100."""
    make_activities(wgec, 5)
    response = sec_client.get(URL, params)
    assert response.status_code == 200
    table = response.context["table"]
    assert table.page.number == page
    assert table.paginator.per_page == per_page
    expected_rows = min(per_page, 5 - (page - 1) * per_page)
    assert len(rows(response)) == expected_rows


def test_default_page_size_is_50(sec_client, wgec):
    """A working group's plan fits on one page by default (the seed's 26 activities)."""
    make_activities(wgec, 60)
    response = sec_client.get(URL)
    assert len(rows(response)) == 50
    assert response.context["table"].paginator.num_pages == 2
    assert b"Rows per page" in response.content and b"per_page=100" in response.content


# --- filters ---------------------------------------------------------------------------

def test_filter_by_topic_status_and_party(sec_client, wgec):
    t1, t2 = TopicFactory(group=wgec, number=1), TopicFactory(group=wgec, number=2)
    cbsa = PartyFactory(short_name="CBSA")
    a = ActivityFactory(topic=t1, description="a", status="in_progress")
    a.parties.add(cbsa)
    ActivityFactory(topic=t1, description="b", status="completed")
    ActivityFactory(topic=t2, description="c", status="in_progress")
    assert descriptions(sec_client.get(URL, {"topic": t1.pk})) == ["a", "b"]
    assert descriptions(sec_client.get(URL, {"status": "in_progress"})) == ["a", "c"]
    assert descriptions(sec_client.get(URL, {"party": cbsa.pk})) == ["a"]
    assert descriptions(sec_client.get(URL, {"topic": t1.pk, "status": "in_progress"})) == ["a"]


def test_filter_by_intersessional_group(sec_client, wgec):
    t1, t2 = TopicFactory(group=wgec, number=1), TopicFactory(group=wgec, number=2)
    ActivityFactory(topic=t1, description="in group")
    ActivityFactory(topic=t2, description="not in group")
    ig = IntersessionalGroupFactory(working_group=wgec, number=1)
    ig.topics.add(t1)
    assert descriptions(sec_client.get(URL, {"intersessional_group": ig.pk})) == ["in group"]


def test_filter_by_months_keeps_overlapping_timelines(sec_client, timeline_mix):
    """Timeline between two months: activities whose timeline overlaps the span; blank
    timelines never match."""
    got = descriptions(sec_client.get(URL, {"timeline_from": "2018-10", "timeline_to": "2018-12"}))
    assert got == ["Span", "Autumn"]
    assert descriptions(sec_client.get(URL, {"timeline_from": "2019-01"})) == ["Span"]
    assert descriptions(sec_client.get(URL, {"timeline_to": "2018-05"})) == ["May"]


@time_machine.travel(dt.datetime(2018, 11, 15, 12, tzinfo=dt.timezone.utc))
def test_filter_overdue_as_of_today(sec_client, timeline_mix):
    """Overdue as of today (15 November 2018): "May" and "Autumn" ended before November."""
    Activity.objects.filter(description="May").update(status="completed")
    assert descriptions(sec_client.get(URL, {"overdue": "yes"})) == ["Autumn"]
    assert descriptions(sec_client.get(URL, {"overdue": "no"})) == ["B blank", "Span", "A blank", "May"]
    response = sec_client.get(URL)
    assert b"badge overdue" in response.content


@pytest.mark.parametrize("params, field", [
    ({"timeline_from": "2018-13"}, "timeline_from"),
    ({"timeline_from": "October"}, "timeline_from"),
    ({"timeline_to": "2018-02-30"}, "timeline_to"),
    ({"status": "finished"}, "status"),
    ({"topic": "abc"}, "topic"),
    ({"topic": "999999"}, "topic"),
    ({"party": "x"}, "party"),
    ({"intersessional_group": "0"}, "intersessional_group"),
    ({"overdue": "maybe"}, "overdue"),
    ({"timeline_from": "2018-10\x00"}, "timeline_from"),
    ({"timeline_to": "99999-01"}, "timeline_to"),
    ({"status": "in_progress\x00"}, "status"),
    ({"timeline_from": "2019-03", "timeline_to": "2018-10"}, "timeline_to"),
])
def test_bad_filter_values_show_an_error_and_no_rows(sec_client, timeline_mix, params, field):
    """Bad query strings answer 400 with the error on the filter form, never 500, and no
    rows: a filter that cannot be read never widens the result (issue 12)."""
    response = sec_client.get(URL, params)
    assert response.status_code == 400
    assert field in response.context["filter"].form.errors
    assert b'class="errorlist"' in response.content
    assert len(rows(response)) == 0


@pytest.mark.parametrize("params", [
    {"_export": "pdf"}, {"_export": "json"}, {"_export": ""}, {"sort": ""}, {"sort": "-"},
    {"sort": "timeline,-status"}, {"sort": "--timeline"}, {"page": "1e9"}, {"per_page": "1.5"},
])
def test_junk_parameters_are_ignored(sec_client, timeline_mix, params):
    """Unknown export formats and odd sort values are ignored: 200 with the HTML page."""
    response = sec_client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- query counts ------------------------------------------------------------------------

@pytest.mark.parametrize("sort", ["", "timeline", "-status"])
def test_query_count_does_not_grow_with_activities(sec_client, wgec, django_assert_max_num_queries,
                                                   sort):
    """The list costs the same number of queries for 5 and for 50 activities."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_activities(wgec, 5)
    params = {"sort": sort, "per_page": "100"} if sort else {"per_page": "100"}
    with CaptureQueriesContext(connection) as few:
        assert sec_client.get(URL, params).status_code == 200
    make_activities(wgec, 45)
    with CaptureQueriesContext(connection) as many:
        response = sec_client.get(URL, params)
    assert len(rows(response)) == 50
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few)):
        sec_client.get(URL, params)


@pytest.mark.django_db
def test_activity_list_filters_by_framework_standard(client):
    """Issue 7: the activity list filters by the Framework standard an activity serves."""
    from tests.support.factories import ActivityFactory, MembershipFactory, UserFactory
    from workplan.framework.models import Principle, Standard

    principle = Principle.objects.create(number=1, roman="I", title="Advance Electronic Data and Risk Management")
    standard = Standard.objects.create(number=1, title="Legal Framework for Advance Electronic Data",
                                       principle=principle)
    tagged, other = ActivityFactory(description="Tagged one"), ActivityFactory(description="Untagged one")
    standard.activities.add(tagged)
    user = UserFactory(username="reader")
    MembershipFactory(user=user, group=tagged.topic.group)
    client.force_login(user)
    html = client.get("/activities/", {"standard": standard.pk}).content.decode()
    assert "Tagged one" in html and "Untagged one" not in html
    assert client.get("/activities/", {"standard": "nope"}).status_code == 400  # refused: no rows
