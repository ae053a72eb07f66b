"""The Django admin follows the activity page's rules: timelines parsed, versions bumped,
and a form opened on an older version refused (no silent overwrite)."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support.factories import ActivityFactory, UserFactory
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


@pytest.mark.django_db
def test_secretariat_staff_see_only_their_working_groups_in_the_admin(client):
    """One deployment, several working groups: the admin shows Secretariat staff their
    own group's rows and offers only their own topics; a superuser sees all."""
    from django.contrib.auth.models import Permission

    from tests.support.factories import MembershipFactory, TopicFactory, WorkingGroupFactory
    from workplan.models import Membership

    wgec, other = WorkingGroupFactory(acronym="WGEC"), WorkingGroupFactory(acronym="TFAWG", name="TFA WG")
    mine = ActivityFactory(topic=TopicFactory(group=wgec), description="Ours to edit")
    theirs = ActivityFactory(topic=TopicFactory(group=other), description="Another group's")
    staff = UserFactory(username="wgec-staff", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="workplan"))
    MembershipFactory(user=staff, group=wgec, role=Membership.Role.SECRETARIAT)
    client.force_login(staff)
    listing = client.get(reverse("admin:workplan_activity_changelist")).content.decode()
    assert "Ours to edit" in listing and "Another group" not in listing
    assert client.get(reverse("admin:workplan_activity_change", args=[theirs.pk])).status_code == 302
    form = client.get(reverse("admin:workplan_activity_change", args=[mine.pk])).content.decode()
    assert str(other.topics.get()) not in form
    superuser = UserFactory(username="root-user", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert "Another group" in client.get(reverse("admin:workplan_activity_changelist")).content.decode()
