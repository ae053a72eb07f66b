"""Work-plan files built in the test from the seed's cells (tests/support/seed_plan.py):
Word (.docx) with merged Topic cells, Excel (.xlsx) with merged ranges and date cells,
CSV in any encoding and delimiter. The writers are python-docx, openpyxl and csv, not
the product's export, so an import test does not check the product against itself."""

import csv
import datetime as dt
import io

from tests.support.seed_plan import ANNEX_I, ANNEX_II

HEADER_I = ["", "Topic", "Activity", "Responsible", "Timeline", "Remarks"]
HEADER_II = ["No.", "Item of Work", "Volunteers"]
TITLE = "Work Plan for the Working Group on E-Commerce"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def volunteers_cell(coordinators, volunteers):
    return f"Coordinator: {' and '.join(coordinators)}\n{', '.join(volunteers)}"


def annex_i_rows(annex_i=ANNEX_I):
    """[number, title, activity, responsible, timeline, remarks] per activity; number and
    title only on a topic's first row."""
    rows = []
    for number, title, activities in annex_i:
        for i, (activity, responsible, timeline) in enumerate(activities):
            rows.append([f"{number}." if i == 0 else "", title if i == 0 else "", activity, responsible,
                         timeline, ""])
    return rows


def annex_ii_rows(annex_ii=ANNEX_II):
    return [[f"{n}.", item, volunteers_cell(c, v)] for n, (item, c, v) in enumerate(annex_ii, start=1)]


def build_docx(annex_i=ANNEX_I, annex_ii=ANNEX_II, header=HEADER_I) -> bytes:
    """Annex I as one table: a title row merged across all columns, the header, then each
    topic's number and title cells merged down over its activities (as the Council's
    Word file does); Annex II as a second table."""
    import docx

    document = docx.Document()
    document.add_paragraph("Annex I")
    rows = annex_i_rows(annex_i)
    table = document.add_table(rows=2 + len(rows), cols=len(header))
    title = table.cell(0, 0).merge(table.cell(0, len(header) - 1))
    title.text = TITLE
    for c, name in enumerate(header):
        table.cell(1, c).text = name
    r = 2
    for number, topic_title, activities in annex_i:
        first, last = r, r + len(activities) - 1
        for i, (activity, responsible, timeline) in enumerate(activities):
            for c, text in ((2, activity), (3, responsible), (4, timeline)):
                table.cell(r + i, c).text = text
        for c, text in ((0, f"{number}."), (1, topic_title)):
            cell = table.cell(first, c).merge(table.cell(last, c)) if last > first else table.cell(first, c)
            cell.text = text
        r = last + 1
    document.add_paragraph("Annex II")
    groups = document.add_table(rows=1, cols=3)
    for c, name in enumerate(HEADER_II):
        groups.cell(0, c).text = name
    for row in annex_ii_rows(annex_ii):
        cells = groups.add_row().cells
        for c, text in enumerate(row):
            cells[c].text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _as_typed(text):
    """What Excel makes of a typed cell: "May 2018" a date (shown "May-18"), "2019" a number."""
    parts = text.split()
    if len(parts) == 2 and parts[0] in MONTHS and parts[1].isdigit():
        return dt.datetime(int(parts[1]), MONTHS.index(parts[0]) + 1, 1)
    if text.isdigit():
        return int(text)
    return text


def build_xlsx(annex_i=ANNEX_I, annex_ii=ANNEX_II, header=HEADER_I) -> bytes:
    """Sheet "Annex I": a title merged over A1:F1, the header on row 2, topic number and
    title merged down (A and B), single months as date cells; sheet "Annex II"."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Annex I"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    r = 3
    for number, title, activities in annex_i:
        for i, (activity, responsible, timeline) in enumerate(activities):
            sheet.append([number if i == 0 else None, title if i == 0 else None, activity, responsible,
                          _as_typed(timeline) if timeline else None, None])
            if isinstance(sheet.cell(r + i, 5).value, dt.datetime):
                sheet.cell(r + i, 5).number_format = "mmm-yy"
            for cell in sheet[r + i]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # typed text, never a formula
        if len(activities) > 1:
            for c in (1, 2):
                sheet.merge_cells(start_row=r, start_column=c, end_row=r + len(activities) - 1, end_column=c)
        r += len(activities)
    groups = workbook.create_sheet("Annex II")
    groups.append(HEADER_II)
    for n, (item, c, v) in enumerate(annex_ii, start=1):
        groups.append([n, item, volunteers_cell(c, v)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def build_csv(annex_i=ANNEX_I, annex_ii=ANNEX_II, *, encoding="utf-8", delimiter=",", bom=False,
              header=HEADER_I) -> bytes:
    """Annex I, a blank line, then Annex II, in one CSV file."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(annex_i_rows(annex_i))
    writer.writerow([])
    writer.writerow(HEADER_II)
    writer.writerows(annex_ii_rows(annex_ii))
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data
