"""Reading the sheets of an Excel workbook (.xlsx, openpyxl).

Every sheet is a ``SourceTable``; places are ``Sheet!C7``. Cell values that Excel typed
are turned back into the text a person wrote, and each such cell is reported in the
preview:

- a date or date-time cell ("May 2018" typed into Excel becomes a date shown "May-18")
  is read as its month, "May 2018";
- a whole number is its digits ("2019" is a year to the timeline parser, "1" a topic
  number); a number with a fraction is written as Python prints it ("1.2");
- merged ranges hold their value in the top-left cell only; the other cells read as
  empty, as a merged Word cell does (a topic merged down continues the topic above).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.utils.translation import gettext as _

from workplan.imports.rows import Place, SourceCell, SourceTable

__all__ = ["XlsxError", "read_xlsx"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


class XlsxError(ValueError):
    """The file is not a workbook openpyxl can open; ``str()`` says why."""


def _text(value) -> tuple[str, str]:
    """(text, note): the cell as text, and how a typed value was read (or "")."""
    if value is None:
        return "", ""
    if isinstance(value, (dt.datetime, dt.date)):
        text = f"{_MONTHS[value.month - 1]} {value.year}"
        return text, _("a date cell (%(date)s), read as its month: %(text)s") % {
            "date": value.strftime("%Y-%m-%d"), "text": text}
    if isinstance(value, bool):
        return str(value), ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 1900 <= value <= 2100:
            return str(value), _("a number cell, read as the year %(year)d") % {"year": value}
        return str(value), ""
    if isinstance(value, dt.time):
        return value.isoformat(), ""
    return str(value).strip(), ""


def read_xlsx(data: bytes) -> tuple[list[SourceTable], list[str]]:
    """The sheets of an .xlsx file as ``SourceTable``s, and notes on typed cells.

    ``data`` is the file's bytes. Raises ``XlsxError`` when it is not an .xlsx file.
    Formulas are read as their last computed value (as Excel shows them).
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    from lxml.etree import LxmlError
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, InvalidFileException,
            LxmlError) as e:
        raise XlsxError(_("this is not an Excel workbook (.xlsx) that can be read: %(error)s")
                        % {"error": e or type(e).__name__}) from None
    tables, notes = [], []
    for sheet in workbook.worksheets:
        rows = []
        for r_index, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for c_index, cell in enumerate(row, start=1):
                ref = f"{get_column_letter(c_index)}{r_index}"
                text, note = _text(cell.value)
                place = Place(sheet=sheet.title, cell=ref)
                if note:
                    notes.append(f"{place}: {note}")
                cells.append(SourceCell(text, place, note))
            rows.append(cells)
        tables.append(SourceTable(sheet.title, rows, Place(sheet=sheet.title)))
    workbook.close()
    return tables, notes
