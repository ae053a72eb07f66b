"""S4 e-mail as a name: one display name for people on every page, export, e-mail and
PDF (``workplan.plan.visibility.person_name``); an address only to the Secretariat and the
person themselves."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.roles import make_user, world  # noqa: F401
from tests.support.pdf_reading import pdf_pages_text
from workplan.models import Membership, ProgressUpdate
from workplan.plan.services import activity_update_status
from workplan.plan.visibility import person_name

SEC_ADDRESS = "jane.doe@wco.example.org"
COORD_ADDRESS = "k.smith@cbp.example.gov"


@pytest.fixture
def addressed(world):
    """A Secretariat member and a coordinator (party US) whose usernames are e-mail
    addresses and who gave no name; the first changes a1, the second proposes on a3."""
    sec = make_user(SEC_ADDRESS, group=world.group, role=Membership.Role.SECRETARIAT, email=SEC_ADDRESS)
    coord = make_user(COORD_ADDRESS, parties=[world.party["US"]], group=world.group, email=COORD_ADDRESS)
    activity_update_status(activity=world.a1, status="in_progress", note="Draft circulated", by=sec,
                           expected_version=world.a1.version)
    ProgressUpdate.objects.create(activity=world.a3, submitted_by=coord, status="in_progress",
                                  note="Definitions drafted", base_version=world.a3.version)
    return sec, coord


def test_person_name_rules(world, addressed):
    """S4: full name, else a username that is not an address, else a role label, except
    for the Secretariat and the person themselves."""
    sec, coord = addressed
    delegate = world.users.delegate
    assert person_name(world.users.coord1) == "coord1"
    world.users.coord1.first_name, world.users.coord1.last_name = "Kim", "Lee"
    assert person_name(world.users.coord1, viewer=delegate) == "Kim Lee"
    assert person_name(sec, viewer=delegate) == "a Secretariat member"
    assert person_name(coord, viewer=delegate) == "a representative of US"
    assert person_name(coord) == "a representative of US"  # no viewer: PDF, exports
    assert person_name(coord, viewer=coord) == COORD_ADDRESS
    assert person_name(coord, viewer=world.users.secretariat) == COORD_ADDRESS
    assert person_name(None) == "system"


@pytest.mark.parametrize("who", ["delegate", "coord1", "coord4"])
def test_pages_never_show_an_address_to_others(world, addressed, who):
    """S4: activity page (last changed by, history), dashboard, /changes/, the pending
    update block and /my/: the role label, never the address, for every non-Secretariat."""
    client = Client()
    client.force_login(getattr(world.users, who))
    pages = [reverse("workplan:activity-detail", args=[world.a1.pk]),
             reverse("workplan:activity-detail", args=[world.a3.pk]),
             reverse("workplan:dashboard"), reverse("workplan:changes"), reverse("workplan:my-items"),
             reverse("workplan:activity-list") + "?_export=csv",
             reverse("workplan:activity-list") + "?_export=xlsx"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8", "replace") if "xlsx" not in url else ""
        assert SEC_ADDRESS not in body and COORD_ADDRESS not in body and "jane.doe" not in body, url
    detail = client.get(pages[0]).content.decode()
    assert "a Secretariat member" in detail


def test_secretariat_sees_the_address(world, addressed):
    """S4: the Secretariat may see addresses (it manages people)."""
    client = Client()
    client.force_login(world.users.secretariat)
    assert SEC_ADDRESS in client.get(reverse("workplan:activity-detail", args=[world.a1.pk])).content.decode()
    assert COORD_ADDRESS in client.get(reverse("workplan:reviews")).content.decode()


def test_pdf_report_names_people_without_addresses(world, addressed, tmp_path):
    """S4: the PTC progress report (WeasyPrint, read back with pdftotext) says who changed
    an activity by the role label, never by the address."""
    from workplan.reports.build import render_report

    text = " ".join(pdf_pages_text(render_report(meeting=world.meeting).pdf, tmp_path))
    assert "a Secretariat member" in text
    assert SEC_ADDRESS not in text and "jane.doe" not in text and "@" not in text


def test_role_labels_cost_no_query_per_row(world, addressed, django_assert_max_num_queries):
    """S4: /changes/ with many changes by one address-named person: the label is looked
    up once per page, not once per row."""
    sec, _ = addressed
    for n in range(2, 12):
        activity_update_status(activity=world.a1, status="in_progress", note=f"Step {n}", by=sec,
                               expected_version=n)
    client = Client()
    client.force_login(world.users.delegate)
    client.get(reverse("workplan:changes"))  # warm the session
    with django_assert_max_num_queries(15):  # 13 here; about 35 with a lookup per row
        html = client.get(reverse("workplan:changes")).content.decode()
    assert html.count("a Secretariat member") >= 10 and SEC_ADDRESS not in html
