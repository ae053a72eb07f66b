"""Reading the tables of a Word document (.docx, python-docx).

Every top-level table of the body becomes a ``SourceTable`` (numbered from 1 in
document order); which of them is a work plan is decided later by its header row.

Merged cells: python-docx's ``row.cells`` returns a merged cell once per grid position
it covers (python-openxml/python-docx#344), so a Topic cell merged down over its
activities, or a header merged across two columns, would repeat its text. Each
underlying ``<w:tc>`` element is read once instead: at its first grid position
(``gridSpan`` positions after it are empty) and in its first row (a ``vMerge``
"continue" cell is empty), which the reader takes as "no value" (horizontal) or "the
topic continues" (vertical). Leading grid positions a row skips (``gridBefore``) are
empty cells.

Struck-through runs are kept, wrapped in ``~~`` (the timeline parser reads
"~~May 2018~~ June 2018" as the new date, and the text keeps what was struck).
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from workplan.imports.rows import Place, Problem, SourceCell, SourceTable

__all__ = ["DocxError", "read_docx"]


class DocxError(ValueError):
    """The file is not a Word document python-docx can open; ``str()`` says why."""


def _cell_text(cell) -> str:
    """Paragraphs joined by line breaks; struck-through runs wrapped in ~~."""
    paragraphs = []
    for paragraph in cell.paragraphs:
        parts = []
        for run in paragraph.runs:
            text = run.text
            if text and run.font.strike:
                text = f"~~{text}~~"
            parts.append(text)
        joined = "".join(parts) if paragraph.runs else paragraph.text
        # Hyperlinks and fields hold runs python-docx does not list in .runs.
        if not joined and paragraph.text:
            joined = paragraph.text
        paragraphs.append(joined.replace("~~~~", ""))
    return "\n".join(paragraphs).strip()


def read_docx(data: bytes, problems: list[Problem] | None = None) -> list[SourceTable]:
    """The tables of a .docx file as ``SourceTable``s, merged cells read once.

    ``data`` is the file's bytes. Raises ``DocxError`` when it is not a .docx file.
    Places are (table, row, column) with 1-based numbers.
    """
    import docx  # python-docx; imported here so that the rest of the app starts without it
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError, LxmlError) as e:
        raise DocxError(_("this is not a Word document (.docx) that can be read: %(error)s")
                        % {"error": e or type(e).__name__}) from None
    from docx.table import _Cell

    tables = []
    for t_index, table in enumerate(document.tables, start=1):
        rows = []
        # The XML row by row, each <w:tc> once: python-docx's row.cells repeats a merged
        # cell per grid position and walks up every vertical merge (slow on long tables).
        for r_index, tr in enumerate(table._tbl.tr_lst, start=1):
            place = Place(table=t_index, row=r_index)
            cells = [SourceCell("", place) for _ in range(tr.grid_before)]
            for tc in tr.tc_lst:
                span = tc.grid_span
                text = "" if tc.vMerge == "continue" else _cell_text(_Cell(tc, table))
                cells.append(SourceCell(text, place))
                cells += [SourceCell("", place) for _ in range(span - 1)]
            rows.append(cells)
        tables.append(SourceTable(_("table %(n)d") % {"n": t_index}, rows, Place(table=t_index)))
    return tables
