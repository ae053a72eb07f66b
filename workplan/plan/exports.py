"""Table exports that are safe to open in a spreadsheet: no cell runs as a formula, and
names in every script arrive intact.

Only CSV and XLSX are offered. Both hold what the table shows, for every row of the
filtered list (not only the current page).

* CSV: UTF-8 with a byte-order mark, so Excel reads "Côte d'Ivoire" and "中国"
  correctly; a text cell starting with ``= + - @``, tab or carriage return gets a leading
  ``'`` so no spreadsheet runs it as a formula (OWASP "CSV injection"). Numbers (int,
  float, Decimal) are written as they are.
* XLSX: every text cell is stored as a text cell (never a formula), holding the
  original text unchanged, with Excel's "quote prefix" so editing it keeps it text.
  Numbers stay numeric cells. Characters XML cannot hold (control characters other than
  tab, LF, CR) are dropped, since openpyxl refuses them.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django_tables2.export import TableExport
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_BOM = "\ufeff"


def csv_cell(value):
    """A value as written to CSV: text that could start a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeTableExport(TableExport):
    """django-tables2's ``TableExport`` writing CSV and XLSX itself (see module docstring)."""

    FORMATS = {
        TableExport.CSV: "text/csv; charset=utf-8",
        TableExport.XLSX: TableExport.FORMATS[TableExport.XLSX],
    }

    @classmethod
    def is_valid_format(cls, export_format):
        return export_format in cls.FORMATS

    def export(self):
        rows = [self.dataset.headers, *self.dataset]
        if self.format == self.CSV:
            return self._csv(rows)
        return self._xlsx(rows)

    @staticmethod
    def _csv(rows) -> bytes:
        out = io.StringIO()
        out.write(CSV_BOM)
        writer = csv.writer(out, lineterminator="\r\n")
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
        return out.getvalue().encode("utf-8")

    def _xlsx(self, rows) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = (self.dataset.title or "Export")[:31]
        widths: dict[int, int] = {}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    cell.value = value
                    continue
                text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
                cell.value = text
                # Assigning text starting with "=" makes openpyxl store a formula; force text.
                cell.data_type = "s"
                cell.quotePrefix = True
                widths[c] = max(widths.get(c, 0), min(len(text), 60))
        for c, width in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = max(width, 8) + 2
        ws.freeze_panes = "A2"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def response(self, filename=None):
        response = HttpResponse(self.export(), content_type=self.content_type())
        if filename is not None:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
