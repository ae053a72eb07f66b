"""The Django admin follows the activity page's rules: timelines parsed, versions bumped,
and a form opened on an older version refused (no silent overwrite)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, UserFactory
from workplan.models import Activity


@pytest.fixture
def staff_client(client):
    user = UserFactory(username="admin-user", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def _post(client, activity, **changes):
    data = {
        "topic": activity.topic_id, "order": activity.order, "description": activity.description,
        "responsible": activity.responsible, "timeline_text": activity.timeline_text,
        "status": activity.status, "remarks": activity.remarks, "progress_note": activity.progress_note,
        "opened_version": activity.version,
    }
    data.update(changes)
    return client.post(reverse("admin:workplan_activity_change", args=[activity.pk]), data)


@pytest.mark.django_db
def test_admin_change_parses_timeline_and_bumps_version(staff_client):
    activity = ActivityFactory()
    response = _post(staff_client, activity, timeline_text="October 2018 to March 2019")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.first_month, activity.last_month) == (dt.date(2018, 10, 1), dt.date(2019, 3, 1))
    assert activity.version == 2
    assert activity.changed_by.username == "admin-user"


@pytest.mark.django_db
def test_admin_refuses_a_timeline_it_cannot_read(staff_client):
    activity = ActivityFactory()
    response = _post(staff_client, activity, timeline_text="after the meeting")
    assert response.status_code == 200
    assert "after the meeting" in response.content.decode()
    activity.refresh_from_db()
    assert activity.timeline_text == "October 2018" and activity.version == 1


@pytest.mark.django_db
def test_admin_form_opened_on_an_older_version_is_refused(staff_client):
    activity = ActivityFactory()
    Activity.objects.filter(pk=activity.pk).update(version=2, status=Activity.Status.COMPLETED)
    response = _post(staff_client, activity, remarks="mine")  # opened on version 1
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED and activity.remarks == ""
