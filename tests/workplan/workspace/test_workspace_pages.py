"""Issue 12: the workspace pages. A stale form answers 409 with the user's input kept
and the saved values shown beside it (case S3: nothing of the other person's change is
pre-selected away); the plan and people pages cost a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import ActivityFactory
from tests.support.roles import make_user, world  # noqa: F401
from workplan.models import Activity
from workplan.workspace import plan


def test_stale_activity_form_keeps_input_and_shows_saved_values(world, client):
    """Case S2/S3: two Secretariat members edit one activity; the second gets a 409 with
    both values on the page, and nothing is overwritten."""
    a, sec = world.a1, world.users.secretariat
    opened = a.version
    plan.activity_update(activity=a, expected_version=opened, by=sec, remarks="Saved by the first person")
    client.force_login(sec)
    response = client.post(f"/secretariat/activities/{a.pk}/edit/", {
        "description": a.description, "responsible": a.responsible, "timeline_text": "May 2018",
        "remarks": "Typed by the second person", "internal_note": "", "version": opened})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Saved by the first person" in page and "Typed by the second person" in page
    assert f'name="version" value="{opened + 1}"' in page  # a second save is a choice made after seeing it
    assert Activity.objects.get(pk=a.pk).remarks == "Saved by the first person"


def test_bad_timeline_is_a_field_error_and_nothing_is_saved(world, client):
    client.force_login(world.users.secretariat)
    response = client.post(f"/secretariat/activities/{world.a1.pk}/edit/", {
        "description": "x", "timeline_text": "Octember 2018", "version": world.a1.version})
    assert response.status_code == 400
    assert "Octember" in response.content.decode()
    assert Activity.objects.get(pk=world.a1.pk).description != "x"


def test_delegate_sees_the_join_form_and_the_secretariat_the_request(world, client):
    client.force_login(world.users.coord4)
    page = client.get("/groups/1/").content.decode()
    assert "Ask to join" in page and "Edit the group" not in page
    response = client.post("/groups/1/join/", {"party": world.party["Australia"].pk, "message": "We can help"})
    assert response.status_code == 302
    assert "Waiting for the Secretariat" in client.get("/groups/1/").content.decode()
    client.force_login(world.users.secretariat)
    page = client.get("/groups/requests/").content.decode()
    assert "We can help" in page and "Australia" in page
    assert "Edit the group" in client.get("/groups/1/").content.decode()


@pytest.mark.parametrize("url", ["/secretariat/plan/", "/secretariat/people/", "/secretariat/meetings/",
                                 "/secretariat/", "/groups/requests/"])
def test_workspace_pages_cost_the_same_whatever_the_rows(world, client, url):
    client.force_login(world.users.secretariat)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        ActivityFactory(topic=world.topics.t2, order=10 + n).parties.add(world.party["EU"])
    for n in range(5):
        make_user(f"member{n}", parties=[world.party["EU"]], group=world.group)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), url


def test_a_post_without_its_version_is_refused_not_saved(world, client):
    """Case S2: a write that cannot be version-checked is refused (no silent overwrite)."""
    client.force_login(world.users.secretariat)
    response = client.post(f"/secretariat/activities/{world.a1.pk}/edit/", {"description": "No version"})
    assert response.status_code == 400
    client.post(f"/secretariat/activities/{world.a1.pk}/withdraw/", {})
    client.post(f"/secretariat/meetings/{world.meeting.pk}/cancel/", {})
    client.post("/groups/1/edit/", {"coordinators": []})
    a1 = Activity.objects.get(pk=world.a1.pk)
    assert a1.description != "No version" and a1.withdrawn_at is None
    world.meeting.refresh_from_db()
    assert not world.meeting.is_cancelled
    assert world.ig1.participations.filter(role="coordinator").count() == 2
