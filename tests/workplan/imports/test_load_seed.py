"""``manage.py load_seed``: idempotent, and never touching an edited plan."""

from django.core.management import call_command

from intersessional.models import IntersessionalGroup, Participation
from workplan.models import Activity, Meeting, Party, Topic, WorkingGroup
from workplan.imports.seed import seed_load


def _counts():
    return {model.__name__: model.objects.count()
            for model in (WorkingGroup, Topic, Activity, Party, Meeting, IntersessionalGroup,
                          Participation, Activity.history.model, Activity.parties.through,
                          IntersessionalGroup.topics.through)}


def test_load_seed_twice_changes_nothing(db, django_assert_max_num_queries):
    call_command("load_seed")
    first = _counts()
    assert first["Topic"] == 7 and first["Activity"] == 26 and first["IntersessionalGroup"] == 5
    # A fixed budget: the work plan part checks in a handful of queries and the Annex III
    # part compares the stored mapping with the file in about twenty, whatever the data.
    with django_assert_max_num_queries(40):
        result = seed_load()
    assert not result.changed
    assert _counts() == first


def test_load_seed_keeps_an_edited_plan(db):
    seed_load()
    activity = Activity.objects.get(topic__number=1, order=1)
    activity.status = Activity.Status.COMPLETED
    activity.save()
    Meeting.objects.get(title="4th WGEC meeting").delete()
    result = seed_load()
    assert result.workplan is None and result.meetings_created == 1
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED


def test_load_seed_command_output(db, capsys):
    call_command("load_seed")
    out = capsys.readouterr().out
    assert "7 topics, 26 activities, 5 intersessional groups" in out
    call_command("load_seed")
    assert "nothing to do" in capsys.readouterr().out


