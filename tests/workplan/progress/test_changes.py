"""/changes/: changes between two dates from django-simple-history."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.plan.services import activity_update_status

BRUSSELS = ZoneInfo("Europe/Brussels")


def change(activity, by, status, note, when):
    with time_machine.travel(when, tick=False):
        activity.refresh_from_db()
        activity_update_status(activity=activity, status=status, note=note, by=by,
                                expected_version=activity.version)


def test_late_october_update_counts_in_october_R4(world, client):
    """Case R4: the month is the working group's (Brussels), not UTC's. An update at
    2018-10-31 23:30 Brussels counts in October; one at 2018-11-01 00:30 Brussels
    (still 2018-10-31 in UTC) counts in November."""
    change(world.a1, world.users.secretariat, "in_progress", "late October",
           dt.datetime(2018, 10, 31, 23, 30, tzinfo=BRUSSELS))
    change(world.a3, world.users.secretariat, "completed", "early November",
           dt.datetime(2018, 11, 1, 0, 30, tzinfo=BRUSSELS))  # 2018-10-31 23:30 UTC
    client.force_login(world.users.delegate)
    with time_machine.travel(dt.datetime(2018, 10, 31, 23, 45, tzinfo=BRUSSELS), tick=False):
        october = client.get(reverse("workplan:changes"))  # default: this month, Brussels time
    assert october.status_code == 200
    notes = [f.new for c in october.context["changes"] for f in c.fields if f.field == "progress_note"]
    assert notes == ["late October"]
    client.force_login(world.users.delegate)  # the 2018 session has expired by now
    november = client.get(reverse("workplan:changes"), {"start": "2018-11-01", "end": "2018-11-30"})
    notes = [f.new for c in november.context["changes"] for f in c.fields if f.field == "progress_note"]
    assert notes == ["early November"]


def test_change_rows_say_who_when_field_old_and_new(world, client):
    change(world.a1, world.users.secretariat, "in_progress", "first", dt.datetime(2018, 10, 3, 10, tzinfo=BRUSSELS))
    change(world.a1, world.users.secretariat, "completed", "second", dt.datetime(2018, 10, 4, 10, tzinfo=BRUSSELS))
    client.force_login(world.users.coord4)
    response = client.get(reverse("workplan:changes"), {"start": "2018-10-01", "end": "2018-10-31"})
    latest = response.context["changes"][0]
    assert latest.who == "secretariat" and latest.activity_id == world.a1.pk
    fields = {f.field: (f.old, f.new) for f in latest.fields}
    assert fields == {"status": ("In progress", "Completed"), "progress_note": ("first", "second")}
    body = response.content.decode()
    assert "In progress" in body and "Completed" in body and "secretariat" in body


def test_filter_by_topic_and_intersessional_group(world, client):
    when = dt.datetime(2018, 10, 10, 9, tzinfo=BRUSSELS)
    change(world.a1, world.users.secretariat, "in_progress", "topic 1", when)
    change(world.a6, world.users.secretariat, "in_progress", "topic 6", when)
    change(world.a2, world.users.secretariat, "in_progress", "topic 2", when)
    client.force_login(world.users.delegate)
    base = {"start": "2018-10-01", "end": "2018-10-31"}

    def notes(**extra):
        response = client.get(reverse("workplan:changes"), {**base, **extra})
        assert response.status_code == 200
        return sorted(f.new for c in response.context["changes"] for f in c.fields if f.field == "progress_note")

    assert notes() == ["topic 1", "topic 2", "topic 6"]
    assert notes(topic=world.topics.t6.pk) == ["topic 6"]
    assert notes(group=1) == ["topic 1"]
    assert notes(group=4) == ["topic 6"]


@pytest.mark.parametrize("params", [
    {"start": "2018-13-01"}, {"start": "yesterday"}, {"end": "2018-02-30"}, {"start": "2018-10-31", "end": "2018-10-01"},
    {"start": "0001-01-01"}, {"end": "9999-12-31"}, {"topic": "abc"}, {"topic": "999999"}, {"group": "x"},
    {"group": "99"}, {"page": "abc", "start": "2018-10-01"},
])
def test_bad_input_is_a_form_error_never_500(world, client, params):
    client.force_login(world.users.delegate)
    response = client.get(reverse("workplan:changes"), params)
    if params.get("page"):
        assert response.status_code == 200  # a bad page number shows the first page
    else:
        assert response.status_code == 400
        assert b'role="alert"' in response.content


def test_query_count_does_not_grow_with_changes(world, client, django_assert_max_num_queries):
    when = dt.datetime(2018, 10, 10, 9, tzinfo=BRUSSELS)
    client.force_login(world.users.secretariat)
    params = {"start": "2018-10-01", "end": "2018-10-31"}
    change(world.a1, world.users.secretariat, "in_progress", "one", when)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("workplan:changes"), params)
    for i, activity in enumerate([world.a2, world.a3, world.a6, world.a_sec] * 5):
        change(activity, world.users.coord1, ["in_progress", "completed"][i % 2], f"note {i}", when + dt.timedelta(minutes=i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("workplan:changes"), params)
    assert len(response.context["changes"]) == 21


def test_secretariat_only_fields_are_not_listed_for_others(world, client):
    world.a1.internal_note = "SECRET internal note"
    world.a1._history_date = dt.datetime(2018, 10, 5, 9, tzinfo=BRUSSELS)
    world.a1.save()
    params = {"start": "2018-10-01", "end": "2018-10-31"}
    for user in (world.users.coord1, world.users.coord4, world.users.delegate):
        client.force_login(user)
        response = client.get(reverse("workplan:changes"), params)
        assert b"SECRET internal note" not in response.content
        assert response.context["changes"] == []
    client.force_login(world.users.secretariat)
    response = client.get(reverse("workplan:changes"), params)
    assert b"SECRET internal note" in response.content


def test_times_are_shown_in_the_groups_time_zone(world, client, settings):
    settings.TIME_ZONE = "UTC"  # the server's zone must not matter
    world.group.time_zone = "Asia/Tokyo"
    world.group.save()
    change(world.a1, world.users.secretariat, "in_progress", "late", dt.datetime(2018, 10, 31, 16, 30, tzinfo=dt.UTC))
    client.force_login(world.users.delegate)
    response = client.get(reverse("workplan:changes"), {"start": "2018-11-01", "end": "2018-11-30"})
    assert b"2018-11-01 01:30" in response.content  # Tokyo is UTC+9: already November there
