"""The readers of workplan.imports: the seed's plan built as .docx, .xlsx and .csv in the
test (from tests/support/seed_plan.py) reads back cell for cell; merged cells (I1, I2),
typed Excel cells (I2), CSV encodings and delimiters (I3); every problem in one pass."""

import codecs

import pytest

from tests.workplan.imports.plan_files import (
    ANNEX_I,
    ANNEX_II,
    build_csv,
    build_docx,
    build_xlsx,
)
from workplan.imports.docx import read_docx
from workplan.imports.reading import plan_read
from workplan.imports.xlsx import read_xlsx

SEED_ROWS = [(number, title, order, *row) for number, title, rows in ANNEX_I
             for order, row in enumerate(rows, start=1)]


def _cells(plan):
    return [(a.topic_number, a.topic_title, a.activity_number, a.description, a.responsible,
             a.timeline_text) for a in plan.activities]


def _groups(plan):
    return [(g.item_of_work, list(g.coordinators), list(g.volunteers)) for g in plan.groups]


BUILDERS = {
    "docx": (build_docx, "plan.docx"),
    "xlsx": (build_xlsx, "plan.xlsx"),
    "csv": (build_csv, "plan.csv"),
}


@pytest.mark.parametrize("fmt", BUILDERS)
def test_the_seed_plan_reads_back_cell_for_cell(fmt):
    build, name = BUILDERS[fmt]
    plan = plan_read(build(), filename=name)
    assert plan.problems == []
    assert plan.format == fmt
    assert len(plan.activities) == 26 and len(plan.groups) == 5
    assert _cells(plan) == SEED_ROWS
    assert all(a.remarks == "" for a in plan.activities)
    assert _groups(plan) == [(item, c, v) for item, c, v in ANNEX_II]


def test_the_format_is_found_from_the_content_not_the_name():
    plan = plan_read(build_xlsx(), filename="plan.bin")
    assert plan.format == "xlsx" and len(plan.activities) == 26


def test_merged_word_cells_are_read_once():
    """I1: a title merged across six columns and Topic cells merged down: python-docx
    returns them once per grid position; the reader keeps the text at the first only."""
    tables = read_docx(build_docx())
    title_row = [c.text for c in tables[0].rows[0]]
    assert title_row == ["Work Plan for the Working Group on E-Commerce", "", "", "", "", ""]
    topic_2 = [[c.text for c in row[:2]] for row in tables[0].rows[6:14]]
    assert topic_2[0] == ["2.", "Flow Chart and Data Elements"]
    assert all(cells == ["", ""] for cells in topic_2[1:])
    every_text = [c.text for row in tables[0].rows for c in row if c.text]
    assert every_text.count("Flow Chart and Data Elements") == 1


def test_merged_word_header_cell_is_one_value_and_extra_columns_are_noted():
    """I1: a header cell merged across two columns names one column; the column it
    covers reads as empty, and a column with an unknown header is ignored with a note."""
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=7)
    for c, name in enumerate(["No.", "Topic", "Activity", "Responsible", "Timeline", "", "Budget"]):
        table.cell(0, c).text = name
    table.cell(0, 4).merge(table.cell(0, 5)).text = "Timeline"
    for c, text in enumerate(["1", "Definitions", "Draft", "Secretariat", "May 2018", "", "10 kEUR"]):
        table.cell(1, c).text = text
    out = io.BytesIO()
    document.save(out)
    plan = plan_read(out.getvalue(), filename="t.docx")
    assert plan.problems == []
    assert [(a.topic_number, a.description, a.timeline_text) for a in plan.activities] == [
        (1, "Draft", "May 2018")]
    assert any('"Budget" is not read' in note for note in plan.notes)
    assert [c.text for c in read_docx(out.getvalue())[0].rows[0]].count("Timeline") == 1


def test_excel_dates_and_years_are_read_as_written_and_said_so():
    """I2: "May 2018" typed into Excel is a date cell; 2019 a number; both are read as
    the text a person wrote, and the preview notes say which cells were converted."""
    import datetime as dt
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Topic", "Activity", "Responsible", "Timeline"])
    sheet.append(["1. Definitions", "Draft", "Secretariat", dt.datetime(2018, 5, 1)])
    sheet.append([None, "Finalize", "WGEC", 2019])
    sheet.append([None, "Report", "WGEC", dt.datetime(2019, 6, 17, 0, 0)])
    out = io.BytesIO()
    workbook.save(out)
    plan = plan_read(out.getvalue(), filename="p.xlsx")
    assert plan.problems == []
    assert [(a.timeline_text, a.timeline.first, a.timeline.last) for a in plan.activities] == [
        ("May 2018", dt.date(2018, 5, 1), dt.date(2018, 5, 1)),
        ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 1)),
        ("June 2019", dt.date(2019, 6, 1), dt.date(2019, 6, 1))]
    assert "Plan!D2: a date cell (2018-05-01), read as its month: May 2018" in plan.notes
    assert "Plan!D3: a number cell, read as the year 2019" in plan.notes
    assert "Plan!D4: a date cell (2019-06-17), read as its month: June 2019" in plan.notes


def test_excel_merged_ranges_hold_their_value_in_the_top_left_cell_only():
    """I2: openpyxl gives merged ranges' value in the top-left cell; the others are empty
    and a merged Topic continues the topic above, as in Word."""
    tables, _notes = read_xlsx(build_xlsx())
    rows = tables[0].rows
    assert [c.text for c in rows[0]] == ["Work Plan for the Working Group on E-Commerce", "", "", "", "", ""]
    assert [c.text for c in rows[6][:2]] == ["2", "Flow Chart and Data Elements"]
    assert [c.text for c in rows[7][:2]] == ["", ""]
    assert str(rows[7][0].place) == "Annex I!A8"


CSV_VARIANTS = [
    ("utf-8", ",", False, "UTF-8", "comma"),
    ("utf-8", ";", True, "UTF-8 (BOM)", "semicolon"),
    ("cp1252", ";", False, "Windows-1252", "semicolon"),
    ("utf-16", "\t", False, "UTF-16 (BOM)", "tab"),
    ("utf-16-le", ",", False, "UTF-16 (BOM)", "comma"),
]


@pytest.mark.parametrize(("encoding", "delimiter", "bom", "said", "delimiter_name"), CSV_VARIANTS)
def test_csv_encoding_and_delimiter_are_detected_and_named(encoding, delimiter, bom, said, delimiter_name):
    """I3: Excel's CSV in a French locale (; and Windows-1252), UTF-8 with or without BOM,
    UTF-16 with BOM: "Côte d'Ivoire" arrives as written, and the notes say what was used."""
    annex_i = [(1, "Définitions", [("Rédiger les définitions", "Côte d'Ivoire and Secretariat", "mai 2018")])]
    annex_ii = [("Définitions", ["Côte d'Ivoire"], ["Российская Федерация"] if encoding != "cp1252" else ["Spain"])]
    data = build_csv(annex_i, annex_ii, encoding=encoding, delimiter=delimiter, bom=bom)
    if encoding == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    plan = plan_read(data, filename="plan.csv")
    assert plan.problems == []
    row = plan.activities[0]
    assert (row.topic_title, row.description, row.responsible) == (
        "Définitions", "Rédiger les définitions", "Côte d'Ivoire and Secretariat")
    assert "Côte d'Ivoire" in row.parties
    assert plan.groups[0].coordinators == ("Côte d'Ivoire",)
    assert f"CSV read as {said}, fields separated by {delimiter_name}" in plan.notes


def test_csv_encoding_and_delimiter_can_be_given():
    """I3: the upload form may force both (a CSV whose first line has one column)."""
    from workplan.imports.reading import ReadOptions

    data = build_csv(encoding="cp1252", delimiter=";")
    plan = plan_read(data, filename="plan.csv", options=ReadOptions(encoding="cp1252", delimiter=";"))
    assert plan.problems == [] and len(plan.activities) == 26
    wrong = plan_read(data, filename="plan.csv", options=ReadOptions(delimiter=","))
    assert wrong.problems and "no work plan table found" in wrong.problems[0].reason


def test_french_headers_in_any_order_are_read():
    data = ("Observations;Échéance;Responsable;Activité;Thème;N°\n"
            "voir note;mai 2018;Secrétariat;Rédiger;Définitions;1\n"
            ";juin 2018;Secrétariat;Diffuser;;\n").encode("cp1252")
    plan = plan_read(data, filename="plan.csv")
    assert plan.problems == []
    assert [(a.topic_number, a.topic_title, a.activity_number, a.description, a.remarks, a.timeline_text)
            for a in plan.activities] == [
        (1, "Définitions", 1, "Rédiger", "voir note", "mai 2018"),
        (1, "Définitions", 2, "Diffuser", "", "juin 2018")]


def test_every_problem_is_reported_in_one_pass_with_its_place():
    """Bad rows in all three formats: every problem comes back at once, each with its
    place (line; table/row/column; sheet!cell) and reason."""
    annex_i = [(1, "Definitions", [("Draft", "Secretariat", "Mayo 2018"), ("", "WGEC", "June 2018"),
                                   ("Final", "WGEC", "sometime")])]
    csv_plan = plan_read(build_csv(annex_i, []), filename="bad.csv")
    assert [str(p.place) for p in csv_plan.problems] == ["line 2, Timeline", "line 3, Activity",
                                                         "line 4, Timeline"]
    assert "Mayo 2018" in csv_plan.problems[0].reason
    docx_plan = plan_read(build_docx(annex_i, []), filename="bad.docx")
    assert [str(p.place) for p in docx_plan.problems] == [
        "table 1, row 3, column Timeline", "table 1, row 4, column Activity", "table 1, row 5, column Timeline"]
    xlsx_plan = plan_read(build_xlsx(annex_i, []), filename="bad.xlsx")
    assert [str(p.place) for p in xlsx_plan.problems] == ["Annex I!E3", "Annex I!C4", "Annex I!E5"]


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"PK\x03\x04 broken", "plan.docx", "not a Word document"),
    (b"not a zip", "plan.xlsx", "not an Excel workbook"),
    (b"\xff\xfe\x00", "plan.csv", "UTF-16"),
    (b"", "plan.csv", "no work plan table found"),
    (b"just some prose\n", "plan.txt", "no work plan table found"),
])
def test_a_bad_file_is_one_clear_problem(data, name, expected):
    plan = plan_read(data, filename=name)
    assert len(plan.problems) == 1 and expected in plan.problems[0].reason


def test_the_seed_document_reads_as_pipe_text():
    from pathlib import Path

    data = (Path(__file__).resolve().parents[3] / "fixtures" / "wgec-workplan-2018-09-21.txt").read_bytes()
    plan = plan_read(data, filename="seed.txt")
    assert plan.problems == [] and plan.format == "pipe"
    assert _cells(plan) == SEED_ROWS
    assert _groups(plan) == [(item, c, v) for item, c, v in ANNEX_II]
