"""Applying an imported plan: into an empty group (the seed's plan from .docx, .xlsx and
.csv, cell for cell) and over a plan in use (a revised plan updates activities in place:
statuses, progress notes, standard tags and history are kept; nothing is deleted)."""

import copy

import pytest

from intersessional.models import IntersessionalGroup
from tests.workplan.imports.plan_files import ANNEX_I, ANNEX_II, build_csv, build_docx, build_xlsx
from workplan.imports.applying import plan_apply
from workplan.imports.loading import PlanChangedError, PlanProblemsError, plan_preview
from workplan.imports.reading import plan_read
from workplan.plan.models import Activity, Party, Topic, WorkingGroup

pytestmark = pytest.mark.django_db

SEED_CELLS = [(number, title, order, *row) for number, title, rows in ANNEX_I
              for order, row in enumerate(rows, start=1)]


def _db_cells(group):
    return [(a.topic.number, a.topic.title, a.order, a.description, a.responsible, a.timeline_text)
            for a in Activity.objects.filter(topic__group=group).select_related("topic")
            .order_by("topic__number", "order")]


def _db_groups(group):
    return [(ig.item_of_work, [p.short_name for p in ig.coordinators()], [p.short_name for p in ig.volunteers()])
            for ig in IntersessionalGroup.objects.filter(working_group=group).prefetch_related("participations__party")
            .order_by("number")]


@pytest.mark.parametrize(("build", "name"), [(build_docx, "plan.docx"), (build_xlsx, "plan.xlsx"),
                                             (build_csv, "plan.csv")])
def test_the_seed_plan_imports_into_an_empty_group_cell_for_cell(build, name):
    group = WorkingGroup.objects.create(acronym="NEW", name="New group")
    parsed = plan_read(build(), filename=name)
    preview = plan_apply(group=group, parsed=parsed)
    assert len(preview.of_kind("added")) == 26
    assert Activity.objects.filter(topic__group=group).count() == 26
    assert IntersessionalGroup.objects.filter(working_group=group).count() == 5
    assert _db_cells(group) == SEED_CELLS
    assert _db_groups(group) == [(item, c, v) for item, c, v in ANNEX_II]
    first = Activity.objects.get(topic__group=group, topic__number=2, order=1)
    assert sorted(p.short_name for p in first.parties.all()) == ["CBSA", "Co-Leads", "IFCBA"]
    assert first.history.count() == 1
    assert (first.first_month.isoformat(), first.last_month.isoformat()) == ("2018-05-01", "2018-05-01")


def test_a_file_with_problems_writes_nothing():
    group = WorkingGroup.objects.create(acronym="NEW", name="New group")
    bad = copy.deepcopy(ANNEX_I)
    bad[0][2][1] = ("Disseminate", "Secretariat", "Smarch 2018")
    parsed = plan_read(build_xlsx(bad), filename="bad.xlsx")
    with pytest.raises(PlanProblemsError) as caught:
        plan_apply(group=group, parsed=parsed)
    assert "Annex I!E4" in str(caught.value)
    assert not Topic.objects.filter(group=group).exists() and not Party.objects.exists()


def _revised():
    """The seed's Annex I revised: 1.2 reworded; a new activity inserted as 2.2 (2.2-2.8
    become 2.3-2.9); 3.3 dropped; a new topic 8; responsibles naming a person with their
    organisation and a party nobody knows."""
    plan = copy.deepcopy(ANNEX_I)
    plan[0][2][1] = ("Disseminate the updated draft text for comments", "Secretariat", "June 2018")
    plan[1][2].insert(1, ("Map the data flows", "Jane Doe (UPU) and Ruritania", "early 2019"))
    del plan[2][2][2]
    plan.append((8, "Follow-up", [("Review the implementation", "WGEC", "H2 2019")]))
    return plan


@pytest.fixture
def plan_in_use(django_user_model):
    """The seed's plan imported, then worked on: statuses, notes, a standard tag."""
    from workplan.framework.models import Standard
    from workplan.plan.services import activity_update_status

    user = django_user_model.objects.create_user("sec", password="x")
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    plan_apply(group=group, parsed=plan_read(build_xlsx(), filename="seed.xlsx"), by=user)
    acts = {f"{a.topic.number}.{a.order}": a for a in Activity.objects.filter(topic__group=group)
            .select_related("topic")}
    for key, status, note in [("1.2", "completed", "Sent on 5 June."), ("2.2", "in_progress", "Drafting."),
                              ("2.8", "postponed", "Moved to the spring."), ("3.3", "in_progress", "Out for comments.")]:
        activity_update_status(activity=acts[key], status=status, note=note, by=user,
                               expected_version=acts[key].version)
    standard = Standard.objects.create(number=1, title="Legal Framework")
    standard.activities.add(acts["2.2"])
    return {"group": group, "user": user, "acts": acts, "standard": standard}


def test_a_revised_plan_previews_the_right_changes(plan_in_use):
    group = plan_in_use["group"]
    parsed = plan_read(build_docx(_revised()), filename="revised.docx")
    assert parsed.problems == []
    preview = plan_preview(group=group, parsed=parsed)
    added = [(c.key, c.new["description"]) for c in preview.of_kind("added")]
    assert added == [("2.2", "Map the data flows"), ("8.1", "Review the implementation")]
    withdrawn = [(c.key, c.old["description"]) for c in preview.of_kind("withdrawn")]
    assert withdrawn == [("3.3", "Circulate draft definitions for consultation")]
    changed = {c.key: c for c in preview.of_kind("changed")}
    assert changed["1.2"].differences() == [("Activity", "Disseminate updated draft text for comments and feedback",
                                             "Disseminate the updated draft text for comments")]
    # The rows below the inserted one are renumbered, not reworded: matched by their text.
    assert changed["2.3"].activity == plan_in_use["acts"]["2.2"]
    assert changed["2.3"].differences() == [("No.", "2", "3")]
    assert changed["3.3"].activity == plan_in_use["acts"]["3.4"]
    assert sorted(changed) == ["1.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "3.3"]
    assert len(preview.of_kind("unchanged")) == 26 - 1 - 7 - 1 - 1
    assert preview.topics_added == [(8, "Follow-up")]
    assert preview.new_parties == [("Ruritania", "unconfirmed")]
    assert any('"Ruritania" is not a party the tracker knows' in w for w in preview.warnings)
    assert not any("Jane Doe" in name for name, _kind in preview.new_parties)
    assert "2.2" in "\n".join(preview.lines())


def test_applying_a_revised_plan_keeps_statuses_notes_tags_and_history(plan_in_use):
    group, user, acts = plan_in_use["group"], plan_in_use["user"], plan_in_use["acts"]
    history_before = {a.pk: a.history.count() for a in acts.values()}
    ids_before = set(Activity.objects.filter(topic__group=group).values_list("pk", flat=True))
    parsed = plan_read(build_docx(_revised()), filename="revised.docx")
    fingerprint = plan_preview(group=group, parsed=parsed).fingerprint
    plan_apply(group=group, parsed=parsed, by=user, expected_fingerprint=fingerprint)

    ids_after = set(Activity.objects.filter(topic__group=group).values_list("pk", flat=True))
    assert ids_before <= ids_after and len(ids_after) == 28  # nothing deleted; two added
    for activity in acts.values():  # every status and note as it was
        now = Activity.objects.get(pk=activity.pk)
        before = Activity.history.filter(id=activity.pk, history_date__lt=now.changed_at).first() or activity
        assert (now.status, now.progress_note) == (before.status, before.progress_note)
    moved = Activity.objects.get(pk=acts["2.2"].pk)
    assert (moved.order, moved.status, moved.progress_note) == (3, "in_progress", "Drafting.")
    assert list(moved.standards.all()) == [plan_in_use["standard"]]
    reworded = Activity.objects.get(pk=acts["1.2"].pk)
    assert (reworded.description, reworded.status, reworded.progress_note) == (
        "Disseminate the updated draft text for comments", "completed", "Sent on 5 June.")
    withdrawn = Activity.objects.get(pk=acts["3.3"].pk)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_by == user
    assert (withdrawn.status, withdrawn.progress_note) == ("in_progress", "Out for comments.")
    postponed = Activity.objects.get(pk=acts["2.8"].pk)
    assert (postponed.order, postponed.status, postponed.progress_note) == (9, "postponed", "Moved to the spring.")
    # Every old history row is still there; each changed activity has one more.
    for key, activity in acts.items():
        count = Activity.objects.get(pk=activity.pk).history.count()
        changed = key in ("1.2", "3.3", "3.4") or key.startswith("2.") and key != "2.1"
        assert count == history_before[activity.pk] + (1 if changed else 0), key
    latest = reworded.history.first()
    assert (latest.history_user, latest.history_type, latest.history_change_reason) == (
        user, "~", "Imported from revised.docx")
    inserted = Activity.objects.get(topic__group=group, topic__number=2, order=2)
    assert inserted.description == "Map the data flows"
    assert (inserted.first_month.isoformat(), inserted.last_month.isoformat()) == ("2019-01-01", "2019-04-01")
    assert sorted(p.short_name for p in inserted.parties.all()) == ["Ruritania", "UPU"]
    assert inserted.responsible == "Jane Doe (UPU) and Ruritania"
    assert Party.objects.get(short_name="Ruritania").kind == Party.Kind.UNCONFIRMED
    assert not Party.objects.filter(short_name__icontains="Jane").exists()


def test_applying_the_same_file_twice_changes_nothing(plan_in_use):
    group = plan_in_use["group"]
    parsed = plan_read(build_xlsx(), filename="seed.xlsx")
    preview = plan_preview(group=group, parsed=parsed)
    assert not preview.has_changes
    assert len(preview.of_kind("unchanged")) == 26


def test_a_plan_changed_after_the_preview_is_refused(plan_in_use):
    from workplan.plan.services import activity_update_status

    group, user = plan_in_use["group"], plan_in_use["user"]
    parsed = plan_read(build_docx(_revised()), filename="revised.docx")
    fingerprint = plan_preview(group=group, parsed=parsed).fingerprint
    a = Activity.objects.get(pk=plan_in_use["acts"]["1.1"].pk)
    activity_update_status(activity=a, status="completed", note="Done.", by=user, expected_version=a.version)
    with pytest.raises(PlanChangedError):
        plan_apply(group=group, parsed=parsed, by=user, expected_fingerprint=fingerprint)
    assert not Topic.objects.filter(group=group, number=8).exists()


def test_a_withdrawn_activity_that_comes_back_is_restored(plan_in_use):
    group, user = plan_in_use["group"], plan_in_use["user"]
    plan_apply(group=group, parsed=plan_read(build_docx(_revised()), filename="r.docx"), by=user)
    preview = plan_apply(group=group, parsed=plan_read(build_xlsx(), filename="seed.xlsx"), by=user)
    restored = preview.of_kind("restored")
    assert [c.key for c in restored] == ["3.3"]
    a = Activity.objects.get(pk=plan_in_use["acts"]["3.3"].pk)
    assert a.withdrawn_at is None and (a.topic.number, a.order) == (3, 3)
    assert a.status == "in_progress"
    # The activities the seed does not have are withdrawn in their turn, not deleted.
    assert sorted(c.old["description"] for c in preview.of_kind("withdrawn")) == [
        "Map the data flows", "Review the implementation"]
