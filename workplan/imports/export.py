"""The work plan out again: a Word document in the Council's layout and an Excel workbook.

``plan_docx(group)``: Annex I (Work Plan) as the Council's table, ``| | Topic | Activity |
Responsible | Timeline | Remarks |``, each topic's number and title merged down over its
activities, then Annex II (Intersessional Work), ``| No. | Item of Work | Volunteers |``.
``plan_xlsx(group)``: sheet "Annex I" with one row per activity (topic number and title on
every row, the activity's number in its own column) and sheet "Annex II".

Withdrawn activities are left out: they are no longer part of the plan. Texts are the
cells as stored; a struck-through part of a timeline (``~~May 2018~~``) is written as
struck-through text in Word. Importing either file into an empty group
(``workplan.imports``) gives the same plan, cell for cell. Every text cell of the
workbook is a text cell, never a formula (case E1 of the exports).
"""

from __future__ import annotations

import io
import re

from workplan.plan.models import Activity, WorkingGroup

__all__ = ["plan_docx", "plan_xlsx"]

_STRUCK_RE = re.compile(r"(~~.*?~~)")
# The Council's headers, in the document's language (English, as the seed's Annex I and
# II): the file is the plan itself, not a page of the tracker, and the import reads them.
ANNEX_I_HEADER = ["", "Topic", "Activity", "Responsible", "Timeline", "Remarks"]
ANNEX_II_HEADER = ["No.", "Item of Work", "Volunteers"]
XLSX_HEADER = ["No.", "Topic", "Activity No.", "Activity", "Responsible", "Timeline", "Remarks"]


def _plan(group: WorkingGroup):
    """[(topic, [activity, ...]), ...] and the intersessional groups, in order."""
    from intersessional.models import IntersessionalGroup

    topics: dict = {}
    for activity in (Activity.objects.filter(topic__group=group, withdrawn_at__isnull=True)
                     .select_related("topic").order_by("topic__number", "order")):
        topics.setdefault(activity.topic, []).append(activity)
    groups = list(IntersessionalGroup.objects.filter(working_group=group).order_by("number")
                  .prefetch_related("participations__party"))
    return list(topics.items()), groups


def _numbered_in_sequence(topics) -> bool:
    return all([a.order for a in activities] == list(range(1, len(activities) + 1))
               for _topic, activities in topics)


def _volunteers_cell(ig) -> str:
    if ig.volunteers_text:
        return ig.volunteers_text
    coordinators = " and ".join(p.short_name for p in ig.coordinators())
    volunteers = ", ".join(p.short_name for p in ig.volunteers())
    return f"Coordinator: {coordinators}\n{volunteers}" if coordinators else volunteers


def _write_cell(cell, text: str) -> None:
    """Lines as paragraphs; ~~struck~~ parts as struck-through runs."""
    lines = text.split("\n") if text else [""]
    cell.text = ""
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        for part in _STRUCK_RE.split(line):
            if not part:
                continue
            if part.startswith("~~") and part.endswith("~~") and len(part) > 4:
                paragraph.add_run(part[2:-2]).font.strike = True
            else:
                paragraph.add_run(part)


def plan_docx(group: WorkingGroup) -> bytes:
    """The group's plan as a .docx file (bytes): Annex I and Annex II tables."""
    import docx
    from docx.table import _Cell

    topics, groups = _plan(group)
    numbered = _numbered_in_sequence(topics)
    document = docx.Document()
    document.add_heading("Annex I", level=1)
    document.add_paragraph(f"Work Plan for the {group.name}")
    header = ANNEX_I_HEADER[:2] + ([] if numbered else ["Activity No."]) + ANNEX_I_HEADER[2:]
    count = sum(len(activities) for _t, activities in topics)
    table = document.add_table(rows=1 + count, cols=len(header))
    table.style = "Table Grid"
    # Cells straight from the XML rows: table.cell() and cell.merge() walk the whole
    # table on each call, hours for 5,000 rows.
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for c, name in enumerate(header):
        _write_cell(grid[0][c], name)
    r = 1
    for topic, activities in topics:
        for i, a in enumerate(activities):
            values = [f"{topic.number}." if i == 0 else "", topic.title if i == 0 else ""]
            values += ([] if numbered else [str(a.order)]) + [a.description, a.responsible, a.timeline_text,
                                                             a.remarks]
            for c, text in enumerate(values):
                _write_cell(grid[r + i][c], text)
            if len(activities) > 1:  # the topic's number and title merged down over its rows
                for c in (0, 1):
                    grid[r + i][c]._tc.vMerge = "restart" if i == 0 else "continue"
        r += len(activities)
    if groups:
        document.add_heading("Annex II", level=1)
        document.add_paragraph("Intersessional Work")
        annex_ii = document.add_table(rows=1 + len(groups), cols=3)
        annex_ii.style = "Table Grid"
        grid = [[_Cell(tc, annex_ii) for tc in tr.tc_lst] for tr in annex_ii._tbl.tr_lst]
        for c, name in enumerate(ANNEX_II_HEADER):
            _write_cell(grid[0][c], name)
        for r, ig in enumerate(groups, start=1):
            for c, text in enumerate([f"{ig.number}.", ig.item_of_work, _volunteers_cell(ig)]):
                _write_cell(grid[r][c], text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text_row(sheet, values) -> None:
    # Row number counted here: sheet.max_row scans every cell (quadratic on 5,000 rows).
    sheet._wgec_rows = getattr(sheet, "_wgec_rows", 0) + 1
    sheet.append(values)
    for c, value in enumerate(values, start=1):
        if isinstance(value, str):
            # Text starting with "=" would be stored as a formula: force a text cell.
            sheet.cell(sheet._wgec_rows, c).data_type = "s"


def plan_xlsx(group: WorkingGroup) -> bytes:
    """The group's plan as an .xlsx file (bytes): sheets "Annex I" and "Annex II"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    topics, groups = _plan(group)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex I"
    _text_row(sheet, XLSX_HEADER)
    for topic, activities in topics:
        for a in activities:
            _text_row(sheet, [topic.number, topic.title, a.order, a.description, a.responsible, a.timeline_text,
                              a.remarks])
    for i, width in enumerate([6, 30, 8, 60, 30, 24, 30]):
        sheet.column_dimensions[chr(65 + i)].width = width
    if groups:
        annex_ii = workbook.create_sheet("Annex II")
        _text_row(annex_ii, ANNEX_II_HEADER)
        for ig in groups:
            _text_row(annex_ii, [ig.number, ig.item_of_work, _volunteers_cell(ig)])
        for i, width in enumerate([6, 50, 80]):
            annex_ii.column_dimensions[chr(65 + i)].width = width
    for ws in workbook.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
