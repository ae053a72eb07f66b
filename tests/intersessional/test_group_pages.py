"""Intersessional group pages /groups/ and /groups/<number>/ (the seed's Annex II)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from tests.support.factories import (ActivityFactory, IntersessionalGroupFactory, ParticipationFactory,
                       PartyFactory, TopicFactory, WorkingGroupFactory)
from intersessional.models import Participation
from tests.support.pages import *  # noqa: F401,F403
from tests.support.pages import make_activities

LIST = reverse("intersessional:group-list")


def text(response):
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def flow_group(wgec):
    """Annex II row 2: "Coordinator: Canada and China GEA, UK, Japan, IATA ..."."""
    group = IntersessionalGroupFactory(working_group=wgec, number=2,
                                       item_of_work="Flow Charts and Data Elements")
    for position, name in enumerate(["Canada", "China"]):
        ParticipationFactory(group=group, party=PartyFactory(short_name=name),
                             role=Participation.Role.COORDINATOR, position=position)
    for position, name in enumerate(["GEA", "UK", "Japan", "IATA"]):
        ParticipationFactory(group=group, party=PartyFactory(short_name=name),
                             role=Participation.Role.VOLUNTEER, position=position)
    topic = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    group.topics.add(topic)
    ActivityFactory(topic=topic, order=1, description="Refine and further develop Flow Chart",
                    status="in_progress")
    ActivityFactory(topic=topic, order=2, description="Discuss Flow Chart and Data Elements",
                    timeline_text="September 2018", first_month=dt.date(2018, 9, 1),
                    last_month=dt.date(2018, 9, 1))
    return group


@pytest.mark.parametrize("path", [LIST, reverse("intersessional:group-detail", args=[2])])
def test_anonymous_is_sent_to_login(client, flow_group, path):
    response = client.get(path)
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["secretariat_user", "coordinator_user", "delegate_user"])
def test_list_shows_groups_with_coordinators_volunteers_and_topics(client, flow_group, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert response.status_code == 200
    page = text(response)
    assert "2. Flow Charts and Data Elements" in page
    assert "Coordinators Canada China Volunteers GEA UK Japan IATA" in page
    assert "2. Flow Chart and Data Elements" in page


def test_detail_shows_the_activities_of_linked_topics_with_status(sec_client, flow_group):
    response = sec_client.get(reverse("intersessional:group-detail", args=[2]))
    assert response.status_code == 200
    page = text(response)
    assert "Refine and further develop Flow Chart" in page and "In progress" in page
    assert "Discuss Flow Chart and Data Elements" in page and "September 2018" in page


def test_unknown_group_number_is_404(sec_client, flow_group):
    assert sec_client.get(reverse("intersessional:group-detail", args=[9])).status_code == 404


def test_other_working_groups_groups_are_not_shown(sec_client, flow_group):
    other = WorkingGroupFactory(acronym="WGX", name="Another group")
    IntersessionalGroupFactory(working_group=other, number=7, item_of_work="Elsewhere")
    assert "Elsewhere" not in text(sec_client.get(LIST))
    assert sec_client.get(reverse("intersessional:group-detail", args=[7])).status_code == 404


@pytest.mark.parametrize("path", [LIST, reverse("intersessional:group-detail", args=[1])])
def test_query_count_does_not_grow_with_activities(sec_client, wgec, path):
    """/groups/ and /groups/<n>/ cost as many queries for 5 activities as for 50."""
    group = IntersessionalGroupFactory(working_group=wgec, number=1)
    for i in range(3):
        ParticipationFactory(group=group, role=Participation.Role.VOLUNTEER, position=i)

    def measure():
        group.topics.set(wgec.topics.all())
        with CaptureQueriesContext(connection) as queries:
            assert sec_client.get(path).status_code == 200
        return len(queries)

    make_activities(wgec, 5)
    few = measure()
    make_activities(wgec, 45)
    for i in range(3, 10):
        ParticipationFactory(group=group, role=Participation.Role.COORDINATOR, position=i)
    assert measure() == few


# The seed's Annex II, "Volunteers" column: coordinators first, then volunteers as listed.
ANNEX_II = {
    1: ("Definitions and Technical Specifications", ["US", "EU"],
        ["India", "GEA", "Japan", "Amazon", "FIATA", "EEC", "Mexico", "UK", "Australia", "China", "Sweden",
         "Google", "UPU", "The Netherlands"]),
    2: ("Flow Charts and Data Elements", ["Canada", "China"],
        ["GEA", "UK", "Japan", "IATA", "Amazon", "FIATA", "UNECE", "France", "EEC", "US", "EU", "UPS", "Sweden",
         "UPU", "The Netherlands", "IFCBA"]),
    3: ("E-Commerce Business Models and E-Commerce Stakeholders: Roles and Responsibilities", ["China", "Amazon"],
        ["GEA", "Japan", "ICC", "FIATA", "UNECE", "US", "France", "UPU", "The Netherlands", "EEC", "Spain",
         "IFCBA"]),
    4: ("Revenue Collection Models", ["Australia", "ICC"],
        ["OECD", "Canada", "Amazon", "Australia", "EU", "China", "UPS", "Brazil", "EEC", "US", "Spain",
         "The Netherlands", "IFCBA"]),
    5: ("Implementation Strategy, Action Plan, and Capacity Building mechanism", ["EU"],
        ["Australia", "IATA", "UPU", "FIATA"]),
}


def test_seed_groups_read_as_annex_ii(client, db):
    """With the seed loaded (manage.py load_seed), /groups/ lists Annex II's five groups with
    coordinators and volunteers in the order written, and every group page answers."""
    from django.core.management import call_command

    from tests.support.factories import UserFactory

    call_command("load_seed")
    client.force_login(UserFactory())
    page = text(client.get(LIST))
    for number, (item, coordinators, volunteers) in ANNEX_II.items():
        assert (f"{number}. {item} Coordinators {' '.join(coordinators)} "
                f"Volunteers {' '.join(volunteers)} Linked topics") in page
        assert client.get(reverse("intersessional:group-detail", args=[number])).status_code == 200
