"""Progress notifications end to end (issue 13): a real Celery worker on Redis sends
them into a real SMTP server on loopback (aiosmtpd). Rows are committed
(``transaction=True``) so the worker sees them; the task is enqueued on commit."""

import time
from collections import Counter

import pytest

from tests.support.roles import FAST_HASHERS, build_world, make_user
from workplan.models import Membership, Notification, Profile
from workplan.progress.services import progress_return, progress_submit
from workplan.progress.tasks import notifications_digest

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_world()


def wait_for(predicate, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def by_recipient(inbox):
    return Counter(m["To"] for m in inbox.messages)


def test_submit_then_return_each_mail_exactly_once(world, celery_worker, smtp):
    """Coordinator submits: the Secretariat of that group gets one message; the
    Secretariat returns it with a comment: the coordinator gets one message with it."""
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    wait_for(lambda: len(smtp.inbox.messages) == 1, "the Secretariat's message")
    message = smtp.inbox.messages[0]
    assert message["To"] == world.users.secretariat.email
    assert message["Subject"].startswith("[WGEC] Progress update to review: 1.1")
    assert "Gaps listed" in message.get_body(("plain",)).get_content()
    assert f"/reviews/#update-{update.pk}" in message.get_body(("html",)).get_content()

    progress_return(update=update, by=world.users.secretariat, comment="Which gaps? List them, please.")
    wait_for(lambda: len(smtp.inbox.messages) == 2, "the coordinator's message")
    time.sleep(1)  # nothing else arrives
    assert by_recipient(smtp.inbox) == {world.users.secretariat.email: 1, world.users.coord1.email: 1}
    returned = smtp.inbox.messages[1]
    assert returned["To"] == world.users.coord1.email and "was returned" in returned["Subject"]
    assert "Which gaps? List them, please." in returned.get_body(("plain",)).get_content()
    assert "Which gaps? List them, please." in returned.get_body(("html",)).get_content()
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_digest_users_get_one_digest(world, celery_worker, smtp):
    """A digest reader gets nothing at once and one digest however often the task runs
    (case R1: beat firing twice, or a redelivered message)."""
    Profile.objects.filter(user=world.users.secretariat).update(notification_delivery="daily")
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="first")
    progress_submit(activity=world.a3, by=world.users.coord1, status="in_progress", note="second")
    time.sleep(1)
    assert smtp.inbox.messages == []  # nothing immediate for a digest reader
    notifications_digest.delay()
    notifications_digest.delay()  # beat firing twice, or a redelivery
    wait_for(lambda: Notification.objects.filter(sent_at__isnull=False).count() == 2, "the digest rows sent")
    time.sleep(1)
    assert len(smtp.inbox.messages) == 1
    digest = smtp.inbox.messages[0]
    assert digest["To"] == world.users.secretariat.email and "2 notifications" in digest["Subject"]
    text = digest.get_body(("plain",)).get_content()
    assert "first" in text and "second" in text


def test_a_deferred_recipient_is_retried_and_gets_exactly_one_message(world, celery_worker, smtp):
    """The SMTP server answers 451 (try later) for one Secretariat member once: the task
    retries that row only; everyone gets exactly one message."""
    second = make_user("secretariat2", group=world.group, role=Membership.Role.SECRETARIAT)
    smtp.inbox.defer_once.add(second.email)
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    wait_for(lambda: len(smtp.inbox.messages) == 2, "both Secretariat messages, one after a retry", timeout=90)
    time.sleep(2)
    assert by_recipient(smtp.inbox) == {world.users.secretariat.email: 1, second.email: 1}
    row = Notification.objects.get(recipient=second)
    assert row.sent_at is not None and row.attempts == 1
