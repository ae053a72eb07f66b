"""Issue 12: the Secretariat edits an intersessional group; a delegate asks to join and
the Secretariat answers (the seed's Annex II: groups "remain open to Members and
stakeholders, enabling them to join at any time"). Case HI1: membership changes are in
the history with who made them (Participation's own history comes with the as-of work)."""

import pytest
from django.core.exceptions import PermissionDenied

from intersessional.models import JoinRequest, Participation
from intersessional.services import intersessional_group_update, join_request_create, join_request_decide
from tests.support.roles import world  # noqa: F401
from workplan.workspace.common import VersionConflict, WorkspaceError


def _names(group, role):
    return [p.party.short_name for p in group.participations.filter(role=role).order_by("position")]


def test_group_update_sets_people_and_topics_with_history(world):
    sec, ig1 = world.users.secretariat, world.ig1
    p = world.party
    ig1 = intersessional_group_update(group=ig1, expected_version=1, by=sec, coordinators=[p["US"], p["ICC"]],
                                      volunteers=[p["Japan"], p["EU"]], topics=[world.topics.t1])
    assert ig1.version == 2
    assert _names(ig1, "coordinator") == ["US", "ICC"] and _names(ig1, "volunteer") == ["Japan", "EU"]
    assert list(ig1.topics.all()) == [world.topics.t1]
    assert ig1.history.latest().history_user == sec
    # Memberships and topic links get their own history on the as-of branch (issue 16);
    # once it is merged, who removed EU and which topics were linked are recorded too.
    if hasattr(Participation, "history"):
        removed = Participation.history.filter(party=p["EU"], role="coordinator", history_type="-").get()
        assert removed.history_user == sec
    if hasattr(ig1.history.latest(), "topics"):
        assert [t.topic_id for t in ig1.history.latest().topics.all()] == [world.topics.t1.pk]
    with pytest.raises(VersionConflict):
        intersessional_group_update(group=ig1, expected_version=1, by=sec, coordinators=[], volunteers=[], topics=[])


def test_group_update_refuses_others(world):
    for user in (world.users.coord1, world.users.delegate):
        with pytest.raises(PermissionDenied):
            intersessional_group_update(group=world.ig1, expected_version=None, by=user,
                                        coordinators=[], volunteers=[], topics=[])
    assert _names(world.ig1, "coordinator") == ["US", "EU"]


def test_join_request_accepted_makes_a_volunteer(world):
    coord4, sec = world.users.coord4, world.users.secretariat
    request = join_request_create(group=world.ig1, party=world.party["Australia"], by=coord4, message="We can help")
    with pytest.raises(WorkspaceError):  # one pending request per party
        join_request_create(group=world.ig1, party=world.party["Australia"], by=coord4)
    with pytest.raises(PermissionDenied):  # not the asker's party
        join_request_create(group=world.ig1, party=world.party["EU"], by=coord4)
    with pytest.raises(PermissionDenied):
        join_request_decide(request=request, accept=True, by=coord4)
    join_request_decide(request=request, accept=True, by=sec)
    assert _names(world.ig1, "volunteer") == ["Japan", "Australia"]
    assert JoinRequest.objects.get(pk=request.pk).decided_by == sec
    with pytest.raises(WorkspaceError):
        join_request_decide(request=request, accept=False, by=sec)


def test_join_request_declined_changes_nothing_and_volunteers_cannot_ask_again(world):
    request = join_request_create(group=world.ig4, party=world.party["Japan"], by=world.users.delegate)
    join_request_decide(request=request, accept=False, by=world.users.secretariat)
    assert _names(world.ig4, "volunteer") == []
    with pytest.raises(WorkspaceError):
        join_request_create(group=world.ig1, party=world.party["Japan"], by=world.users.delegate)
