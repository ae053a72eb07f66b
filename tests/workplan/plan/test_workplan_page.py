"""The work plan page /workplan/ (Annex I layout) and the working-group switcher."""

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from tests.support.factories import ActivityFactory, MembershipFactory, TopicFactory, WorkingGroupFactory
from tests.support.pages import *  # noqa: F401,F403
from tests.support.pages import make_activities
from workplan.models import Membership

URL = reverse("workplan:workplan")


def text(response):
    return " ".join(strip_tags(response.content.decode()).split())


def test_anonymous_is_sent_to_login(client, wgec):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@time_machine.travel(dt.datetime(2018, 11, 2, 9, tzinfo=dt.timezone.utc))
@pytest.mark.parametrize("who", ["secretariat_user", "coordinator_user", "delegate_user"])
def test_plan_is_grouped_by_topic_with_status_and_overdue(client, wgec, who, request):
    client.force_login(request.getfixturevalue(who))
    t1 = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    t2 = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    ActivityFactory(topic=t1, order=1, description="Review current draft text",
                    responsible="Co-Chairs, Co-Leads and interested Members and stakeholders",
                    timeline_text="May 2018", first_month=dt.date(2018, 5, 1), last_month=dt.date(2018, 5, 1))
    ActivityFactory(topic=t1, order=2, description="Disseminate updated draft text",
                    responsible="Secretariat", timeline_text="June 2018", status="completed",
                    first_month=dt.date(2018, 6, 1), last_month=dt.date(2018, 6, 1))
    ActivityFactory(topic=t2, order=1, description="Continue consultations and further work",
                    responsible="Co-Chairs and Sub-Group Co-Leads", timeline_text="",
                    first_month=None, last_month=None, remarks="Open-ended")
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert page.index("1. Technical Specifications") < page.index("Review current draft text") \
        < page.index("Disseminate updated draft text") < page.index("2. Flow Chart and Data Elements") \
        < page.index("Continue consultations and further work")
    assert ("Review current draft text Co-Chairs, Co-Leads and interested Members and stakeholders "
            "May 2018 Not started Overdue") in page
    assert "Disseminate updated draft text Secretariat June 2018 Completed Disseminate" not in page
    assert "June 2018 Completed 2." in page  # completed: no overdue flag
    assert "Co-Chairs and Sub-Group Co-Leads Unscheduled Open-ended Not started" in page
    assert response.content.decode().count("badge overdue") == 1


def test_query_count_does_not_grow_with_activities(sec_client, wgec):
    make_activities(wgec, 5)
    with CaptureQueriesContext(connection) as few:
        sec_client.get(URL)
    make_activities(wgec, 45)
    with CaptureQueriesContext(connection) as many:
        response = sec_client.get(URL)
    assert response.content.decode().count('class="col-activity"') == 50
    assert len(many) == len(few)


def test_with_one_group_there_is_nothing_to_choose(sec_client, wgec):
    assert b'id="group-switcher"' not in sec_client.get(URL).content


def test_switcher_shows_each_groups_plan_only(sec_client, wgec, secretariat_user):
    """With two working groups the header offers a switcher; each plan shows only its own
    activities, on /workplan/, /activities/ and /groups/."""
    other = WorkingGroupFactory(acronym="WGX", name="Working Group on Examples")
    MembershipFactory(user=secretariat_user, group=other, role=Membership.Role.DELEGATE)
    ActivityFactory(topic=TopicFactory(group=wgec, number=1), description="WGEC activity")
    ActivityFactory(topic=TopicFactory(group=other, number=1), description="WGX activity")

    response = sec_client.get(URL)
    assert b'id="group-switcher"' in response.content
    page = text(response)
    assert "WGEC activity" in page and "WGX activity" not in page

    response = sec_client.post(reverse("workplan:switch-group"), {"group": other.pk, "next": URL})
    assert response.status_code == 302 and response["Location"] == URL
    page = text(sec_client.get(URL))
    assert "Working Group on Examples" in page
    assert "WGX activity" in page and "WGEC activity" not in page
    listed = text(sec_client.get(reverse("workplan:activity-list")))
    assert "WGX activity" in listed and "WGEC activity" not in listed

    sec_client.post(reverse("workplan:switch-group"), {"group": wgec.pk, "next": URL})
    assert "WGEC activity" in text(sec_client.get(URL))


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_switching_to_an_unknown_group_is_400(sec_client, wgec, value):
    assert sec_client.post(reverse("workplan:switch-group"), {"group": value}).status_code == 400


def test_switcher_ignores_an_offsite_next(sec_client, wgec):
    response = sec_client.post(reverse("workplan:switch-group"),
                               {"group": wgec.pk, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_pages_without_any_working_group_do_not_fail(client, db):
    from tests.support.factories import UserFactory

    client.force_login(UserFactory())
    for name in ["workplan:workplan", "workplan:activity-list", "intersessional:group-list"]:
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("workplan:activity-list"), {"_export": "csv"}).status_code == 200



class _Rows(HTMLParser):
    """The text of every row of the first ``table.workplan``: a list of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.depth, self.inside = [], None, 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "workplan" in (dict(attrs).get("class") or ""):
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_seed_plan_reads_as_annex_i(sec_client, wgec):
    """With the seed's plan (tests/support/seed_plan.py, Annex I cell by cell), /workplan/
    shows each topic (number and title) followed by its activities, with Activity,
    Responsible, Timeline and Remarks exactly as written."""
    from tests.support.seed_plan import ANNEX_I, build_seed_plan

    build_seed_plan(wgec)
    parser = _Rows()
    parser.feed(sec_client.get(URL).content.decode())
    expected = [["Activity", "Responsible", "Timeline", "Remarks", "Status"]]
    for number, title, activities in ANNEX_I:
        expected.append([f"{number}. {title}"])
        for description, responsible, timeline in activities:
            expected.append([description, responsible, timeline or "Unscheduled", "", "Not started"])
    got = [row[:4] + [row[4].split(" Overdue")[0]] if len(row) == 5 else row for row in parser.rows]
    assert got == expected
    assert sum(len(a) for _, _, a in ANNEX_I) == 26
