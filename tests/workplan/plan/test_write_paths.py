"""S2 second write path: every way an activity can be changed goes through the same
service, so a form opened before the change is refused with 409 and nothing is lost.

The write paths left: the activity page's form, the review of a coordinator's progress
update (/reviews/), and, for operators, the admin (no longer writes activities) and the
import command (refuses a group that has a plan; --replace rebuilds the plan on purpose).
"""

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.support.factories import UserFactory
from tests.support.roles import make_user, world  # noqa: F401
from workplan.models import Activity, Membership, ProgressUpdate


def _page(activity):
    return reverse("workplan:activity-detail", args=[activity.pk])


def _stale_form(world):
    """A Secretariat member's browser with the activity form opened now (version v)."""
    client = Client()
    client.force_login(world.users.secretariat)
    form = client.get(_page(world.a1)).context["form"]
    return client, {name: form[name].value() for name in form.fields}


def _second_member(world):
    return make_user("second-sec", group=world.group, role=Membership.Role.SECRETARIAT)


def _save_stale(world, client, data):
    response = client.post(_page(world.a1), {**data, "status": "cancelled", "progress_note": "Stale save"})
    assert response.status_code == 409
    return response


def test_page_form_then_stale_form(world):
    """S2: another member saves through the page; the stale form gets 409."""
    client, data = _stale_form(world)
    other = Client()
    other.force_login(_second_member(world))
    assert other.post(_page(world.a1), {**data, "status": "in_progress",
                                        "progress_note": "Drafted"}).status_code == 302
    _save_stale(world, client, data)
    a1 = Activity.objects.get(pk=world.a1.pk)
    assert (a1.status, a1.progress_note, a1.version) == ("in_progress", "Drafted", 2)


def test_review_accept_then_stale_form(world):
    """S2: accepting a coordinator's update on /reviews/ bumps the version like the page;
    the stale form gets 409 and the accepted update stays."""
    client, data = _stale_form(world)
    update = ProgressUpdate.objects.create(activity=world.a1, submitted_by=world.users.coord1,
                                           status="completed", note="Agreed at the meeting",
                                           base_version=world.a1.version)
    reviewer = Client()
    reviewer.force_login(_second_member(world))
    response = reviewer.post(reverse("workplan:progress-accept", args=[update.pk]), {"version": world.a1.version})
    assert response.status_code == 302
    _save_stale(world, client, data)
    a1 = Activity.objects.get(pk=world.a1.pk)
    assert (a1.status, a1.progress_note, a1.version) == ("completed", "Agreed at the meeting", 2)


def test_admin_does_not_write_so_the_open_form_is_not_stale(world):
    """S2: the admin's activity form and Topic inline refuse a superuser's change (403 /
    nothing written), so the open form is still current and saves."""
    client, data = _stale_form(world)
    root = Client()
    root.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = root.post(reverse("admin:workplan_activity_change", args=[world.a1.pk]), {
        "topic": world.a1.topic_id, "order": 1, "description": "Admin edit", "status": "postponed"})
    assert response.status_code == 403
    assert Activity.objects.get(pk=world.a1.pk).version == world.a1.version
    assert client.post(_page(world.a1), {**data, "status": "in_progress"}).status_code == 302


def test_import_command_revising_the_plan_makes_the_open_form_stale(world, tmp_path):
    """S2: import_workplan applied over a group's plan changes its activities through the
    same versioned path (matched in place, the rest withdrawn), so a form opened before
    the import is refused with 409 and the import's change is kept."""
    client, data = _stale_form(world)
    plan = tmp_path / "plan.txt"
    plan.write_text("| | Topic | Activity | Responsible | Timeline | Remarks |\n|---|---|---|---|---|---|\n"
                    "| 1. | Definitions | Develop draft definitions | Secretariat | August 2018 | |\n",
                    encoding="utf-8")
    call_command("import_workplan", str(plan), "--group", world.group.acronym)
    after = Activity.objects.get(pk=world.a1.pk)
    assert after.version > world.a1.version
    response = client.post(_page(world.a1), {**data, "status": "in_progress"})
    assert response.status_code == 409
    assert Activity.objects.get(pk=world.a1.pk).version == after.version
