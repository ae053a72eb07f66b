"""Every change that matters to the plan is a history row with who and when (case HI1).

django-simple-history records many-to-many changes only for fields listed in
``m2m_fields`` and writes nothing for ``QuerySet.update()`` or ``bulk_create``. Each write
path the product has is tried here: parties, group members and topics changed in code (the
admin is read-only), the Framework tag page (standard tags), a bulk ``update()`` and the
importer.
"""

import datetime as dt

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from intersessional.models import IntersessionalGroup, Participation
from tests.support.roles import world  # noqa: F401
from workplan.models import Activity, StandardTag, WorkingGroup
from workplan.plan.asof import activities_as_of, day_end, latest_rows
from workplan.imports.services import workplan_import

BRUSSELS = dt.timezone(dt.timedelta(hours=1))


def _as_request_of(user):
    """What simple-history's middleware does for a request: who is changing things."""
    request = RequestFactory().get("/")
    request.user = user
    HistoricalRecords.context.request = request


@pytest.mark.django_db
def test_parties_changed_are_a_history_row_with_who_and_when(world):
    """HI1: a change of an activity's responsible parties (the m2m relation; the admin is
    read-only now, every write goes through code) is recorded with the parties then."""
    activity = world.a1
    when = dt.datetime(2027, 1, 5, 10, 0, tzinfo=BRUSSELS)
    _as_request_of(world.users.secretariat)
    try:
        with time_machine.travel(when, tick=False):
            activity.parties.set([world.party["US"], world.party["EU"]])
    finally:
        del HistoricalRecords.context.request
    latest = activity.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_date, latest.history_user) == (when, world.users.secretariat)
    assert {p.party.short_name for p in latest.parties.all()} == {"US", "EU"}


@pytest.mark.django_db
def test_standard_tags_added_and_removed_are_history_rows(client, world):
    """HI1: tagging an activity with a standard and untagging it are both recorded with who
    and when, and the plan as of a day between has the tag."""
    activity, standard = world.a2, world.standard
    client.force_login(world.users.secretariat)
    url = reverse("workplan:framework-tag-activity", args=[activity.pk])
    added_at = dt.datetime(2027, 1, 5, 10, 0, tzinfo=BRUSSELS)
    removed_at = dt.datetime(2027, 1, 9, 10, 0, tzinfo=BRUSSELS)
    with time_machine.travel(added_at, tick=False):
        client.force_login(world.users.secretariat)
        assert client.post(url, {"standards": [standard.pk], "shown": ""}).status_code == 302
    with time_machine.travel(removed_at, tick=False):
        client.force_login(world.users.secretariat)
        assert client.post(url, {"shown": str(standard.pk)}).status_code == 302
    assert not StandardTag.objects.filter(activity=activity).exists()
    history = list(StandardTag.history.filter(activity=activity).order_by("history_date"))
    assert [(h.history_type, h.history_date, h.history_user) for h in history] == [
        ("+", added_at, world.users.secretariat), ("-", removed_at, world.users.secretariat)]
    tags = StandardTag.history.model.objects.filter(activity=activity)
    assert latest_rows(tags, cut_off=day_end(world.group, dt.date(2027, 1, 6))).count() == 1
    assert latest_rows(tags, cut_off=day_end(world.group, dt.date(2027, 1, 10))).count() == 0


@pytest.mark.django_db
def test_group_members_and_topics_changed_are_history_rows(world):
    """HI1: a volunteer added to an intersessional group and a topic linked to it are
    recorded with who and when."""
    ig = world.ig4
    when = dt.datetime(2027, 2, 3, 9, 30, tzinfo=BRUSSELS)
    _as_request_of(world.users.secretariat)
    try:
        with time_machine.travel(when, tick=False):
            Participation.objects.create(group=ig, party=world.party["Japan"], role="volunteer", position=1)
            ig.topics.add(world.topics.t2)
    finally:
        del HistoricalRecords.context.request
    joined = Participation.history.get(group_id=ig.pk, party=world.party["Japan"])
    assert (joined.history_type, joined.history_date, joined.history_user) == ("+", when, world.users.secretariat)
    record = IntersessionalGroup.history.filter(id=ig.pk).order_by("-history_date", "-history_id").first()
    assert record.history_date == when and record.history_user == world.users.secretariat
    assert {link.topic_id for link in record.topics.all()} == {world.topics.t6.pk, world.topics.t2.pk}


@pytest.mark.django_db
def test_bulk_update_writes_one_history_row_per_activity_with_its_parties(world):
    """HI1: ``Activity.objects.filter(...).update(...)`` writes history (simple-history's own
    does not), by the request's user, holding the parties, so the plan as of later is right."""
    request = RequestFactory().get("/")
    request.user = world.users.secretariat
    HistoricalRecords.context.request = request
    when = dt.datetime(2027, 1, 15, 12, 0, tzinfo=BRUSSELS)
    try:
        with time_machine.travel(when, tick=False):
            changed = Activity.objects.filter(topic=world.topics.t1).update(status=Activity.Status.POSTPONED)
    finally:
        del HistoricalRecords.context.request
    assert changed == 2
    rows = Activity.history.filter(history_date=when)
    assert {r.id for r in rows} == {world.a1.pk, world.a_sec.pk}
    assert all(r.status == "postponed" and r.history_user == world.users.secretariat for r in rows)
    sec = rows.get(id=world.a_sec.pk)
    assert [p.party.short_name for p in sec.parties.all()] == ["Secretariat"]
    past = activities_as_of(group=world.group, cut_off=day_end(world.group, dt.date(2027, 1, 15)))
    assert past.get(id=world.a_sec.pk).status == "postponed"


HEADER = "| | Topic | Activity | Responsible | Timeline | Remarks |\n|---|---|---|---|---|---|\n"
SMALL_PLAN = (
    "Work Plan\n\n" + HEADER
    + "| 1. | Definitions | Develop draft definitions | Co-Chairs and Secretariat | August 2018 | |\n"
    + "\n| No. | Item of Work | Volunteers |\n|---|---|---|\n"
    + "| 1. | Definitions | <p>Coordinator: US and EU India, GEA; Google</p> |\n"
)


@pytest.mark.django_db
def test_an_import_writes_history_for_activities_their_parties_and_group_members():
    """HI1: the importer's bulk writes leave one history row per activity (with its
    parties) and per group membership, dated at the import."""
    group = WorkingGroup.objects.create(acronym="TST", name="Test group")
    when = dt.datetime(2018, 6, 30, 12, 0, tzinfo=BRUSSELS)
    with time_machine.travel(when, tick=False):
        try:
            workplan_import(group=group, text=SMALL_PLAN, source_name="plan.md")
        except Exception as error:  # the small plan must be valid for this importer
            pytest.fail(f"import failed: {error}")
    activity = Activity.objects.get(topic__group=group)
    record = activity.history.get()
    assert record.history_date == when
    assert {p.party.short_name for p in record.parties.all()} == {p.short_name for p in activity.parties.all()}
    participations = Participation.objects.filter(group__working_group=group)
    assert participations.count() >= 2
    assert Participation.history.filter(id__in=participations.values("id"), history_type="+").count() \
        == participations.count()


def test_no_product_code_updates_or_bulk_creates_a_tracked_model_without_history():
    """HI1: the kind of fault, not only one path. A ``.update(`` or ``bulk_create(`` on a
    history-tracked model in product code must be one that writes history (the activity
    queryset's ``update``, the importer's ``bulk_create_with_history`` and its
    ``_activity_history_create``, generate_demo's own history rows)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[3]
    tracked = ("Participation", "IntersessionalGroup", "StandardTag")
    offenders = []
    for path in [*root.glob("workplan/**/*.py"), *root.glob("intersessional/**/*.py")]:
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for model in tracked:
                if re.search(rf"\b{model}\.objects\.(bulk_create|bulk_update)\(", line) \
                        or re.search(rf"\b{model}\.objects\.[^#]*\.update\(", line):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
