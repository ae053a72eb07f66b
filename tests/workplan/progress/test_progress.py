"""Progress updates: a coordinator proposes, the Secretariat accepts or returns."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import Activity, ProgressUpdate
from workplan.progress.services import ActivityChangedError, ProgressError, progress_accept, progress_return, progress_submit


def test_coordinator_submits_and_secretariat_accepts(world):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Draft circulated")
    assert update.state == ProgressUpdate.State.PENDING
    world.a1.refresh_from_db()
    assert world.a1.status == "not_started"  # nothing changes until accepted
    progress_accept(update=update, by=world.users.secretariat)
    world.a1.refresh_from_db()
    assert (world.a1.status, world.a1.progress_note, world.a1.version) == ("in_progress", "Draft circulated", 2)
    assert world.a1.changed_by == world.users.secretariat
    update.refresh_from_db()
    assert update.state == "accepted" and update.reviewed_by == world.users.secretariat and update.reviewed_at
    last = world.a1.history.first()
    assert last.history_user == world.users.secretariat and last.status == "in_progress"


def test_return_keeps_the_activity_and_needs_a_comment(world):
    update = progress_submit(activity=world.a6, by=world.users.coord4, status="completed", note="Done")
    with pytest.raises(ProgressError):
        progress_return(update=update, by=world.users.secretariat, comment="  ")
    progress_return(update=update, by=world.users.secretariat, comment="Not yet agreed by the WGEC")
    update.refresh_from_db()
    world.a6.refresh_from_db()
    assert update.state == "returned" and update.review_comment == "Not yet agreed by the WGEC"
    assert world.a6.status == "not_started"


def test_coordinator_cannot_submit_on_another_groups_activity(world):
    with pytest.raises(PermissionDenied):
        progress_submit(activity=world.a6, by=world.users.coord1, status="completed", note="x")
    with pytest.raises(PermissionDenied):
        progress_submit(activity=world.a1, by=world.users.delegate, status="completed", note="x")


def test_only_the_secretariat_reviews(world):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="n")
    with pytest.raises(PermissionDenied):
        progress_accept(update=update, by=world.users.coord1)
    with pytest.raises(PermissionDenied):
        progress_return(update=update, by=world.users.delegate, comment="no")


def test_one_pending_update_per_activity(world):
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="first")
    with pytest.raises(ProgressError) as exc:
        progress_submit(activity=world.a1, by=world.users.secretariat, status="completed", note="second")
    assert "already waiting" in exc.value.messages[0]
    assert ProgressUpdate.objects.filter(activity=world.a1).count() == 1


def test_bad_status_or_empty_note_is_refused(world):
    with pytest.raises(ProgressError):
        progress_submit(activity=world.a1, by=world.users.coord1, status="done", note="x")
    with pytest.raises(ProgressError):
        progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="   ")
    assert not ProgressUpdate.objects.exists()


def test_accepting_twice_is_refused(world):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="n")
    progress_accept(update=update, by=world.users.secretariat)
    with pytest.raises(ProgressError):
        progress_accept(update=ProgressUpdate.objects.get(pk=update.pk), by=world.users.secretariat)
    world.a1.refresh_from_db()
    assert world.a1.version == 2


def test_accept_does_not_overwrite_a_later_change_unseen(world):
    """The activity changed after the update was written: accepting without having seen
    the new version is refused and nothing is written (neither edit lost)."""
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="All done")
    Activity.objects.filter(pk=world.a1.pk).update(status="postponed", version=2)
    with pytest.raises(ActivityChangedError):
        progress_accept(update=update, by=world.users.secretariat)
    update.refresh_from_db()
    world.a1.refresh_from_db()
    assert update.state == "pending" and world.a1.status == "postponed"
    # Seen on the review page (version 2), it is flagged stale: refused without "accept anyway"...
    with pytest.raises(ProgressError) as refused:
        progress_accept(update=update, by=world.users.secretariat, expected_version=2)
    assert refused.value.code == "stale"
    # ...and accepted when the reviewer ticks it, knowingly.
    progress_accept(update=update, by=world.users.secretariat, expected_version=2, accept_stale=True)
    world.a1.refresh_from_db()
    assert world.a1.status == "completed" and world.a1.version == 3


# --- through the pages ---------------------------------------------------------------

def test_my_items_lists_coordinated_activities_deadline_first_overdue_flagged(world, client, time_machine):
    time_machine.move_to("2018-07-15 12:00 +02:00")
    client.force_login(world.users.coord1)
    response = client.get(reverse("workplan:my-items"))
    assert response.status_code == 200
    items = [a.pk for a in response.context["activities"]]
    # Topics 1 and 3 are group 1's: May, June, then August 2018; a6 (topic 6) is group 4's.
    assert items == [world.a1.pk, world.a_sec.pk, world.a3.pk]
    body = response.content.decode()
    assert body.count('class="my-row overdue"') == 2  # May and June are past in July; August is not
    assert 'id="activity-%d"' % world.a1.pk in body


def test_my_items_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    from tests.support.factories import ActivityFactory
    client.force_login(world.users.coord1)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("workplan:my-items"))
    for n in range(10):
        ActivityFactory(topic=world.topics.t3, order=10 + n)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("workplan:my-items"))
    assert len(response.context["activities"]) == 13


def test_coordinator_reports_through_the_page_and_secretariat_accepts(world, client):
    client.force_login(world.users.coord1)
    url = reverse("workplan:progress-submit", args=[world.a3.pk])
    response = client.post(url, {"status": "in_progress", "note": "Glossary drafted"})
    assert response.status_code == 302 and response["Location"] == reverse("workplan:my-items")
    page = client.get(reverse("workplan:my-items")).content.decode()
    assert "Glossary drafted" in page and "pending review" in page
    update = ProgressUpdate.objects.get()

    client.force_login(world.users.secretariat)
    reviews = client.get(reverse("workplan:reviews"))
    assert "Glossary drafted" in reviews.content.decode()
    response = client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": world.a3.version})
    assert response.status_code == 302
    world.a3.refresh_from_db()
    assert world.a3.status == "in_progress"


def test_bad_progress_input_gives_400_with_message(world, client):
    client.force_login(world.users.coord1)
    url = reverse("workplan:progress-submit", args=[world.a1.pk])
    response = client.post(url, {"status": "nonsense", "note": ""})
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x")
    response = client.post(url, {"status": "completed", "note": "again"})
    assert response.status_code == 400
    assert b"already waiting" in response.content


def test_review_errors_are_4xx(world, client):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x")
    client.force_login(world.users.secretariat)
    # Return without a comment: 400 with the message on the review page.
    response = client.post(reverse("workplan:progress-return", args=[update.pk]), {"version": 1, "comment": ""})
    assert response.status_code == 400 and b"Say why" in response.content
    # Missing/garbage version: 400, not 500.
    response = client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": "abc"})
    assert response.status_code == 400
    # Stale version: 409.
    response = client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": 7})
    assert response.status_code == 409 and b"changed since" in response.content
    client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": 1})
    response = client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": 2})
    assert response.status_code == 409 and b"already been reviewed" in response.content


def test_non_secretariat_cannot_review(world, client):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x")
    for user in (world.users.coord1, world.users.coord4, world.users.delegate):
        client.force_login(user)
        assert client.get(reverse("workplan:reviews")).status_code == 403
        assert client.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": 1}).status_code == 403
        assert client.post(reverse("workplan:progress-return", args=[update.pk]),
                           {"version": 1, "comment": "x"}).status_code == 403
    update.refresh_from_db()
    assert update.state == "pending"


def test_pending_update_fragment_shows_on_the_activity(world, client):
    progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="Text agreed")
    client.force_login(world.users.delegate)
    body = client.get(world.a1.get_absolute_url()).content.decode()
    assert "Pending progress update" in body and "Text agreed" in body
    assert "progress-accept" not in body and "Accept</button>" not in body
    client.force_login(world.users.secretariat)
    body = client.get(world.a1.get_absolute_url()).content.decode()
    assert "Accept</button>" in body and "Return</button>" in body


def test_my_items_and_reviews_are_paged_and_take_any_page_parameter(world, client):
    from tests.support.factories import ActivityFactory
    for n in range(30):
        ActivityFactory(topic=world.topics.t3, order=10 + n)
    client.force_login(world.users.coord1)
    first = client.get(reverse("workplan:my-items"))
    assert len(first.context["activities"]) == 25 and first.context["page_obj"].paginator.num_pages == 2
    for bad in ("abc", "0", "-1", "99"):
        assert client.get(reverse("workplan:my-items"), {"page": bad}).status_code == 200
    client.force_login(world.users.secretariat)
    assert client.get(reverse("workplan:reviews"), {"page": "x"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_accept_and_return_only_one_wins(settings):
    """Two Secretariat members click at the same moment, one Accept, one Return, on
    separate database connections: exactly one decision is recorded, the activity
    changes at most once, and the other reviewer gets a clear refusal."""
    import threading

    from django.db import connection

    from tests.support.roles import build_world, make_user
    from workplan.models import Membership

    w = build_world()
    other = make_user("secretariat2", group=w.group, role=Membership.Role.SECRETARIAT)
    update = progress_submit(activity=w.a1, by=w.users.coord1, status="completed", note="Done")
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, accept):
        try:
            barrier.wait(timeout=10)
            mine = ProgressUpdate.objects.get(pk=update.pk)
            if accept:
                progress_accept(update=mine, by=user)
            else:
                progress_return(update=mine, by=user, comment="Not agreed yet")
            outcomes.append("ok")
        except ProgressError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(w.users.secretariat, True)),
               threading.Thread(target=decide, args=(other, False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "reviewed"]
    update.refresh_from_db()
    w.a1.refresh_from_db()
    if update.state == "accepted":
        assert (w.a1.status, w.a1.version) == ("completed", 2)
    else:
        assert update.state == "returned" and (w.a1.status, w.a1.version) == ("not_started", 1)
