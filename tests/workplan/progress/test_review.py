"""Reviewing progress updates (issue 13): one form per pending update with Accept,
Accept with edits and Return, each keeping the comment; a stale update is flagged and
accepted only deliberately."""

import pytest
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import Activity, ProgressEntry, ProgressUpdate
from workplan.progress.services import progress_submit

pytestmark = pytest.mark.django_db


def review(client, update, **data):
    return client.post(reverse("workplan:progress-review", args=[update.pk]),
                       {"version": Activity.objects.get(pk=update.activity_id).version, "comment": "",
                        "status": update.status, "note": update.note, **data})


def test_accept_keeps_the_comment_for_the_coordinator(world, client):
    """The issue's first leak: a comment typed before Accept was thrown away."""
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    client.force_login(world.users.secretariat)
    response = review(client, update, action="accept", comment="Thanks, well summarised")
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == "accepted" and update.review_comment == "Thanks, well summarised"
    client.force_login(world.users.coord1)
    page = client.get(reverse("workplan:my-items")).content.decode()
    assert "Thanks, well summarised" in page and "accepted" in page


def test_accept_with_edits_corrects_note_and_status_and_marks_the_entry(world, client):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="Done, typo here")
    client.force_login(world.users.secretariat)
    response = review(client, update, action="edit", status="in_progress", note="Nearly done",
                      comment="Not finished until the PTC agrees")
    assert response.status_code == 302
    world.a1.refresh_from_db()
    assert (world.a1.status, world.a1.progress_note) == ("in_progress", "Nearly done")
    update.refresh_from_db()
    assert (update.status, update.note) == ("completed", "Done, typo here")  # what was proposed stays
    entry = ProgressEntry.objects.get(activity=world.a1)
    assert entry.edited and entry.author == world.users.coord1 and entry.accepted_by == world.users.secretariat
    assert "accepted with edits by" in entry.attribution()


def test_return_needs_and_keeps_the_comment_and_prefills_my_items(world, client):
    update = progress_submit(activity=world.a3, by=world.users.coord1, status="completed", note="Definitions done")
    client.force_login(world.users.secretariat)
    assert review(client, update, action="return", comment="").status_code == 400
    assert review(client, update, action="return", comment="Please list the definitions").status_code == 302
    world.a3.refresh_from_db()
    assert world.a3.status == "not_started" and not ProgressEntry.objects.exists()
    client.force_login(world.users.coord1)
    response = client.get(reverse("workplan:my-items"))
    page = response.content.decode()
    assert "Please list the definitions" in page and "returned to you" in page
    row = page[page.index(f'id="activity-{world.a3.pk}"'):]
    row = row[:row.index("</li>")]
    assert "<details open>" in row and ">Definitions done</textarea>" in row
    assert '<option value="completed" selected>' in row


def test_stale_update_is_flagged_and_accepted_only_when_ticked(world, client):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="Done")
    Activity.objects.filter(pk=world.a1.pk).update(status="postponed", progress_note="Waiting for PTC", version=2)
    client.force_login(world.users.secretariat)
    page = client.get(reverse("workplan:reviews")).content.decode()
    assert "changed after this update was written" in page and 'name="accept_stale"' in page
    response = review(client, update, action="accept")
    assert response.status_code == 409
    assert ProgressUpdate.objects.get(pk=update.pk).state == "pending"
    response = review(client, update, action="accept", accept_stale="on")
    assert response.status_code == 302
    world.a1.refresh_from_db()
    assert (world.a1.status, world.a1.progress_note) == ("completed", "Done")


def test_review_page_has_one_form_per_update_with_three_actions(world, client):
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="one")
    progress_submit(activity=world.a3, by=world.users.coord1, status="in_progress", note="two")
    client.force_login(world.users.secretariat)
    page = client.get(reverse("workplan:reviews")).content.decode()
    assert page.count('class="review-form"') == 2
    for value in ("accept", "edit", "return"):
        assert page.count(f'name="action" value="{value}"') == 2
