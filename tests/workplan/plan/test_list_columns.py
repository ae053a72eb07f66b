"""The activity list's number, latest note and last-changed columns, its column chooser
that the exports follow, and the Secretariat-only columns (issue 13)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.support.factories import ActivityFactory, TopicFactory
from tests.support.pages import *  # noqa: F401,F403
from tests.support.pages import make_activities

URL = reverse("workplan:activity-list")


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def noted(wgec):
    topic = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    return ActivityFactory(topic=topic, order=3, description="Develop data elements", status="in_progress",
                           progress_note="Draft list of 40 elements circulated", internal_note="Ask CBSA first",
                           changed_at=dt.datetime(2018, 10, 31, 23, 30, tzinfo=dt.timezone.utc))


def test_default_columns_add_number_latest_note_and_last_changed(sec_client, noted):
    response = sec_client.get(URL)
    page = response.content.decode()
    assert '<td class="col-number">2.3</td>' in page
    assert "Draft list of 40 elements circulated" in page
    # 23:30 UTC on 31 October is 00:30 on 1 November in Brussels (the group's zone).
    assert "2018-11-01" in page
    assert "Ask CBSA first" not in page  # Secretariat-only columns are chosen, never default
    table = read_csv(sec_client.get(URL, {"_export": "csv"}))
    assert table[0] == ["No.", "Topic", "Activity", "Responsible", "Timeline", "Remarks", "Status",
                        "Latest note", "Last changed"]
    assert table[1][0] == "2.3" and table[1][7] == "Draft list of 40 elements circulated"
    assert table[1][8] == "2018-11-01"


def test_the_export_follows_the_column_chooser(sec_client, noted):
    params = {"cols": ["number", "description", "progress_note"]}
    page = sec_client.get(URL, params).content.decode()
    assert 'value="number" aria-label="Column: No." checked' in page and 'aria-label="Column: Remarks">' in page
    table = read_csv(sec_client.get(URL, {**params, "_export": "csv"}))
    assert table == [["No.", "Activity", "Latest note"], ["2.3", "Develop data elements",
                                                          "Draft list of 40 elements circulated"]]
    # Unknown names are ignored; nothing known chosen gives the default columns.
    assert len(read_csv(sec_client.get(URL, {"cols": ["nope"], "_export": "csv"}))[0]) == 9


def test_only_the_secretariat_can_add_its_own_columns(client, secretariat_user, delegate_user, noted):
    params = {"cols": ["number", "internal_note"], "_export": "csv"}
    client.force_login(secretariat_user)
    assert read_csv(client.get(URL, params)) == [["No.", "Internal note (Secretariat only)"],
                                                     ["2.3", "Ask CBSA first"]]
    client.force_login(delegate_user)
    page = client.get(URL, {"cols": ["number", "internal_note"]}).content.decode()
    assert "Ask CBSA first" not in page and 'value="internal_note"' not in page
    table = read_csv(client.get(URL, params))
    assert table == [["No."], ["2.3"]]
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL, {**params, "_export": "xlsx"}).content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["No."], ["2.3"]]


def test_the_seed_sized_plan_fits_on_one_page(sec_client, wgec):
    make_activities(wgec, 26)
    response = sec_client.get(URL)
    assert response.context["table"].paginator.num_pages == 1
    assert "Rows per page" not in response.content.decode() or response.context["table"].paginator.count > 25
