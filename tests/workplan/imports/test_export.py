"""The plan out again as .docx (the Council's Annex I and II layout) and .xlsx: importing
the exported file into an empty group gives the same plan, cell for cell."""

import copy
import io

import pytest

from intersessional.models import IntersessionalGroup
from tests.support.factories import MembershipFactory, UserFactory
from tests.workplan.imports.plan_files import ANNEX_I, build_xlsx
from workplan.imports.applying import plan_apply
from workplan.imports.export import plan_docx, plan_xlsx
from workplan.imports.reading import plan_read
from workplan.plan.models import Activity, WorkingGroup

pytestmark = pytest.mark.django_db


def _cells(group):
    activities = [(a.topic.number, a.topic.title, a.order, a.description, a.responsible, a.timeline_text,
                   a.remarks, a.first_month, a.last_month, sorted(p.short_name for p in a.parties.all()))
                  for a in Activity.objects.filter(topic__group=group, withdrawn_at__isnull=True)
                  .select_related("topic").prefetch_related("parties").order_by("topic__number", "order")]
    groups = [(ig.number, ig.item_of_work, ig.volunteers_text, [p.short_name for p in ig.coordinators()],
               [p.short_name for p in ig.volunteers()])
              for ig in IntersessionalGroup.objects.filter(working_group=group).order_by("number")
              .prefetch_related("participations__party")]
    return activities, groups


@pytest.fixture
def source():
    """The seed's plan with remarks, a struck-through date, an equals sign and a gap left
    by a withdrawn activity, so the round trip has something to lose."""
    plan = copy.deepcopy(ANNEX_I)
    plan[0][2][0] = (plan[0][2][0][0], plan[0][2][0][1], "~~May 2018~~ June 2018")
    plan[2][2][1] = ("=SUM(1,1) is not a formula", "Secretariat", "August 2018")
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    plan_apply(group=group, parsed=plan_read(build_xlsx(plan), filename="seed.xlsx"))
    Activity.objects.filter(topic__group=group, topic__number=4, order=2).update(remarks="See note\nsecond line")
    return group


@pytest.mark.parametrize(("export", "name"), [(plan_docx, "plan.docx"), (plan_xlsx, "plan.xlsx")])
def test_round_trip_into_an_empty_group_is_cell_for_cell(source, export, name):
    data = export(source)
    target = WorkingGroup.objects.create(acronym="COPY", name="Copy")
    parsed = plan_read(data, filename=name)
    assert parsed.problems == []
    plan_apply(group=target, parsed=parsed)
    assert _cells(target) == _cells(source)
    assert len(_cells(target)[0]) == 26 and len(_cells(target)[1]) == 5


def test_a_plan_with_gaps_and_withdrawn_rows_round_trips(source):
    revised = copy.deepcopy(ANNEX_I)
    del revised[1][2][3]
    group = source
    plan_apply(group=group, parsed=plan_read(build_xlsx(revised), filename="r.xlsx"))
    assert Activity.objects.filter(topic__group=group, withdrawn_at__isnull=False).count() == 1
    for export, name in ((plan_docx, "p.docx"), (plan_xlsx, "p.xlsx")):
        target = WorkingGroup.objects.create(acronym=f"C{name[-4:]}", name="Copy")
        plan_apply(group=target, parsed=plan_read(export(group), filename=name))
        assert _cells(target) == _cells(group)


def test_the_word_file_has_the_councils_layout(source):
    import docx

    document = docx.Document(io.BytesIO(plan_docx(source)))
    annex_i, annex_ii = document.tables
    assert [c.text for c in annex_i.rows[0].cells] == ["", "Topic", "Activity", "Responsible", "Timeline", "Remarks"]
    # Topic 2's number and title are one merged cell over its eight activities.
    from workplan.imports.docx import read_docx

    rows = read_docx(plan_docx(source))[0].rows
    assert [c.text for c in rows[5][:2]] == ["2.", "Flow Chart and Data Elements"]
    assert all([c.text for c in row[:2]] == ["", ""] for row in rows[6:13])
    merged = annex_i.rows[6].cells[1]._tc.xpath("./w:tcPr/w:vMerge")
    assert merged and merged[0].get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "restart"
    struck = [run for run in annex_i.cell(1, 4).paragraphs[0].runs if run.font.strike]
    assert [run.text for run in struck] == ["May 2018"]
    assert [c.text for c in annex_ii.rows[0].cells] == ["No.", "Item of Work", "Volunteers"]


def test_the_workbook_holds_text_not_formulas(source):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(plan_xlsx(source)))["Annex I"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=SUM(1,1) is not a formula")
    assert cell.data_type == "s"


def test_anyone_who_reads_the_plan_downloads_it(client, source):
    user = UserFactory(username="delegate")
    MembershipFactory(user=user, group=source)
    client.force_login(user)
    response = client.get("/imports/export.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="WGEC-work-plan.docx"'
    assert client.get("/imports/export.xlsx").status_code == 200
