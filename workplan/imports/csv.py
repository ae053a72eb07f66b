"""Reading a work plan saved as CSV, whatever Excel's locale wrote.

Excel in a French or German locale writes ``;`` between fields and Windows-1252 text,
or UTF-16 with a byte-order mark ("Unicode text", which uses tabs); elsewhere it writes
``,`` and UTF-8, with or without a byte-order mark. Both are detected here (or given):

- encoding: a byte-order mark decides (UTF-8, UTF-16 LE/BE); without one, UTF-8 when
  the bytes are valid UTF-8, else Windows-1252 (every byte Excel writes in that code
  page decodes; "Côte d'Ivoire" arrives as written, never as "CÃ´te");
- delimiter: of ``;``, ``,`` and tab, the one that splits the first non-blank line
  (outside quotes) into the most fields; a tie goes to ``,``.

The preview says which were used. Places are 1-based line numbers of the decoded text
(a quoted cell over several lines belongs to the line its record starts on).
"""

from __future__ import annotations

import codecs
import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplan.imports.rows import Place, SourceCell, SourceTable

__all__ = ["DELIMITERS", "ENCODINGS", "CsvError", "decode", "read_csv", "sniff_delimiter"]

DELIMITERS = {";": gettext_lazy("semicolon"), ",": gettext_lazy("comma"), "\t": gettext_lazy("tab")}
# What the upload form offers, with the names Python's codecs know.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]


class CsvError(ValueError):
    """The text cannot be decoded with the encoding given; ``str()`` says where."""


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name used). ``encoding`` forces one (a codecs name)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise CsvError(_("the file is not %(encoding)s text (%(error)s)")
                           % {"encoding": encoding, "error": e}) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16 (BOM)"
        except UnicodeDecodeError as e:
            raise CsvError(_("the file starts as UTF-16 but is not (%(error)s)") % {"error": e}) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as e:
        raise CsvError(_("the file is neither UTF-8 nor Windows-1252 text (byte %(pos)d); "
                         "save it as CSV UTF-8") % {"pos": e.start}) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter among ; , and tab that splits the first non-blank line most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best, best_count = ",", 1
    for delimiter in (",", ";", "\t"):
        try:
            fields = next(csv.reader([first], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def read_csv(data: bytes, *, encoding: str | None = None, delimiter: str | None = None
             ) -> tuple[list[SourceTable], list[str]]:
    """The CSV as one ``SourceTable``, and notes naming the encoding and delimiter used.

    Raises ``CsvError`` when the bytes cannot be decoded or the quoting is broken.
    """
    text, used_encoding = decode(data, encoding)
    used_delimiter = delimiter or sniff_delimiter(text)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=used_delimiter)
    start = 1
    try:
        for record in reader:
            place = Place(line=start)
            rows.append([SourceCell(value.strip(), place) for value in record])
            start = reader.line_num + 1
    except csv.Error as e:
        raise CsvError(_("line %(line)d: %(error)s") % {"line": start, "error": e}) from None
    name = DELIMITERS.get(used_delimiter, repr(used_delimiter))
    notes = [_("CSV read as %(encoding)s, fields separated by %(delimiter)s")
             % {"encoding": used_encoding, "delimiter": str(name)}]
    return [SourceTable("CSV", rows, Place(line=1))], notes
