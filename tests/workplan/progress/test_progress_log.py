"""The progress log (issue 13): every note change is a dated entry, the newest is
``Activity.progress_note``, and an accepted coordinator update says who reported it and
who accepted it in the log, the history, /changes/ and the PDF report's changes."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.models import Activity, ProgressEntry
from workplan.plan.services import activity_update_status
from workplan.progress.services import progress_accept, progress_submit

pytestmark = pytest.mark.django_db


def named(world):
    world.users.coord1.first_name, world.users.coord1.last_name = "Ana", "Diaz"
    world.users.coord1.save()
    world.users.secretariat.first_name, world.users.secretariat.last_name = "Sam", "Lee"
    world.users.secretariat.save()


def test_each_note_change_writes_one_entry_and_the_note_mirrors_the_newest(world):
    a = world.a1
    activity_update_status(activity=a, status="in_progress", note="Draft circulated", by=world.users.secretariat,
                           expected_version=1)
    activity_update_status(activity=a, status="completed", note="Draft circulated", by=world.users.secretariat,
                           expected_version=2)  # status only: no new note, no entry
    activity_update_status(activity=a, status="completed", note="Text agreed", by=world.users.secretariat,
                           expected_version=3)
    a.refresh_from_db()
    entries = list(a.progress_entries.all())
    assert [e.note for e in entries] == ["Text agreed", "Draft circulated"]  # newest first
    assert [e.status for e in entries] == ["completed", "in_progress"]
    assert a.progress_note == entries[0].note
    assert all(e.author == world.users.secretariat and e.accepted_by is None for e in entries)
    # Linked to the history record written in the same transaction.
    assert entries[0].history_id == a.history.order_by("-history_id").first().history_id


def test_accepted_update_names_the_coordinator_their_party_and_the_reviewer(world):
    named(world)
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    progress_accept(update=update, by=world.users.secretariat, comment="Thanks")
    entry = ProgressEntry.objects.get(activity=world.a1)
    assert entry.author == world.users.coord1 and entry.reported_by == world.users.coord1
    assert entry.author_party == world.party["US"] and entry.accepted_by == world.users.secretariat
    assert entry.update == update and not entry.edited
    assert entry.attribution() == "reported by Ana Diaz (US), accepted by Sam Lee"


def test_attribution_in_log_history_and_changes_pages(world, client):
    named(world)
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="in_progress", note="Gaps listed")
    progress_accept(update=update, by=world.users.secretariat)
    expected = "Reported by Ana Diaz (US), accepted by Sam Lee"
    client.force_login(world.users.delegate)
    page = client.get(world.a1.get_absolute_url()).content.decode()
    log = page[page.index('id="log-heading"'):]
    assert expected in log and "Gaps listed" in log
    history = page[page.index('id="history-heading"'):]
    assert expected in history
    today = world.group.today().isoformat()
    changes = client.get(reverse("workplan:changes"), {"start": today, "end": today}).content.decode()
    assert "reported by Ana Diaz (US), accepted by Sam Lee" in changes


def test_report_changes_say_who_reported_and_who_accepted(world):
    from workplan.plan.history import status_and_note_changes

    named(world)
    update = progress_submit(activity=world.a1, by=world.users.coord1, status="completed", note="Done")
    progress_accept(update=update, by=world.users.secretariat)
    activity = Activity.objects.select_related("topic").get(pk=world.a1.pk)
    changes = status_and_note_changes(activities={activity.pk: activity}, since=None,
                                      until=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1),
                                      tz=world.group.tzinfo)
    assert [c.by for c in changes] == ["reported by Ana Diaz (US), accepted by Sam Lee"]


def test_log_is_newest_first_on_the_page(world, client):
    for version, note in enumerate(["first", "second", "third"], start=1):
        activity_update_status(activity=world.a1, status="in_progress", note=note, by=world.users.secretariat,
                               expected_version=version)
    client.force_login(world.users.coord1)
    page = client.get(world.a1.get_absolute_url()).content.decode()
    log = page[page.index('id="log-heading"'):page.index('id="history-heading"')]
    assert log.index("third") < log.index("second") < log.index("first")


def test_data_migration_makes_one_entry_per_existing_note(world):
    """The migration's function, run on activities that had notes before the log."""
    import importlib

    migration = importlib.import_module("workplan.migrations.0009_progress_log_entries")
    activity_update_status(activity=world.a1, status="in_progress", note="Old note", by=world.users.secretariat,
                           expected_version=1)
    Activity.objects.filter(pk=world.a3.pk).update(progress_note="Typed in before history")
    ProgressEntry.objects.all().delete()
    migration.forwards(apps, None)
    entries = {e.activity_id: e for e in ProgressEntry.objects.all()}
    assert set(entries) == {world.a1.pk, world.a3.pk}
    assert entries[world.a1.pk].note == "Old note" and entries[world.a1.pk].author == world.users.secretariat
    assert entries[world.a1.pk].history_id is not None
    assert entries[world.a3.pk].note == "Typed in before history"
    migration.forwards(apps, None)  # idempotent
    assert ProgressEntry.objects.count() == 2
