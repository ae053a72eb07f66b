"""S5 unbounded text: every free-text field has a limit, stated on the form (help text
and maxlength) and enforced by the service; a 1 MB note is a field error and nothing is
stored."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import Activity, ProgressUpdate
from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.plan.services import activity_update_status
from workplan.progress.services import ProgressError, progress_return, progress_submit

ONE_MB = "x" * (1024 * 1024)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_activity_form_states_the_limit_and_refuses_a_1mb_note(world):
    """S5: the status form says "At most 4,000 characters." with maxlength="4000"; a
    1 MB note POSTed anyway is a 400 with the error on the note field; nothing stored."""
    client = _client(world.users.secretariat)
    url = reverse("workplan:activity-detail", args=[world.a1.pk])
    page = client.get(url).content.decode()
    assert 'maxlength="4000"' in page and "At most 4,000 characters." in page
    response = client.post(url, {"status": "in_progress", "progress_note": ONE_MB,
                                 "timeline_text": world.a1.timeline_text, "version": world.a1.version})
    assert response.status_code == 400
    assert response.context["form"].errors["progress_note"]
    html = response.content.decode()
    assert 'id="id_progress_note_error"' in html and 'aria-describedby="id_progress_note_helptext id_progress_note_error"' in html
    a1 = Activity.objects.get(pk=world.a1.pk)
    assert (a1.progress_note, a1.version) == ("", 1)
    assert a1.history.count() == 1


def test_service_refuses_a_long_note_whoever_calls_it(world):
    """S5: the service checks the limit itself (a command or another service is not a
    form): ValidationError on progress_note, nothing written; exactly the limit passes."""
    with pytest.raises(ValidationError) as error:
        activity_update_status(activity=world.a1, status="in_progress", note=ONE_MB,
                               by=world.users.secretariat, expected_version=1)
    assert "progress_note" in error.value.message_dict
    assert Activity.objects.get(pk=world.a1.pk).version == 1
    saved = activity_update_status(activity=world.a1, status="in_progress", note="y" * NOTE_MAX_LENGTH,
                                   by=world.users.secretariat, expected_version=1)
    assert len(saved.progress_note) == NOTE_MAX_LENGTH


def test_progress_update_and_review_comment_are_limited(world):
    """S5: a coordinator's 1 MB progress note (page and service) and a 1 MB review
    comment are refused; nothing stored."""
    client = _client(world.users.coord1)
    response = client.post(reverse("workplan:progress-submit", args=[world.a1.pk]),
                           {"status": "in_progress", "note": ONE_MB})
    assert response.status_code == 400 and response.context["form"].errors["note"]
    assert not ProgressUpdate.objects.exists()
    with pytest.raises(ProgressError):
        progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note=ONE_MB)
    assert not ProgressUpdate.objects.exists()
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Draft")
    with pytest.raises(ProgressError):
        progress_return(update=update, by=world.users.secretariat, comment=ONE_MB)
    update.refresh_from_db()
    assert update.state == "pending" and update.review_comment == ""
    page = _client(world.users.secretariat).get(reverse("workplan:reviews")).content.decode()
    assert 'maxlength="4000"' in page and "At most 4,000 characters." in page


def test_every_free_text_field_has_a_limit():
    """S5: no TextField of the work plan, progress updates or intersessional groups is
    unbounded (import-only framework texts and system error messages excepted)."""
    from django.apps import apps
    from django.db import models

    exempt = {("report", "error"), ("tfamappingrow", "note"), ("tfamappingstandard", "text")}
    unbounded = [
        f"{m._meta.label}.{f.name}" for m in [*apps.get_app_config("workplan").get_models(),
                                              *apps.get_app_config("intersessional").get_models()]
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and f.max_length is None
        and not m._meta.model_name.startswith("historical") and (m._meta.model_name, f.name) not in exempt]
    assert not unbounded, unbounded
