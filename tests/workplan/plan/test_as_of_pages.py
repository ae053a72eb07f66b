"""The plan as of a past day: every page shows what it showed at the end of that day.

Issue 16's "done when": a plan changed on several days (status, timeline, parties, a
cancellation, an addition, a change just after midnight Brussels time that is still the
previous day in UTC); each page and the CSV export are captured at the end of each day
with a frozen clock, and asked for later with ``?as_of=`` they are equal, cell for cell.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import time_machine

from tests.support.factories import ActivityFactory
from tests.support.roles import world  # noqa: F401
from workplan.models import Activity
from workplan.plan.services import activity_update_status
from workplan.plan.timeline import parse_timeline

BRUSSELS = ZoneInfo("Europe/Brussels")
DAYS = [dt.date(2027, 1, 4), dt.date(2027, 1, 5), dt.date(2027, 1, 6), dt.date(2027, 1, 7)]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS)


def cells(html: bytes) -> list[str]:
    """The text of every cell, list item, caption and chart label of the page's main
    part, in order; the past-view banner, the forms and the page heading (which says
    which day is shown) are left out."""
    main = lxml.html.fromstring(html).get_element_by_id("main")
    for xpath in ("//*[contains(@class, 'as-of-banner')]", "//form", "//*[contains(@class, 'page-head')]",
                  "//*[contains(@class, 'messages')]"):
        for el in main.xpath(xpath):
            el.drop_tree()
    wanted = {"td", "th", "li", "caption", "figcaption", "h2", "text", "title", "p"}
    return [" ".join(el.text_content().split()) for el in main.iter() if el.tag in wanted]


def pages(world) -> list[str]:
    us = world.party["US"].pk
    return ["/", "/workplan/", "/activities/", "/activities/?status=in_progress", f"/activities/?party={us}",
            "/activities/?overdue=yes", "/activities/?sort=-timeline", "/timeline/", "/groups/1/", "/groups/4/"]


def capture(client, world) -> dict:
    shown = {}
    for url in pages(world):
        response = client.get(url)
        # A refused filter (a party not in that day's plan) is a 400 on both: same answer.
        shown[url] = (response.status_code, cells(response.content))
    shown["csv"] = client.get("/activities/?_export=csv").content
    return shown


def update(activity, by, *, status=None, note=None, timeline=None):
    activity.refresh_from_db()
    activity_update_status(activity=activity, status=status or activity.status,
                           note=activity.progress_note if note is None else note, by=by,
                           expected_version=activity.version,
                           timeline=parse_timeline(timeline) if timeline else None)


@pytest.mark.django_db
def test_each_page_as_of_each_day_equals_what_it_showed_that_day(client, world):
    """Issue 16: status, timeline, parties, a cancellation, a withdrawal, an addition;
    pages and CSV."""
    sec = world.users.secretariat
    seen = {}

    with time_machine.travel(at(DAYS[0], 10), tick=False):
        update(world.a1, sec, status=Activity.Status.IN_PROGRESS, note="Drafting started")
    with time_machine.travel(at(DAYS[0], 23, 50), tick=False):
        client.force_login(sec)
        seen[DAYS[0]] = capture(client, world)

    with time_machine.travel(at(DAYS[1], 9), tick=False):
        update(world.a2, sec, timeline="March 2027", note="Moved after the PTC")
        a_sec = world.a_sec
        a_sec.responsible = "Secretariat and US"
        a_sec.save()
        a_sec.parties.add(world.party["US"])
    with time_machine.travel(at(DAYS[1], 23, 50), tick=False):
        client.force_login(sec)
        seen[DAYS[1]] = capture(client, world)

    with time_machine.travel(at(DAYS[2], 11), tick=False):
        ActivityFactory(topic=world.topics.t2, order=2, description="Added on the third day",
                        responsible="EU", timeline_text="June 2027", first_month=dt.date(2027, 6, 1),
                        last_month=dt.date(2027, 6, 1))
        update(world.a3, sec, status=Activity.Status.CANCELLED, note="Dropped by the Council")
        # Withdrawn (never deleted): still there as of the days before, with the mark after.
        world.a2.refresh_from_db()
        world.a2.withdrawn_at, world.a2.withdrawn_by = at(DAYS[2], 11), sec
        world.a2.save()
    with time_machine.travel(at(DAYS[2], 23, 50), tick=False):
        client.force_login(sec)
        seen[DAYS[2]] = capture(client, world)

    with time_machine.travel(at(DAYS[3], 23, 30), tick=False):
        update(world.a1, sec, status=Activity.Status.COMPLETED, note="Done")
    with time_machine.travel(at(DAYS[3], 23, 50), tick=False):
        client.force_login(sec)
        seen[DAYS[3]] = capture(client, world)
    # 00:30 on 8 January in Brussels is still 7 January in UTC: not part of the 7th.
    with time_machine.travel(at(DAYS[3] + dt.timedelta(days=1), 0, 30), tick=False):
        update(world.a6, sec, status=Activity.Status.POSTPONED, note="After midnight")
        world.a2.parties.add(world.party["Japan"])

    with time_machine.travel(at(dt.date(2027, 2, 1), 12), tick=False):
        client.force_login(sec)
        for day in DAYS:
            for url in pages(world):
                joined = f"{url}{'&' if '?' in url else '?'}as_of={day.isoformat()}"
                response = client.get(joined)
                assert b"as-of-banner" in response.content, joined
                assert (response.status_code, cells(response.content)) == seen[day][url], \
                    f"{joined} differs from {day}"
            csv = client.get(f"/activities/?_export=csv&as_of={day.isoformat()}")
            assert csv.content == seen[day]["csv"], day
            assert f"as-of-{day.isoformat()}" in csv["Content-Disposition"]
        # And the pages really differ from day to day (the comparison is not vacuous).
        assert seen[DAYS[0]]["/activities/"] != seen[DAYS[1]]["/activities/"]
        assert seen[DAYS[2]]["csv"] != seen[DAYS[3]]["csv"]
        past = client.get(f"/activities/?as_of={DAYS[1].isoformat()}").context["table"].data.data
        assert past.get(id=world.a2.pk).withdrawn_at is None
        later = client.get(f"/activities/?as_of={DAYS[2].isoformat()}").context["table"].data.data
        assert later.get(id=world.a2.pk).withdrawn_at is not None
        assert seen[DAYS[1]][f"/activities/?party={world.party['US'].pk}"] \
            != seen[DAYS[0]][f"/activities/?party={world.party['US'].pk}"]


@pytest.mark.django_db
def test_a_day_before_the_plan_existed_says_so_and_lists_nothing(client, world):
    client.force_login(world.users.delegate)
    response = client.get("/activities/?as_of=2018-01-01")
    assert response.status_code == 200
    text = " ".join(lxml.html.fromstring(response.content).text_content().split())
    assert "The work plan did not exist yet on that day" in text
    assert response.context["table"].paginator.count == 0
    assert "Back to today" in text


@pytest.mark.parametrize("value", ["yesterday", "2019-02-30", "20190101", "0001-01-01", "2019-1-1"])
@pytest.mark.parametrize("url", ["/", "/workplan/", "/activities/", "/activities/?_export=csv", "/timeline/",
                                 "/groups/1/"])
@pytest.mark.django_db
def test_an_invalid_as_of_is_a_400_with_the_reason(client, world, url, value):
    client.force_login(world.users.delegate)
    response = client.get(f"{url}{'&' if '?' in url else '?'}as_of={value}")
    assert response.status_code == 400
    assert b'role="alert"' in response.content


@pytest.mark.django_db
def test_today_or_a_later_day_is_the_live_plan(client, world):
    client.force_login(world.users.delegate)
    today = world.group.today()
    for day in (today, today + dt.timedelta(days=30)):
        response = client.get(f"/activities/?as_of={day.isoformat()}")
        assert response.status_code == 200
        assert b"as-of-banner" not in response.content


@pytest.mark.django_db
def test_past_pages_cost_the_same_queries_at_5_and_60_activities(client, world, django_assert_max_num_queries):
    """Issue 16: query counts of as-of pages do not grow with the number of rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users.secretariat)
    tomorrow = world.group.today() + dt.timedelta(days=1)
    urls = [u + ("&" if "?" in u else "?") + f"as_of={world.group.today().isoformat()}" for u in pages(world)]
    urls.append(f"/activities/?_export=csv&as_of={world.group.today().isoformat()}")

    def counts():
        result = {}
        with time_machine.travel(at(tomorrow, 12), tick=False):
            client.force_login(world.users.secretariat)
            for url in urls:
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code in (200, 400), url  # 400: a refused filter
                result[url] = len(ctx.captured_queries)
        return result

    world.a_sec.parties.add(world.party["US"])  # the party filter is then a valid choice in both
    small = counts()
    for n in range(55):
        activity = ActivityFactory(topic=[world.topics.t1, world.topics.t3, world.topics.t6][n % 3], order=100 + n,
                                   status=Activity.Status.IN_PROGRESS if n % 2 else Activity.Status.NOT_STARTED)
        activity.parties.add(world.party["US"])
    assert counts() == small
