"""The activity table's own row rendering (ActivityTable.fast_tbody, issue 8) gives the
same HTML as django-tables2's generic rows, for every kind of cell."""

import datetime as dt
import re

import pytest
from django.test import RequestFactory

from workplan.models import Activity, Topic, WorkingGroup
from workplan.plan.selectors import activities_for_group
from workplan.plan.tables import ActivityTable, SafeRequestConfig


def _tbody(table, request):
    html = table.as_html(request)
    body = html[html.index("<tbody"):html.index("</tbody>") + len("</tbody>")]
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", body)).replace("<tbody >", "<tbody>").replace(" >", ">")


@pytest.fixture
def group(db):
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    topic = Topic.objects.create(group=group, number=2, title="Flow Chart & <Data> Elements")
    month = dt.date(2018, 5, 1)
    Activity.objects.bulk_create([
        Activity(topic=topic, order=1, description="Review <b>draft</b> & text", responsible="Co-Chairs, \"Co-Leads\"",
                 timeline_text="May 2018", first_month=month, last_month=month, remarks="Open-ended"),
        Activity(topic=topic, order=2, description="Unscheduled one", responsible="", timeline_text="",
                 status=Activity.Status.IN_PROGRESS),
        Activity(topic=topic, order=3, description="Tentative one", responsible="Secretariat",
                 timeline_text="May 2018", first_month=month, last_month=month, tentative=True,
                 status=Activity.Status.COMPLETED, remarks="It's <i>fine</i>"),
        Activity(topic=topic, order=4, description="Cancelled one", timeline_text="May 2018",
                 first_month=month, last_month=month, status=Activity.Status.CANCELLED),
    ])
    return group


@pytest.mark.parametrize("params", [{}, {"sort": "-timeline"}, {"sort": "status", "per_page": "2", "page": "2"},
                                    {"sort": "topic"}])
def test_fast_rows_equal_django_tables2_rows(group, monkeypatch, params):
    request = RequestFactory().get("/activities/", params)

    def table():
        t = ActivityTable(activities_for_group(group=group), today=dt.date(2018, 11, 2))
        return SafeRequestConfig(request).configure(t)

    fast = _tbody(table(), request)
    monkeypatch.setattr(ActivityTable, "FAST_COLUMNS", ())
    generic = _tbody(table(), request)
    assert fast == generic
    assert "badge overdue" in fast or params.get("page") == "2"


def test_fast_rows_of_an_empty_page_show_the_empty_text(group, monkeypatch):
    request = RequestFactory().get("/activities/")
    fast = _tbody(SafeRequestConfig(request).configure(ActivityTable(Activity.objects.none())), request)
    monkeypatch.setattr(ActivityTable, "FAST_COLUMNS", ())
    generic = _tbody(SafeRequestConfig(request).configure(ActivityTable(Activity.objects.none())), request)
    assert fast == generic and "No activity matches these filters." in fast
