"""The seed work plan as ``manage.py load_seed`` loads it, compared cell by cell with
the seed document's Annex I (../shared/seeds/000_572ce933c0ac0340.txt), and the meetings
the seed names.

The EXPECTED rows below are copied from the seed by hand, as literals: they do not
come from the importer they check.
"""

import datetime as dt

import pytest

from intersessional.models import IntersessionalGroup
from workplan.models import Activity, Meeting, Party, Topic, WorkingGroup
from tests.support.paths import ROOT

FIXTURE = ROOT / "fixtures" / "wgec-workplan-2018-09-21.txt"
# The original sits in ../shared/seeds beside the repository (two levels up from a
# worktree under wt/).
ORIGINALS = [base / "shared" / "seeds" / "000_572ce933c0ac0340.txt"
             for base in (ROOT.parent, ROOT.parent.parent)]

EXPECTED_TOPICS = [
    (1, "Technical Specifications"),
    (2, "Flow Chart and Data Elements"),
    (3, "Definitions"),
    (4, "Implementation Strategy and Action Plan"),
    (5, "Case Studies and Pilots"),
    (6, "Other Annexes to the Framework of Standards"),
    (7, "Final Report"),
]

# (topic number, topic title, order, Activity, Responsible, Timeline, Remarks,
#  first month, last month, linked parties in order)
EXPECTED_ACTIVITIES = [
    (1, "Technical Specifications", 1,
     "Review current draft text and identify gaps/concerns and suggest amendments",
     "Co-Chairs, Co-Leads and interested Members and stakeholders", "May 2018", "",
     "2018-05", "2018-05", ("Co-Chairs", "Co-Leads")),
    (1, "Technical Specifications", 2,
     "Disseminate updated draft text for comments and feedback",
     "Secretariat", "June 2018", "",
     "2018-06", "2018-06", ("Secretariat",)),
    (1, "Technical Specifications", 3,
     "Develop consolidated text based on inputs/suggestions",
     "Co-Chairs, Co-Leads and Secretariat", "July 2018", "",
     "2018-07", "2018-07", ("Co-Chairs", "Co-Leads", "Secretariat")),
    (1, "Technical Specifications", 4,
     "Discuss and potentially finalize Technical Specifications",
     "WGEC", "September/October 2018", "",
     "2018-09", "2018-10", ("WGEC",)),
    (2, "Flow Chart and Data Elements", 1,
     "Refine and further develop Flow Chart",
     "Co-Leads (CBSA and IFCBA)", "May 2018", "",
     "2018-05", "2018-05", ("Co-Leads", "CBSA", "IFCBA")),
    (2, "Flow Chart and Data Elements", 2,
     "Establish a Sub-Group on Data Elements comprising Co-Chairs, Co-Leads and interested "
     "Members and Stakeholders",
     "Co-Chairs and Secretariat", "June 2018", "",
     "2018-06", "2018-06", ("Co-Chairs", "Secretariat")),
    (2, "Flow Chart and Data Elements", 3,
     "Establish the context, noting commercial environments of the stakeholders who hold the "
     "data Discuss the concept and develop draft Data Elements",
     "Sub-Group on Data Elements (face-to-face meeting)", "June 2018", "",
     "2018-06", "2018-06", ("Sub-Group on Data Elements",)),
    (2, "Flow Chart and Data Elements", 4,
     "Engage and consult Members and E-Commerce stakeholders",
     "Co-Chairs and Secretariat", "August 2018", "",
     "2018-08", "2018-08", ("Co-Chairs", "Secretariat")),
    (2, "Flow Chart and Data Elements", 5,
     "Discuss Flow Chart and Data Elements",
     "WGEC", "September 2018", "",
     "2018-09", "2018-09", ("WGEC",)),
    (2, "Flow Chart and Data Elements", 6,
     "Continue consultations and further work",
     "Co-Chairs and Sub-Group Co-Leads", "", "",
     None, None, ("Co-Chairs", "Sub-Group Co-Leads")),
    (2, "Flow Chart and Data Elements", 7,
     "Discuss and finalize Flow Charts and Data Elements",
     "Sub-Group on Data Elements (face-to-face meeting)", "January 2019", "",
     "2019-01", "2019-01", ("Sub-Group on Data Elements",)),
    (2, "Flow Chart and Data Elements", 8,
     "Finalize Flow Chart and Data Elements",
     "WGEC", "March/April 2019", "",
     "2019-03", "2019-04", ("WGEC",)),
    (3, "Definitions", 1,
     "Review and update/expand the already identified terms",
     "Interested Members and stakeholders and Secretariat", "May 2018", "",
     "2018-05", "2018-05", ("Secretariat",)),
    (3, "Definitions", 2,
     "Develop draft definitions",
     "Co-Chairs and Interested Members and stakeholders", "August 2018", "",
     "2018-08", "2018-08", ("Co-Chairs",)),
    (3, "Definitions", 3,
     "Circulate draft definitions for consultation",
     "Secretariat", "August 2018", "",
     "2018-08", "2018-08", ("Secretariat",)),
    (3, "Definitions", 4,
     "Finalize definitions",
     "WGEC", "September/ October 2018", "",
     "2018-09", "2018-10", ("WGEC",)),
    (4, "Implementation Strategy and Action Plan", 1,
     "Discuss and develop the envisaged implementation strategy and action plan for the "
     "implementation of the Framework of Standards at the national/regional level",
     "Interested Members and Stakeholders", "August 2018", "",
     "2018-08", "2018-08", ()),
    (4, "Implementation Strategy and Action Plan", 2,
     "Circulate for comments and feedback",
     "Secretariat", "August/ September 2018", "",
     "2018-08", "2018-09", ("Secretariat",)),
    (4, "Implementation Strategy and Action Plan", 3,
     "Continue consultations",
     "Co-Leads and Secretariat", "October 2018 to March 2019", "",
     "2018-10", "2019-03", ("Co-Leads", "Secretariat")),
    (4, "Implementation Strategy and Action Plan", 4,
     "Discuss and develop a Capacity Building strategy",
     "Interested Members and Stakeholders", "January 2019", "",
     "2019-01", "2019-01", ()),
    (4, "Implementation Strategy and Action Plan", 5,
     "Finalize Implementation Strategy and Action Plan",
     "WGEC", "March/April 2019", "",
     "2019-03", "2019-04", ("WGEC",)),
    (5, "Case Studies and Pilots", 1,
     "Invite Members and stakeholders to share their working examples, initiatives/pilots",
     "Members and stakeholders", "December 2018", "",
     "2018-12", "2018-12", ()),
    (6, "Other Annexes to the Framework of Standards", 1,
     "Review the already developed draft Annexes (e.g., Business Models; E-Commerce "
     "Stakeholders : Roles & responsibilities; Alternate Models of Revenue Collection)",
     "Co-Chairs, Co-Leads, and interested Members and stakeholders", "June 2018", "",
     "2018-06", "2018-06", ("Co-Chairs", "Co-Leads")),
    (6, "Other Annexes to the Framework of Standards", 2,
     "Disseminate for further comments and feedback",
     "Secretariat", "July 2018", "",
     "2018-07", "2018-07", ("Secretariat",)),
    (6, "Other Annexes to the Framework of Standards", 3,
     "Finalize all other Annexes",
     "WGEC", "September/ October 2018", "",
     "2018-09", "2018-10", ("WGEC",)),
    (7, "Final Report", 1,
     "Consolidate and prepare the finalized document for the June 2019 Policy Commission and "
     "Council Discuss and establish the process for future development and maintenance of the "
     "Framework of Standards beyond June 2019",
     "WGEC, PTC, EC, Secretariat", "June 2019", "",
     "2019-06", "2019-06", ("WGEC", "PTC", "EC", "Secretariat")),
]

# (kind, number, title, start, end, month only, place)
EXPECTED_MEETINGS = [
    ("ptc", "219th/220th", "PTC 219th/220th Sessions", "2018-04-01", "2018-04-30", True, ""),
    ("council", "", "Council, June 2018", "2018-06-01", "2018-06-30", True, ""),
    ("policy_commission", "", "Policy Commission, June 2018", "2018-06-01", "2018-06-30", True, ""),
    ("wg", "", "WGEC face-to-face meeting", "2018-06-18", "2018-06-21", False, ""),
    ("workshop", "", "Regional Seminar on the E-Commerce Framework of Standards for the "
     "Asia/Pacific region", "2018-07-16", "2018-07-17", False, "New Delhi, India"),
    ("wg", "4th", "4th WGEC meeting", "2018-10-08", "2018-10-12", False, ""),
    ("other", "", "TFA Working Group (TFAWG) meeting", "2018-10-22", "2018-10-23", False, ""),
    ("council", "", "Council, June 2019", "2019-06-01", "2019-06-30", True, ""),
    ("policy_commission", "", "Policy Commission, June 2019", "2019-06-01", "2019-06-30", True, ""),
]


def _month(value):
    return None if value is None else dt.date.fromisoformat(value + "-01")


@pytest.fixture
def seeded(seed_once, db):
    return WorkingGroup.objects.get(acronym="WGEC")


def test_fixture_is_the_seed_document_verbatim():
    """fixtures/ holds the whole seed document, byte for byte."""
    original = next((p for p in ORIGINALS if p.exists()), None)
    if original is None:
        pytest.skip("../shared/seeds/000_572ce933c0ac0340.txt is not on this machine")
    assert FIXTURE.read_bytes() == original.read_bytes()


def test_seed_group(seeded):
    assert (seeded.acronym, seeded.name, seeded.time_zone) == (
        "WGEC", "Working Group on E-Commerce", "Europe/Brussels")


def test_seed_topics_cell_by_cell(seeded):
    assert list(Topic.objects.filter(group=seeded).values_list("number", "title")) == EXPECTED_TOPICS


@pytest.mark.parametrize("expected", EXPECTED_ACTIVITIES, ids=lambda e: f"{e[0]}.{e[2]}")
def test_seed_activity_cell_by_cell(seeded, expected):
    number, title, order, description, responsible, timeline, remarks, first, last, parties = expected
    activity = Activity.objects.select_related("topic").get(
        topic__group=seeded, topic__number=number, order=order)
    assert activity.topic.title == title
    assert activity.description == description
    assert activity.responsible == responsible
    assert activity.timeline_text == timeline
    assert activity.remarks == remarks
    assert (activity.first_month, activity.last_month) == (_month(first), _month(last))
    assert activity.tentative is False
    assert activity.status == Activity.Status.NOT_STARTED
    assert activity.progress_note == ""
    # Links have no order of their own: the Responsible text keeps the order written.
    assert sorted(p.short_name for p in activity.parties.all()) == sorted(parties)


def test_seed_has_exactly_the_expected_activities(seeded):
    got = list(Activity.objects.for_group(seeded).values_list("topic__number", "order"))
    assert got == [(e[0], e[2]) for e in EXPECTED_ACTIVITIES]
    assert len(got) == 26


def test_seed_party_kinds(seeded):
    kinds = dict(Party.objects.values_list("short_name", "kind"))
    assert {n for n, k in kinds.items() if k == "body"} == {
        "Co-Chairs", "Co-Leads", "EC", "PTC", "Secretariat", "Sub-Group Co-Leads",
        "Sub-Group on Data Elements", "WGEC"}
    assert {n for n, k in kinds.items() if k == "stakeholder"} == {
        "Amazon", "FIATA", "GEA", "Google", "IATA", "ICC", "IFCBA", "OECD", "UNECE", "UPS", "UPU"}
    assert {n for n, k in kinds.items() if k == "member"} == {
        "Australia", "Brazil", "Canada", "CBSA", "China", "EEC", "EU", "France", "India", "Japan",
        "Mexico", "Spain", "Sweden", "The Netherlands", "UK", "US"}
    # "Members and stakeholders" is an open call, never a party.
    assert not Party.objects.filter(short_name__icontains="members").exists()


def test_seed_meetings(seeded):
    got = list(Meeting.objects.filter(group=seeded).order_by("start_date", "title").values_list(
        "kind", "number", "title", "start_date", "end_date", "month_only", "place"))
    assert got == [(k, n, t, dt.date.fromisoformat(s), dt.date.fromisoformat(e), m, p)
                   for k, n, t, s, e, m, p in EXPECTED_MEETINGS]


def test_seed_import_is_recorded_in_history(seeded):
    """One "created" record per activity, naming the file and the parties linked."""
    for activity in Activity.objects.for_group(seeded).prefetch_related("parties"):
        records = list(activity.history.all())
        assert [r.history_type for r in records] == ["+"]
        assert records[0].history_change_reason == "Imported from wgec-workplan-2018-09-21.txt"
        assert records[0].description == activity.description
        assert ({p.party_id for p in records[0].parties.all()}
                == {p.pk for p in activity.parties.all()})
    group = IntersessionalGroup.objects.get(working_group=seeded, number=4)
    # Created, then linked to its topics: the link is recorded too (case HI1), newest first.
    records = list(group.history.all())
    assert [r.history_type for r in records] == ["~", "+"]
    assert {t.topic_id for t in records[0].topics.all()} == set(group.topics.values_list("pk", flat=True))
