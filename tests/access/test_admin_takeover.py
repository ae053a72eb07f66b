"""The admin is the operators' tool: superusers write, the Secretariat at most reads its
own working group's rows, and no admin form writes an activity past the services.

S1 admin take-over: a Secretariat member tries to change a superuser's and another
working group's user's password and details through every admin URL; nothing changes.
S2 second write path: the admin no longer writes activities (Topic inline, activity
form, history "revert"), for superusers either; a POST without opened_version is a 403,
not a 500.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.support.factories import ActivityFactory, TopicFactory, UserFactory, WorkingGroupFactory
from tests.support.roles import make_user, world  # noqa: F401
from workplan.plan.accounts import SECRETARIAT_STAFF_GROUP
from workplan.models import Activity, Membership

User = get_user_model()


def _snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (user.username, user.email, user.first_name, user.password, user.is_superuser,
            user.is_staff, user.is_active, list(user.groups.values_list("pk", flat=True)))


@pytest.fixture
def targets(world):
    """A superuser, another working group's Secretariat member, a user of our own group."""
    other = WorkingGroupFactory(acronym="TFAWG", name="TFA Working Group")
    root = UserFactory(username="root", email="root@example.org", is_staff=True, is_superuser=True)
    root.set_password("root-password-1")
    root.save()
    other_sec = make_user("tfa-sec", group=other, role=Membership.Role.SECRETARIAT)
    other_activity = ActivityFactory(topic=TopicFactory(group=other, number=1), description="TFA row")
    return {"root": root, "other_sec": other_sec, "delegate": world.users.delegate,
            "other_activity": other_activity}


def _attack_user(client, target):
    """Every admin URL that can change a user, as the logged-in client; returns codes."""
    pk = target.pk
    new = {"username": "pwned", "email": "pwned@example.org", "first_name": "P",
           "is_superuser": "on", "is_staff": "on", "is_active": "on",
           "date_joined_0": "2018-01-01", "date_joined_1": "00:00:00"}
    codes = {
        "changelist": client.get(reverse("admin:auth_user_changelist")).status_code,
        "change GET": client.get(reverse("admin:auth_user_change", args=[pk])).status_code,
        "change POST": client.post(reverse("admin:auth_user_change", args=[pk]), new).status_code,
        "password GET": client.get(reverse("admin:auth_user_password_change", args=[pk])).status_code,
        "password POST": client.post(reverse("admin:auth_user_password_change", args=[pk]), {
            "password1": "Taken-over-42!", "password2": "Taken-over-42!",
            "usable_password": "true"}).status_code,
        "delete POST": client.post(reverse("admin:auth_user_delete", args=[pk]), {"post": "yes"}).status_code,
        "history GET": client.get(reverse("admin:auth_user_history", args=[pk])).status_code,
        "add POST": client.post(reverse("admin:auth_user_add"), {
            "username": "intruder", "password1": "Taken-over-42!", "password2": "Taken-over-42!",
            "usable_password": "true"}).status_code,
        "bulk delete": client.post(reverse("admin:auth_user_changelist"), {
            "action": "delete_selected", "_selected_action": [pk], "post": "yes"}).status_code,
    }
    return codes


@pytest.mark.parametrize("all_perms", [False, True], ids=["as-granted", "every-permission-granted"])
def test_secretariat_cannot_change_any_user_in_the_admin(world, targets, client, all_perms):
    """S1: the Secretariat member gets 403 (or a redirect away) on every user URL, for a
    superuser, another group's Secretariat member and a user of its own group; the
    database is unchanged. Also when someone has given the Secretariat's auth group every
    permission there is: the admin site refuses writes to non-superusers in code."""
    if all_perms:
        Group.objects.get(name=SECRETARIAT_STAFF_GROUP).permissions.set(Permission.objects.all())
    client.force_login(world.users.secretariat)
    for name in ("root", "other_sec", "delegate"):
        target = targets[name]
        before = _snapshot(target)
        codes = _attack_user(client, target)
        assert set(codes.values()) <= {403, 302}, (name, codes)
        assert _snapshot(target) == before, name
        assert not User.objects.filter(username__in=["intruder", "pwned"]).exists()
        assert User.objects.filter(pk=target.pk).exists()
    # Nothing to see either: no user list, no e-mail addresses.
    index = client.get(reverse("admin:index")).content.decode()
    assert "root@example.org" not in index and reverse("admin:auth_user_changelist") not in index


def test_secretariat_cannot_write_activities_or_groups_in_the_admin(world, targets, client):
    """S1/S2: the activity form, the Topic inline, simple-history's revert form, the
    working group and the intersessional group: every POST is refused, nothing changes;
    another group's rows are not even shown."""
    client.force_login(world.users.secretariat)
    a1 = world.a1
    before = Activity.objects.filter(pk=a1.pk).values().get()
    topic = world.topics.t1
    posts = {
        "activity change": (reverse("admin:workplan_activity_change", args=[a1.pk]),
                            {"topic": topic.pk, "order": 1, "description": "Hijacked", "status": "completed",
                             "opened_version": a1.version}),
        "activity add": (reverse("admin:workplan_activity_add"),
                         {"topic": topic.pk, "order": 9, "description": "New", "status": "completed"}),
        "activity delete": (reverse("admin:workplan_activity_delete", args=[a1.pk]), {"post": "yes"}),
        "topic inline": (reverse("admin:workplan_topic_change", args=[topic.pk]), {
            "group": world.group.pk, "number": topic.number, "title": "Hijacked topic",
            "activities-TOTAL_FORMS": 1, "activities-INITIAL_FORMS": 1,
            "activities-0-id": a1.pk, "activities-0-topic": topic.pk, "activities-0-order": 1,
            "activities-0-description": "Hijacked", "activities-0-status": "completed",
            "activities-0-timeline_text": "after the meeting"}),
        "history revert": (reverse("admin:workplan_activity_simple_history",
                                   args=[a1.pk, a1.history.earliest().history_id]),
                           {"topic": topic.pk, "order": 1, "description": "Reverted", "status": "completed"}),
        "working group": (reverse("admin:workplan_workinggroup_change", args=[world.group.pk]),
                          {"name": "Hijacked", "acronym": "WGEC", "time_zone": "UTC",
                           "reminder_lead_days": "[1]"}),
        "intersessional group": (reverse("admin:intersessional_intersessionalgroup_change", args=[world.ig1.pk]),
                                 {"number": 1, "item_of_work": "Hijacked", "working_group": world.group.pk}),
        "meeting delete": (reverse("admin:workplan_meeting_delete", args=[world.meeting.pk]), {"post": "yes"}),
    }
    for name, (url, data) in posts.items():
        assert client.post(url, data).status_code in (403, 302), name
    assert Activity.objects.filter(pk=a1.pk).values().get() == before
    topic.refresh_from_db()
    world.group.refresh_from_db()
    world.ig1.refresh_from_db()
    assert (topic.title, world.group.name, world.ig1.item_of_work) == (
        "Technical Specifications", "Working Group on E-Commerce", "Definitions and Technical Specifications")
    assert world.meeting.__class__.objects.filter(pk=world.meeting.pk).exists()
    # Read-only, own group only: another group's activity is not shown.
    assert client.get(reverse("admin:workplan_activity_change", args=[a1.pk])).status_code == 200
    listing = client.get(reverse("admin:workplan_activity_changelist")).content.decode()
    assert a1.description in listing and "TFA row" not in listing
    other = client.get(reverse("admin:workplan_activity_change", args=[targets["other_activity"].pk]))
    assert other.status_code == 302


def test_superuser_admin_does_not_write_activities(world, client):
    """S2: even for a superuser the admin is read-only on activities (pages and services
    are the one write path): the activity form with or without opened_version (once a
    500), the Topic inline, and deleting a topic that has activities are all refused."""
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    a1 = world.a1
    before = Activity.objects.filter(pk=a1.pk).values().get()
    url = reverse("admin:workplan_activity_change", args=[a1.pk])
    data = {"topic": a1.topic_id, "order": 1, "description": "Edited", "status": "completed",
            "timeline_text": "after the meeting"}
    assert client.post(url, data).status_code == 403  # no opened_version: was a 500
    assert client.post(url, {**data, "opened_version": a1.version}).status_code == 403
    assert client.get(url).status_code == 200
    topic = world.topics.t1
    response = client.post(reverse("admin:workplan_topic_change", args=[topic.pk]), {
        "group": world.group.pk, "number": topic.number, "title": topic.title,
        "activities-TOTAL_FORMS": 1, "activities-INITIAL_FORMS": 1,
        "activities-0-id": a1.pk, "activities-0-topic": topic.pk, "activities-0-order": 1,
        "activities-0-description": "Edited", "activities-0-status": "completed",
        "activities-0-timeline_text": "after the meeting"})
    assert response.status_code in (200, 302)
    assert Activity.objects.filter(pk=a1.pk).values().get() == before
    delete = client.post(reverse("admin:workplan_topic_delete", args=[topic.pk]), {"post": "yes"})
    assert delete.status_code in (200, 403)
    assert Activity.objects.filter(pk=a1.pk).exists()
    # Operators still manage users.
    assert client.get(reverse("admin:auth_user_password_change", args=[world.users.delegate.pk])).status_code == 200


def test_delegates_and_coordinators_get_no_admin(world, client):
    """S1: only staff get in; the coordinator and delegate are sent to the admin's login."""
    for who in ("coord1", "delegate"):
        client.force_login(getattr(world.users, who))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
