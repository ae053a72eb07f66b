"""Roles as predicates: who may change, submit, review and see Secretariat-only fields."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.support.roles import world  # noqa: F401
from workplan.models import ProgressUpdate


def perm(user, name, obj=None):
    return user.has_perm(name, obj)


def test_secretariat_changes_reviews_and_sees_secret_fields(world):
    s = world.users.secretariat
    for name in ("workplan.change_activity", "workplan.review_progress", "workplan.view_secretariat_fields",
                 "workplan.generate_report", "workplan.manage_meetings", "workplan.submit_progress"):
        assert perm(s, name, world.a2), name


def test_coordinator_of_group_1_submits_only_on_group_1_topics(world):
    c1 = world.users.coord1
    assert perm(c1, "workplan.submit_progress", world.a1)
    assert perm(c1, "workplan.submit_progress", world.a3)
    assert not perm(c1, "workplan.submit_progress", world.a6)
    assert not perm(c1, "workplan.submit_progress", world.a2)
    for name in ("workplan.change_activity", "workplan.review_progress", "workplan.view_secretariat_fields"):
        assert not perm(c1, name, world.a1), name


def test_coordinator_of_group_4_submits_only_on_group_4_topics(world):
    c4 = world.users.coord4
    assert perm(c4, "workplan.submit_progress", world.a6)
    assert not perm(c4, "workplan.submit_progress", world.a1)
    assert not perm(c4, "workplan.change_activity", world.a6)


def test_volunteer_delegate_changes_nothing(world):
    d = world.users.delegate  # Japan volunteers for group 1: no rights from that
    assert perm(d, "workplan.view_plan")
    for activity in (world.a1, world.a2, world.a3, world.a6):
        for name in ("workplan.submit_progress", "workplan.change_activity", "workplan.review_progress"):
            assert not perm(d, name, activity)


def test_responsible_party_is_a_coordinator_of_the_activity(world):
    from tests.support.roles import make_user
    officer = make_user("officer", parties=[world.party["Secretariat"]])
    assert perm(officer, "workplan.submit_progress", world.a_sec)
    assert not perm(officer, "workplan.submit_progress", world.a1)


def test_anonymous_has_no_permission(world):
    anon = AnonymousUser()
    for name in ("workplan.view_plan", "workplan.submit_progress", "workplan.change_activity"):
        assert not perm(anon, name, world.a1)


def test_secretariat_of_another_group_does_not_change_wgec(world):
    from tests.support.factories import WorkingGroupFactory
    from tests.support.roles import make_user
    from workplan.models import Membership
    other = WorkingGroupFactory(acronym="WGX", name="Another group")
    outsider = make_user("other-sec", group=other, role=Membership.Role.SECRETARIAT)
    assert not perm(outsider, "workplan.change_activity", world.a1)
    assert perm(outsider, "workplan.change_activity", other)


def test_progress_update_permissions_follow_its_activity(world):
    update = ProgressUpdate.objects.create(activity=world.a1, submitted_by=world.users.coord1,
                                           status="in_progress", note="n", base_version=1)
    assert perm(world.users.secretariat, "workplan.review_progress", update)
    assert not perm(world.users.coord1, "workplan.review_progress", update)
    assert perm(world.users.coord1, "workplan.view_progress_update", update)
    assert not perm(world.users.coord4, "workplan.view_progress_update", update)


@pytest.mark.django_db
def test_role_lookups_are_cached_per_user_object(world, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model
    user = get_user_model().objects.get(pk=world.users.coord1.pk)
    activities = [world.a1, world.a2, world.a3, world.a6, world.a_sec]
    with django_assert_max_num_queries(5):
        for _ in range(3):
            for activity in activities:
                user.has_perm("workplan.submit_progress", activity)
