"""Importing a work plan written as the seed's pipe tables (Annex I and Annex II).

Parsing is tested directly; ``workplan_import`` on PostgreSQL for atomicity; the
``import_workplan`` command both through call_command and as a real process.
"""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from intersessional.models import IntersessionalGroup, Participation
from tests.support.factories import PartyFactory, WorkingGroupFactory
from workplan.imports.pipe import (
    WorkPlanImportError, cell_text, parse_workplan, party_kind, split_responsible, split_row,
    split_volunteers)
from workplan.models import Activity, Party, Topic, WorkingGroup
from workplan.imports.services import workplan_import
from tests.support.paths import ROOT


HEADER = "| | Topic | Activity | Responsible | Timeline | Remarks |\n|---|---|---|---|---|---|\n"
GROUPS_HEADER = "| No. | Item of Work | Volunteers |\n|---|---|---|\n"

# Line numbers: 1 title, 2 blank, 3 header, 4 separator, 5.. rows.
SMALL_PLAN = (
    "Work Plan\n"
    "\n"
    + HEADER
    + "| 1. | Definitions | Develop draft definitions | Co-Chairs and Secretariat | August 2018 | |\n"  # 5
    + "| | | Finalize definitions | WGEC | September/ October 2018 | see note |\n"  # 6
    + "\n"
    + HEADER  # 8, 9
    + "| | | Circulate the draft | Secretariat | | |\n"  # 10: continues topic 1
    + "| 2. | Final Report | Consolidate | WGEC, PTC, EC, Secretariat | June 2019 | |\n"  # 11
    + "\n"
    + GROUPS_HEADER  # 13, 14
    + "| 1. | Definitions | <p>Coordinator: US and EU India, GEA; Google</p> |\n"  # 15
)


def _replace_line(text: str, line: int, new: str) -> str:
    lines = text.split("\n")
    lines[line - 1] = new
    return "\n".join(lines)


def _nothing_written():
    return (Topic.objects.count(), Activity.objects.count(), Party.objects.count(),
            IntersessionalGroup.objects.count(), Participation.objects.count()) == (0, 0, 0, 0, 0)


# --- parsing --------------------------------------------------------------------------

def test_small_plan_parses_with_continuations_across_tables():
    plan = parse_workplan(SMALL_PLAN)
    assert [(t.line, t.number, t.title) for t in plan.topics] == [(5, 1, "Definitions"), (11, 2, "Final Report")]
    first = plan.topics[0].activities
    assert [(a.line, a.order, a.description) for a in first] == [
        (5, 1, "Develop draft definitions"), (6, 2, "Finalize definitions"), (10, 3, "Circulate the draft")]
    assert first[1].remarks == "see note"
    assert first[1].timeline.text == "September/ October 2018"
    assert first[2].timeline.scheduled is False
    group = plan.intersessional_groups[0]
    assert (group.line, group.number, group.coordinators, group.volunteers) == (
        15, 1, ("US", "EU"), ("India", "GEA", "Google"))
    assert group.volunteers_text == "Coordinator: US and EU India, GEA; Google"
    assert plan.warnings == ()


def test_a_table_split_without_its_header_continues_the_work_plan():
    text = HEADER + "| 1. | Definitions | Develop | WGEC | May 2018 | |\n\n" + \
        "| | | | | | |\n|---|---|---|---|---|---|\n| | | Finalize | WGEC | June 2018 | |\n"
    plan = parse_workplan(text)
    assert [a.description for a in plan.topics[0].activities] == ["Develop", "Finalize"]


def test_other_tables_and_prose_are_ignored():
    text = ("Some prose | with a pipe\n\n| TFA Articles | Standards |\n|---|---|\n| Article 1 | x |\n\n"
            + HEADER + "| 1. | Definitions | Develop | WGEC | May 2018 | |\n")
    plan = parse_workplan(text)
    assert len(plan.topics) == 1 and plan.intersessional_groups == ()


@pytest.mark.parametrize("line, new, expected_line, reason", [
    (6, "| | | Finalize definitions | WGEC | Septober 2018 | |", 6, 'Cannot read the timeline "Septober 2018"'),
    (5, "| | | Develop draft definitions | Co-Chairs | August 2018 | |", 5, "no topic came before it"),
    (10, "| | | Circulate the draft | Secretariat | |", 10, "expected 6 cells, found 5"),
    (11, "| 1. | Final Report | Consolidate | WGEC | June 2019 | |", 11, "topic 1 appears twice (first on line 5)"),
    (11, "| 2. | | Consolidate | WGEC | June 2019 | |", 11, "topic 2 has no title"),
    (11, "| | Final Report | Consolidate | WGEC | June 2019 | |", 11, 'the topic "Final Report" has no number'),
    (11, "| Two | Final Report | Consolidate | WGEC | June 2019 | |", 11, '"Two" is not a number'),
    (6, "| | | | WGEC | June 2019 | |", 6, "the Activity cell is empty"),
    (6, "| | | Finalize | WGEC | June 2019 |", 6, "expected 6 cells, found 5"),
    (15, "| 1. | Definitions |", 15, "expected 3 cells, found 2"),
    (15, "| | Definitions | <p>Coordinator: US</p> |", 15, '"" is not a number'),
    (15, "| 1. | | <p>Coordinator: US</p> |", 15, "the Item of Work cell is empty"),
    (15, "| 1. | Definitions | <p>Coordinator: Ruritania Japan, GEA</p> |", 15,
     "cannot tell the coordinators from the volunteers"),
])
def test_bad_row_gives_its_line_and_reason(line, new, expected_line, reason):
    with pytest.raises(WorkPlanImportError) as e:
        parse_workplan(_replace_line(SMALL_PLAN, line, new))
    assert e.value.line == expected_line
    assert reason in e.value.reason


def test_rows_cut_off_from_their_table_are_an_error_not_skipped():
    text = HEADER + "| 1. | Definitions | Develop | WGEC | May 2018 | |\n\n" + \
        "| | | Finalize | WGEC | June 2018 | |\n"
    with pytest.raises(WorkPlanImportError) as e:
        parse_workplan(text)
    assert e.value.line == 5
    assert "no header above it" in e.value.reason


def test_duplicate_intersessional_group_number():
    with pytest.raises(WorkPlanImportError) as e:
        parse_workplan(SMALL_PLAN + "| 1. | Again | <p>Coordinator: EU</p> |\n")
    assert (e.value.line, e.value.reason) == (16, "intersessional group 1 appears twice (first on line 15)")


def test_text_without_work_plan_tables_is_refused():
    with pytest.raises(WorkPlanImportError) as e:
        parse_workplan("Just prose.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    assert e.value.line is None
    assert "no work plan table found" in str(e.value)


def test_error_message_names_file_and_line():
    error = WorkPlanImportError("topic 2 has no title", 11, "plan.txt")
    assert str(error) == "plan.txt:11: topic 2 has no title"
    assert str(WorkPlanImportError("no table")) == "no table"


# --- cells, responsible parties, volunteers ---------------------------------------------

def test_split_row_and_cell_text():
    assert split_row("| 1. | A \\| B |  |") == ["1.", "A | B", ""]
    assert cell_text("<p>Coordinator: US and EU</p>") == "Coordinator: US and EU"
    assert cell_text("<p>Coordinator: US</p><p>India &amp; GEA</p>") == "Coordinator: US\nIndia & GEA"
    assert cell_text("Coordinator: US<br/>India") == "Coordinator: US\nIndia"
    assert cell_text("Roles & responsibilities") == "Roles & responsibilities"


# Every Responsible cell of the seed's Annex I, plus forms real plans use.
RESPONSIBLE = [
    ("Co-Chairs, Co-Leads and interested Members and stakeholders", ["Co-Chairs", "Co-Leads"], []),
    ("Secretariat", ["Secretariat"], []),
    ("Co-Chairs, Co-Leads and Secretariat", ["Co-Chairs", "Co-Leads", "Secretariat"], []),
    ("WGEC", ["WGEC"], []),
    ("Co-Leads (CBSA and IFCBA)", ["Co-Leads", "CBSA", "IFCBA"], []),
    ("Co-Chairs and Secretariat", ["Co-Chairs", "Secretariat"], []),
    ("Sub-Group on Data Elements (face-to-face meeting)", ["Sub-Group on Data Elements"], []),
    ("Co-Chairs and Sub-Group Co-Leads", ["Co-Chairs", "Sub-Group Co-Leads"], []),
    ("Interested Members and stakeholders and Secretariat", ["Secretariat"], []),
    ("Co-Chairs and Interested Members and stakeholders", ["Co-Chairs"], []),
    ("Interested Members and Stakeholders", [], []),
    ("Co-Leads and Secretariat", ["Co-Leads", "Secretariat"], []),
    ("Members and stakeholders", [], []),
    ("Co-Chairs, Co-Leads, and interested Members and stakeholders", ["Co-Chairs", "Co-Leads"], []),
    ("WGEC, PTC, EC, Secretariat", ["WGEC", "PTC", "EC", "Secretariat"], []),
    ("", [], []),
    ("secretariat; co-chairs", ["Secretariat", "Co-Chairs"], []),
    ("Japan & EU", ["Japan", "EU"], []),
    ("Ruritania", ["Ruritania"], []),
    ("Co-Chairs, with support from the Secretariat", ["Co-Chairs"], ["with support from the Secretariat"]),
]


@pytest.mark.parametrize("text, names, notes", RESPONSIBLE, ids=[r[0] or "blank" for r in RESPONSIBLE])
def test_split_responsible(text, names, notes):
    assert split_responsible(text) == (names, notes)


def test_known_name_with_and_stays_whole():
    known = ["Trinidad and Tobago", "Secretariat"]
    assert split_responsible("Trinidad and Tobago and Secretariat", known)[0] == [
        "Trinidad and Tobago", "Secretariat"]
    assert split_responsible("Trinidad and Tobago, Secretariat", known)[0] == [
        "Trinidad and Tobago", "Secretariat"]


@pytest.mark.parametrize("text, coordinators, volunteers", [
    # the five rows of the seed's Annex II (rule 3: known names, no separator)
    ("Coordinator: US and EU India, GEA, Japan, Amazon, FIATA, EEC, Mexico, UK, Australia, China, "
     "Sweden; Google, UPU, The Netherlands", ["US", "EU"],
     ["India", "GEA", "Japan", "Amazon", "FIATA", "EEC", "Mexico", "UK", "Australia", "China", "Sweden",
      "Google", "UPU", "The Netherlands"]),
    ("Coordinator: Canada and China GEA, UK, Japan, IATA, Amazon, FIATA, UNECE, France, EEC, US, EU, "
     "UPS, Sweden, UPU, The Netherlands, IFCBA", ["Canada", "China"],
     ["GEA", "UK", "Japan", "IATA", "Amazon", "FIATA", "UNECE", "France", "EEC", "US", "EU", "UPS",
      "Sweden", "UPU", "The Netherlands", "IFCBA"]),
    ("Coordinator: China and Amazon GEA, Japan, ICC, FIATA, UNECE, US, France, UPU, The Netherlands, "
     "EEC, Spain, IFCBA", ["China", "Amazon"],
     ["GEA", "Japan", "ICC", "FIATA", "UNECE", "US", "France", "UPU", "The Netherlands", "EEC", "Spain",
      "IFCBA"]),
    ("Coordinator: Australia and ICC OECD, Canada, Amazon, Australia, EU, China, UPS, Brazil, EEC, US, "
     "Spain, The Netherlands, IFCBA", ["Australia", "ICC"],
     ["OECD", "Canada", "Amazon", "Australia", "EU", "China", "UPS", "Brazil", "EEC", "US", "Spain",
      "The Netherlands", "IFCBA"]),
    ("Coordinator: EU Australia, IATA, UPU, FIATA", ["EU"], ["Australia", "IATA", "UPU", "FIATA"]),
    # explicit separators win, and then unknown names are fine
    ("Coordinator: Ruritania and EU\nIndia, Freedonia", ["Ruritania", "EU"], ["India", "Freedonia"]),
    ("Coordinators: Ruritania, EU Volunteers: India; Freedonia", ["Ruritania", "EU"], ["India", "Freedonia"]),
    ("Coordinator: US and EU\nVolunteers: India", ["US", "EU"], ["India"]),
    ("Coordinator: The Netherlands", ["The Netherlands"], []),
    ("Volunteers: India, Japan and Mexico", [], ["India", "Japan", "Mexico"]),
    ("", [], []),
])
def test_split_volunteers(text, coordinators, volunteers):
    assert split_volunteers(text) == (coordinators, volunteers)


def test_volunteers_after_paragraph_break_in_the_cell():
    """A Word line break converted to </p><p> ends the coordinators."""
    text = cell_text("<p>Coordinator: Ruritania</p><p>Japan, GEA</p>")
    assert split_volunteers(text) == (["Ruritania"], ["Japan", "GEA"])


@pytest.mark.parametrize("name, kind", [
    ("Japan", "member"), ("EU", "member"), ("EEC", "member"), ("CBSA", "member"),
    ("The Netherlands", "member"), ("the netherlands", "member"),
    ("Amazon", "stakeholder"), ("UPU", "stakeholder"), ("IFCBA", "stakeholder"), ("OECD", "stakeholder"),
    ("Co-Chairs", "body"), ("Co-Leads", "body"), ("Secretariat", "body"), ("WGEC", "body"),
    ("PTC", "body"), ("EC", "body"), ("Sub-Group on Data Elements", "body"),
    ("Sub-Group Co-Leads", "body"), ("Ruritania", None),
])
def test_party_kind_table(name, kind):
    assert party_kind(name) == kind


# --- the service on PostgreSQL --------------------------------------------------------

@pytest.fixture
def group(db):
    return WorkingGroupFactory(acronym="WGEC")


def test_import_writes_topics_activities_parties_and_groups(group):
    result = workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    assert (result.topics, result.activities, result.intersessional_groups, result.participations) == (2, 4, 1, 5)
    activity = Activity.objects.get(topic__number=1, order=2)
    assert (activity.description, activity.responsible, activity.timeline_text, activity.remarks) == (
        "Finalize definitions", "WGEC", "September/ October 2018", "see note")
    assert (activity.first_month.isoformat(), activity.last_month.isoformat()) == ("2018-09-01", "2018-10-01")
    assert activity.status == Activity.Status.NOT_STARTED
    assert sorted(p.short_name for p in Activity.objects.get(topic__number=2).parties.all()) == [
        "EC", "PTC", "Secretariat", "WGEC"]
    ig = IntersessionalGroup.objects.get(working_group=group, number=1)
    assert [p.short_name for p in ig.coordinators()] == ["US", "EU"]
    assert [p.short_name for p in ig.volunteers()] == ["India", "GEA", "Google"]
    assert Party.objects.get(short_name="GEA").kind == "stakeholder"
    assert Party.objects.get(short_name="Co-Chairs").kind == "body"
    assert result.warnings == []


@pytest.mark.parametrize("line, new", [
    (15, "| 1. | Definitions | <p>Coordinator: Ruritania Japan, GEA</p> |"),  # the very last row
    (10, "| | | Circulate the draft | Secretariat | Soon | |"),
    (11, "| 1. | Final Report | Consolidate | WGEC | June 2019 | |"),
    (11, f"| 2. | {'Long title ' * 30} | Consolidate | WGEC | June 2019 | |"),
    (15, f"| 1. | Definitions | <p>Coordinator: US Japan, {'Ruritania' * 12}</p> |"),
])
def test_bad_row_writes_nothing(group, line, new):
    with pytest.raises(WorkPlanImportError) as e:
        workplan_import(group=group, text=_replace_line(SMALL_PLAN, line, new), source_name="bad.txt")
    assert e.value.line == line
    assert str(e.value).startswith(f"bad.txt:{line}: ")
    assert _nothing_written()


def test_failure_while_writing_rolls_everything_back(group, monkeypatch):
    """A database failure after topics and activities are written leaves nothing behind."""
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Participation.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    assert _nothing_written()


def test_second_import_is_refused(group):
    workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    with pytest.raises(WorkPlanImportError) as e:
        workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    assert "WGEC already has a work plan (2 topics, 1 intersessional group)" in str(e.value)
    assert "--replace" in str(e.value)
    assert (Topic.objects.count(), Activity.objects.count()) == (2, 4)


def test_replace_swaps_the_plan(group):
    workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    new = HEADER + "| 9. | Case Studies | Invite examples | Members and stakeholders | December 2018 | |\n"
    result = workplan_import(group=group, text=new, source_name="new.txt", replace=True)
    assert result.replaced and result.topics == 1
    assert list(Topic.objects.values_list("number", flat=True)) == [9]
    # The file has no Annex II: the groups stay.
    assert IntersessionalGroup.objects.filter(working_group=group).count() == 1


def test_failed_replace_keeps_the_old_plan(group):
    workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    bad = HEADER + "| 9. | Case Studies | Invite examples | Members | Decembruary 2018 | |\n"
    with pytest.raises(WorkPlanImportError):
        workplan_import(group=group, text=bad, source_name="bad.txt", replace=True)
    assert list(Topic.objects.values_list("number", flat=True)) == [1, 2]
    assert Activity.objects.count() == 4


def test_unknown_party_is_a_member_with_a_warning(group):
    text = HEADER + "| 1. | Definitions | Draft | Ruritania and Secretariat | May 2018 | |\n"
    result = workplan_import(group=group, text=text, source_name="x.txt")
    assert Party.objects.get(short_name="Ruritania").kind == "member"
    assert result.parties_created == ["Ruritania", "Secretariat"]
    assert result.warnings == ['"Ruritania" is not a known party: created as a Member; correct its '
                               'kind in the admin if needed']


def test_existing_party_is_reused_as_it_is(group):
    PartyFactory(short_name="Ruritania", kind=Party.Kind.STAKEHOLDER)
    text = HEADER + "| 1. | Definitions | Draft | ruritania | May 2018 | |\n"
    result = workplan_import(group=group, text=text, source_name="x.txt")
    assert result.parties_created == [] and result.warnings == []
    assert [p.short_name for p in Activity.objects.get().parties.all()] == ["Ruritania"]
    assert Party.objects.get(short_name="Ruritania").kind == "stakeholder"


def test_imports_into_two_groups_share_parties(group):
    other = WorkingGroupFactory(acronym="TFAWG", name="TFA Working Group")
    workplan_import(group=group, text=SMALL_PLAN, source_name="a.txt")
    result = workplan_import(group=other, text=SMALL_PLAN, source_name="b.txt")
    assert result.parties_created == []
    assert Topic.objects.filter(group=other).count() == 2


# --- the command ----------------------------------------------------------------------

def test_command_imports_and_prints_a_summary(db, tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    call_command("import_workplan", str(path), "--group", "WGEC", "--name", "Working Group on E-Commerce")
    out = capsys.readouterr().out
    assert "WGEC: 4 added, 0 changed, 0 withdrawn, 0 restored, 0 unchanged activities; 2 new topics; " \
           "1 new and 0 changed intersessional groups" in out
    assert WorkingGroup.objects.get(acronym="WGEC").name == "Working Group on E-Commerce"


def test_command_dry_run_writes_nothing(group, tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    call_command("import_workplan", str(path), "--group", "WGEC", "--dry-run")
    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert _nothing_written()


def test_command_bad_row_exits_non_zero_with_file_and_line(group, tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text(_replace_line(SMALL_PLAN, 10, "| | | Circulate | Secretariat | Soon | |"), encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        call_command("import_workplan", str(path), "--group", "WGEC")
    assert e.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f'{path}:10: Timeline: Cannot read the timeline "Soon"')
    assert _nothing_written()


def test_command_refuses_an_unknown_group_without_name(db, tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_workplan", str(path), "--group", "NOPE")
    assert 'there is no working group "NOPE"; give --name to create it' in capsys.readouterr().err
    assert not WorkingGroup.objects.exists()


def _run_command(*args):
    env = dict(os.environ, WGEC_TEST_DATABASE_NAME=connection.settings_dict["NAME"])
    return subprocess.run([sys.executable, "manage.py", "import_workplan", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("content, expected", [
    (_replace_line(SMALL_PLAN, 11, "| 1. | Final Report | Consolidate | WGEC | June 2019 | |"),
     "bad.txt:11: No.: topic 1 appears twice (first at line 5)"),
    ("no tables here\n", "bad.txt: no work plan table found"),
    (b"\xff\xfe not utf-8", "bad.txt: not UTF-8 text"),
])
def test_command_as_a_process_reports_without_traceback(db, tmp_path, content, expected):
    """The real command line: exit status 1, "FILE:LINE: reason" on stderr, no traceback."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    done = _run_command(str(path), "--group", "SUBPROC", "--name", "Subprocess group")
    assert done.returncode == 1
    assert expected in done.stderr
    assert done.stderr.startswith(str(tmp_path))
    assert "Traceback" not in done.stderr
    assert not WorkingGroup.objects.filter(acronym="SUBPROC").exists()


def test_command_on_a_missing_file(db, tmp_path):
    done = _run_command(str(tmp_path / "missing.txt"), "--group", "WGEC")
    assert done.returncode == 1
    assert done.stderr.strip() == f"{tmp_path / 'missing.txt'}: no such file"


def test_import_query_count_does_not_grow_with_rows(group, django_assert_max_num_queries):
    """Bulk writes: the seed's 26 activities cost the same queries as a 4-activity plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        workplan_import(group=group, text=SMALL_PLAN, source_name="small.txt")
    seed = (ROOT / "fixtures" / "wgec-workplan-2018-09-21.txt").read_text(encoding="utf-8")
    other = WorkingGroupFactory(acronym="OTHER", name="Other group")
    with django_assert_max_num_queries(len(small.captured_queries)):
        workplan_import(group=other, text=seed, source_name="seed.txt")


# --- a whole document: Annex III comes along (issue 7) ----------------------------------

SEED_FILE = ROOT / "fixtures" / "wgec-workplan-2018-09-21.txt"


def test_command_imports_the_annex_iii_table_of_a_whole_document(db, capsys):
    """The import command accepts the Annex III table form as well: the seed document
    gives the work plan and the TFA mapping in one transaction."""
    from workplan.framework.models import Standard, TfaMappingRow

    call_command("import_workplan", str(SEED_FILE), "--group", "WGEC", "--name", "Working Group on E-Commerce")
    out = capsys.readouterr().out
    assert "26 added" in out and "7 new topics" in out and "Framework of Standards (Annex III)" in out
    assert TfaMappingRow.objects.count() == 13
    assert Standard.objects.get(number=12).title == "International Cooperation"


def test_a_bad_annex_iii_row_aborts_the_whole_document_with_its_line(db, tmp_path, capsys):
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("| <p>7.4: Risk Management</p>"))
    lines[row] = "| 7.4: Risk Management | one | extra cell |"
    path = tmp_path / "document.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        call_command("import_workplan", str(path), "--group", "WGEC", "--name", "Working Group on E-Commerce")
    assert e.value.code == 1
    assert f"{path}:{row + 1}: expected 2 cells" in capsys.readouterr().err
    assert not WorkingGroup.objects.exists() and not Topic.objects.exists()
