"""Progress notifications as rows (issue 13), sent in-process here (Django's locmem
mail outbox); tests/workplan/progress/test_notifications_worker.py runs them on a real
worker and SMTP server."""

import pytest
from django.urls import reverse

from tests.support.roles import make_user, world  # noqa: F401
from workplan.models import Membership, Notification, Profile
from workplan.progress import mail
from workplan.progress.services import progress_accept, progress_return, progress_submit

pytestmark = pytest.mark.django_db


def test_submitting_tells_the_secretariat_of_that_group_once(world, mailoutbox, django_capture_on_commit_callbacks):
    other_group_sec = make_user("othersec", group=None)
    from tests.support.factories import WorkingGroupFactory
    other = WorkingGroupFactory(acronym="PTC", name="Permanent Technical Committee")
    Membership.objects.create(user=other_group_sec, group=other, role=Membership.Role.SECRETARIAT)
    with django_capture_on_commit_callbacks(execute=True):
        update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    assert [m.to for m in mailoutbox] == [[world.users.secretariat.email]]
    message = mailoutbox[0]
    assert message.subject.startswith("[WGEC] Progress update to review: 1.1")
    html = message.alternatives[0][0]
    assert "Gaps listed" in message.body and "Gaps listed" in html
    assert f"http://127.0.0.1:8000/reviews/#update-{update.pk}" in message.body
    assert f'href="http://127.0.0.1:8000/reviews/#update-{update.pk}"' in html
    row = Notification.objects.get()
    assert row.sent_at is not None and row.event == "submitted"
    # A retried task, or the sweep, sends nothing more.
    assert mail.notifications_send(ids=[row.pk]).messages == 0
    from workplan.progress.notify import notify_submitted
    notify_submitted(update=update)
    assert Notification.objects.count() == 1


def test_return_and_accept_tell_the_coordinator_with_the_comment(world, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        progress_return(update=update, by=world.users.secretariat, comment="Say which gaps, please")
    assert [m.to for m in mailoutbox] == [[world.users.coord1.email]]
    assert "was returned" in mailoutbox[0].subject
    assert "Say which gaps, please" in mailoutbox[0].body
    assert "Say which gaps, please" in mailoutbox[0].alternatives[0][0]
    assert f"/my/#activity-{world.a1.pk}" in mailoutbox[0].body
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps: 3")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        progress_accept(update=update, by=world.users.secretariat, comment="Good")
    assert [m.to for m in mailoutbox] == [[world.users.coord1.email]]
    assert "was accepted" in mailoutbox[0].subject and "Good" in mailoutbox[0].body


def test_digest_users_get_one_digest_and_none_users_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    Profile.objects.filter(user=world.users.secretariat).update(notification_delivery="daily")
    quiet = make_user("quietsec", group=world.group, role=Membership.Role.SECRETARIAT)
    Profile.objects.filter(user=quiet).update(notification_delivery="none")
    with django_capture_on_commit_callbacks(execute=True):
        progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="one")
        progress_submit(activity=world.a3, by=world.users.coord1, status="in_progress", note="two")
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=quiet).count() == 0
    result = mail.notifications_send_digests()
    assert result.messages == 1 and len(mailoutbox) == 1
    digest = mailoutbox[0]
    assert digest.to == [world.users.secretariat.email] and "2 notifications" in digest.subject
    assert "one" in digest.body and "two" in digest.body
    assert mail.notifications_send_digests().messages == 0  # once


def test_settings_page_saves_delivery_and_reminders(world, client):
    client.force_login(world.users.coord1)
    url = reverse("workplan:profile-settings")
    page = client.get(url)
    assert page.status_code == 200 and b"Progress notifications" in page.content
    assert client.post(url, {"notification_delivery": "bogus"}).status_code == 400
    assert client.post(url, {"notification_delivery": "daily"}).status_code == 302
    profile = Profile.objects.get(user=world.users.coord1)
    assert profile.notification_delivery == "daily" and profile.reminders_opt_out
    client.post(url, {"notification_delivery": "none", "reminders": "on"})
    profile.refresh_from_db()
    assert profile.notification_delivery == "none" and not profile.reminders_opt_out


def test_badges_count_pending_for_the_secretariat_and_returned_for_the_coordinator(world, client):
    u1 = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x")
    progress_submit(activity=world.a3, by=world.users.coord1, status="in_progress", note="y")
    client.force_login(world.users.secretariat)
    page = client.get(reverse("workplan:dashboard")).content.decode()
    assert "2 updates to review" in page and "progress updates wait for your review" in page
    progress_return(update=u1, by=world.users.secretariat, comment="No")
    client.force_login(world.users.coord1)
    page = client.get(reverse("workplan:workplan")).content.decode()
    assert "1 update returned to you" in page
    progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="again")
    page = client.get(reverse("workplan:workplan")).content.decode()
    assert "returned to you" not in page


def test_setup_periodic_tasks_registers_the_digest_and_the_sweep_once(db):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")
    tasks = dict(PeriodicTask.objects.values_list("task", "name"))
    assert "workplan.notifications_digest" in tasks and "workplan.notifications_sweep" in tasks
    assert PeriodicTask.objects.filter(task="workplan.notifications_digest").count() == 1
    digest = PeriodicTask.objects.get(task="workplan.notifications_digest")
    assert (digest.crontab.hour, digest.crontab.minute) == ("8", "0")


def test_accepted_with_edits_mail_shows_what_the_activity_now_says(world, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="All done")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        progress_accept(update=update, by=world.users.secretariat, status="in_progress", note="Nearly done",
                        comment="The PTC has not agreed yet")
    body = mailoutbox[0].body
    assert "with edits" in body and "Nearly done" in body and "In progress" in body
    assert "All done" not in body and "The PTC has not agreed yet" in body
