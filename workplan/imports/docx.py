"""Reading the tables of a Word document (.docx, python-docx).

Every top-level table of the body becomes a ``SourceTable`` (numbered from 1 in
document order); which of them is a work plan is decided later by its header row.

Merged cells: python-docx's ``row.cells`` returns a merged cell once per grid position
it covers (python-openxml/python-docx#344), so a Topic cell merged down over its
activities, or a header merged across two columns, would repeat its text. Each
underlying ``<w:tc>`` element is read once: at its first grid position, in its first
row; every other position it covers is an empty cell, which the reader takes as "the
topic continues" (vertical) or "no value" (horizontal).

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
    tables = []
    for t_index, table in enumerate(document.tables, start=1):
        # lxml element proxies: keep each one referenced, so that id() stays its own
        # for the whole table (a freed proxy's id can be reused by the next one).
        seen: dict[int, object] = {}
        rows = []
        for r_index, row in enumerate(table.rows, start=1):
            cells = []
            for c_index, cell in enumerate(row.cells, start=1):
                place = Place(table=t_index, row=r_index)
                tc = cell._tc
                if id(tc) in seen:
                    cells.append(SourceCell("", place))
                    continue
                seen[id(tc)] = tc
                cells.append(SourceCell(_cell_text(cell), place))
            rows.append(cells)
        tables.append(SourceTable(_("table %(n)d") % {"n": t_index}, rows, Place(table=t_index)))
    return tables
