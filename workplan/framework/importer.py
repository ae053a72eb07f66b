"""Reading Annex III (the TFA mapping table) and loading it into the Framework models.

The table form is the seed's (fixtures/wgec-workplan-2018-09-21.txt, Annex III,
"Relationship between the WTO TFA measures and the WCO Framework of Standards on
Cross-Border E-Commerce"): a pipe table whose header row is
``| TFA Articles | Corresponding expanded Principles and Standards ... |``, one table row
per line. A file may hold the whole document; reading starts at that header and stops
at the first non-blank line that is not a table row. What the reader accepts:

- Cells split into paragraphs by ``<p>...</p>`` (``<hr/>`` separates principle blocks);
  a cell with no ``<p>`` tags (the seed's Article 12 row) is split before each
  "Principle <roman>", "Standard <n>: / Standard <n> Title" and ``<i>...</i>``.
- Left cell: "Article 7: Release and Clearance of Goods" or "7.1: Pre-arrival
  processing", one or more per cell.
- Right cell: "Principle II" with or without ": Title" (a trailing full stop is kept in
  the row, dropped from the canonical title); "Standard 5: Title" or "Standard 5 Title";
  the standard's text as the next paragraph, in italics (``<i>...</i>``) or not (the
  seed's Standard 10 and the 10.8 row are not); any other paragraph is a note, and the
  standards it names ("Standard 5, Standard 7, ... and Standard 15") are mapped in the
  order named (the Article 8 row).
- Tables split over pages: a row whose left cell is empty continues the row above
  (10.1 goes on into the next table); a row with both cells empty is a repeated header
  and is skipped. When a continued row starts with text and the row above ended with a
  standard's text, the two are one text cut by the page break (7.1: "...immediate
  release of low-" + "risk shipments ..."): they are joined with a space, or with
  nothing after a hyphen, which is kept ("low-risk", as rows 7.8 and 10.8 write it).
- A standard's text quoted with no heading (the seed's 7.9 Perishable Goods row) is
  mapped to the standard whose text it is, word for word (Standard 5); it is an error
  when no standard, or more than one, has that text. The row gets no principle entry,
  since it writes none; the page shows the standard's own principle (II).

Canonical forms (``Standard.title``, ``Standard.text``, ``Principle.title``): the form
written most often in the table, a trailing full stop dropped; on a tie, the first
written. ``workplan.framework.loading.framework_load_seed`` then applies ``SEED_CANONICAL_TITLES``, the decisions
for the seed's variant spellings (documented there). Each mapping row keeps its own
headings and texts exactly as written.

Loading the result into the Framework models is ``workplan.framework.loading``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from workplan.framework.models import to_roman
from workplan.imports.pipe import is_separator, split_row

__all__ = [
    "FrameworkImportError", "ParsedMapping", "SEED_CANONICAL_TITLES", "SEED_PATH", "contains_annex_iii",
    "parse_annex_iii",
]

SEED_PATH = Path("fixtures") / "wgec-workplan-2018-09-21.txt"

# Decisions for the seed's variant spellings (the mapping rows keep theirs as written).
# Where the seed writes one title several ways, the canonical one is the form the
# published Framework of Standards (WCO, June 2018) uses, which is also one the seed
# writes:
# - Standard 1: "Legal Framework of Advance Electronic Data" (7.1) and "... for ..."
#   (10.1): "for", as published and as Standard 2 ("... for Advance Electronic Data").
# - Standard 5: "Simplified Clearance Procedures" (7.1, 10.8), "Simplified Clearance
#   Procedure" (7.8), "Simplified Clearance and Procedure" (10.1): the plural, written
#   most often and published so.
# - Principle VI: the seed writes "Public Awareness, Outreach and Capacity building."
#   once; the published Framework capitalises "Building" like every other
#   principle title.
SEED_CANONICAL_TITLES = {
    "standard": {
        1: "Legal Framework for Advance Electronic Data",
        5: "Simplified Clearance Procedures",
    },
    "principle": {
        6: "Public Awareness, Outreach and Capacity Building",
    },
}

MAX_STANDARD = 99  # numbers beyond this are typos, not standards


class FrameworkImportError(Exception):
    """The file cannot be loaded. ``errors`` is a list of ``(line, reason)``, line 1-based
    in the file given (0 when the reason concerns no single line)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = sorted(errors)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [(_("line %(line)s: %(reason)s") % {"line": line, "reason": reason}) if line else reason
                for line, reason in self.errors]


# --- parsed shapes ----------------------------------------------------------------

@dataclass
class ParsedArticle:
    number: str
    title: str
    label: str
    line: int


@dataclass
class ParsedPrinciple:
    number: int
    roman: str
    title: str
    label: str
    line: int
    position: int


@dataclass
class ParsedStandard:
    number: int | None  # None until a headless text is matched to its standard
    heading: str
    title: str
    text: str
    italic: bool
    in_note: bool
    under: ParsedPrinciple | None
    line: int
    position: int


@dataclass
class ParsedRow:
    line: int
    articles: list[ParsedArticle] = field(default_factory=list)
    principles: list[ParsedPrinciple] = field(default_factory=list)
    standards: list[ParsedStandard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last: str = ""  # kind of the last item read: heading, text, note, principle, hr
    counter: int = 0

    def next_position(self) -> int:
        self.counter += 1
        return self.counter

    @property
    def note(self) -> str:
        return "\n\n".join(self.notes)


@dataclass
class ParsedMapping:
    rows: list[ParsedRow]
    principle_titles: dict[int, str]
    standard_titles: dict[int, str]
    standard_texts: dict[int, str]
    standard_principles: dict[int, tuple[int, int]]  # standard -> (principle, line)

    def standard_numbers(self) -> set[int]:
        return {s.number for row in self.rows for s in row.standards if s.number}


# --- reading ------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"<p>(.*?)</p>|<hr\s*/?>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ITALIC = re.compile(r"<i>(.*)</i>", re.S | re.I)
# After the number: a colon, a capitalised title, or nothing ("Standard 5, ..." is prose).
_PRINCIPLE = re.compile(r"^Principle\s+([IVXLC]+)(?:\s*:\s*|\s+(?=[A-Z(])|\s*$)(.*)$", re.S)
_STANDARD = re.compile(r"^Standard\s+(\d+)(?:\s*:\s*|\s+(?=[A-Z(])|\s*$)(.*)$", re.S)
_ARTICLE = re.compile(r"^Article\s+(\d+)\s*:\s*(.*)$", re.S)
_PARAGRAPH_NO = re.compile(r"^(\d+\.\d+)\s*:\s*(.*)$", re.S)
_NOTE_STANDARDS = re.compile(r"\bStandards?\s+(\d+(?:\s*(?:,|and|&)\s*(?:Standard\s+)?\d+)*)")
_UNTAGGED_RIGHT = re.compile(
    r"\s*(?=<i>)|(?<=</i>)\s*|\s+(?=Principle\s+[IVXLC]+\b)|\s+(?=Standard\s+\d+(?:\s*:|\s+[A-Z(]))", re.I)
_UNTAGGED_LEFT = re.compile(r"\s+(?=Article\s+\d+\s*:)|\s+(?=\d+\.\d+\s*:)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _clean(text: str) -> str:
    """Cell text as written, without markup; runs of white space become one space."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _from_roman(roman: str) -> int | None:
    total = 0
    for i, ch in enumerate(roman):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[roman[i + 1]] if i + 1 < len(roman) else 0
        total += -value if value < nxt else value
    return total if 0 < total < 40 and to_roman(total) == roman else None


def _split_cells(line: str) -> list[str]:
    return split_row(line, strict=False)


def _paragraphs(cell: str, untagged: re.Pattern) -> list[str]:
    """The cell's paragraphs, raw (markup kept); ``<hr>`` items stand for separators."""
    if re.search(r"<p\b", cell, re.I):
        out, pos = [], 0
        for m in _PARAGRAPH.finditer(cell):
            stray = cell[pos:m.start()].strip()
            if stray:
                out.append(stray)
            out.append("<hr>" if m.group(0).lower().startswith("<hr") else m.group(1).strip())
            pos = m.end()
        if cell[pos:].strip():
            out.append(cell[pos:].strip())
        return out
    return [p for p in untagged.split(cell) if p and p.strip()]


def _most_common(forms: list[str]) -> str:
    """Most frequent form; on a tie the first written (Counter keeps insertion order)."""
    return Counter(forms).most_common(1)[0][0] if forms else ""


def _canonical_title(title: str) -> str:
    return title.strip().rstrip(".").strip()


def _read_left(cell: str, line: int, errors: list) -> list[ParsedArticle]:
    articles = []
    for raw in _paragraphs(cell, _UNTAGGED_LEFT):
        label = _clean(raw)
        if raw == "<hr>" or not label:
            continue
        m = _ARTICLE.match(label) or _PARAGRAPH_NO.match(label)
        if not m:
            errors.append((line, _('cannot read the TFA article "%(text)s": expected "Article 7: Title" '
                                   'or "7.1: Title"') % {"text": label}))
            continue
        articles.append(ParsedArticle(number=m.group(1), title=m.group(2).strip(), label=label, line=line))
    return articles


def _read_right(row: ParsedRow, cell: str, line: int, continued: bool, errors: list) -> None:
    """Add the right cell's items to ``row`` in order (see the module docstring)."""
    for index, raw in enumerate(_paragraphs(cell, _UNTAGGED_RIGHT)):
        if raw == "<hr>":
            row.last = "hr"
            continue
        italic_match = _ITALIC.fullmatch(raw.strip())
        italic = bool(italic_match) and "<i>" not in italic_match.group(1).lower()
        text = _clean(raw)
        if not text:
            continue
        if not italic and (m := _PRINCIPLE.match(text)):
            number = _from_roman(m.group(1))
            if number is None:
                errors.append((line, _('"%(roman)s" is not a roman numeral') % {"roman": m.group(1)}))
                continue
            row.principles.append(ParsedPrinciple(number=number, roman=m.group(1), title=m.group(2).strip(),
                                                  label=text, line=line, position=row.next_position()))
            row.last = "principle"
        elif not italic and (m := _STANDARD.match(text)):
            number = int(m.group(1))
            if not 1 <= number <= MAX_STANDARD:
                errors.append((line, _("standard number %(number)s is out of range (1 to %(max)s)")
                               % {"number": number, "max": MAX_STANDARD}))
                continue
            row.standards.append(ParsedStandard(
                number=number, heading=text, title=m.group(2).strip(), text="", italic=False, in_note=False,
                under=row.principles[-1] if row.principles else None, line=line, position=row.next_position()))
            row.last = "heading"
        elif continued and index == 0 and row.last == "text":
            # A text cut by the table's page break (module docstring).
            previous = row.standards[-1]
            joiner = "" if previous.text.endswith("-") else " "
            previous.text = previous.text + joiner + text
            previous.italic = previous.italic and italic
        elif row.last == "heading":
            row.standards[-1].text = text
            row.standards[-1].italic = italic
            row.last = "text"
        elif italic:
            # A standard's text with no heading (7.9): matched to its standard later.
            row.standards.append(ParsedStandard(
                number=None, heading="", title="", text=text, italic=True, in_note=False,
                under=row.principles[-1] if row.principles else None, line=line, position=row.next_position()))
            row.last = "text"
        else:
            row.notes.append(text)
            named = []
            for group in _NOTE_STANDARDS.findall(text):
                for number in (int(n) for n in re.findall(r"\d+", group)):
                    if number not in named:
                        named.append(number)
            for number in named:
                if not 1 <= number <= MAX_STANDARD:
                    errors.append((line, _("standard number %(number)s is out of range (1 to %(max)s)")
                                   % {"number": number, "max": MAX_STANDARD}))
                    continue
                row.standards.append(ParsedStandard(
                    number=number, heading="", title="", text="", italic=False, in_note=True, under=None,
                    line=line, position=row.next_position()))
            row.last = "note"


def _annex_iii_header(lines: list[str]) -> int | None:
    """Index of the Annex III table's header row ("| TFA Articles | ... |"), or None."""
    return next((i for i, line in enumerate(lines) if line.lstrip().startswith("|")
                 and _clean(_split_cells(line)[0]).lower() == "tfa articles"), None)


def contains_annex_iii(text: str) -> bool:
    """Whether ``text`` holds an Annex III table (so a whole-document import loads it too)."""
    return _annex_iii_header(text.splitlines()) is not None


def parse_annex_iii(text: str, *, known_texts: dict[int, str] | None = None) -> ParsedMapping:
    """Read the Annex III table in ``text`` (the table alone or a whole document).

    ``known_texts`` maps standard numbers to texts already in the database, used besides
    the file's own to match a text quoted with no heading. Returns a ``ParsedMapping``;
    raises ``FrameworkImportError`` with every ``(line, reason)`` found.
    """
    lines = text.splitlines()
    errors: list[tuple[int, str]] = []
    header = _annex_iii_header(lines)
    if header is None:
        raise FrameworkImportError([(1, _('no Annex III table: expected a header row "| TFA Articles | '
                                          'Corresponding expanded Principles and Standards ... |"'))])
    rows: list[ParsedRow] = []
    for number, line in enumerate(lines[header + 1:], start=header + 2):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("|"):
            break  # the table ends at the first line of prose
        if is_separator(stripped):
            continue
        if "\x00" in line:  # PostgreSQL cannot store it: refuse here, with the line
            errors.append((number, _("a NUL character (byte 0x00) at column %(column)d: the file is not plain text")
                           % {"column": line.index("\x00") + 1}))
            continue
        cells = _split_cells(stripped)
        if len(cells) != 2:
            errors.append((number, _("expected 2 cells (TFA articles | principles and standards), found %(n)s")
                           % {"n": len(cells)}))
            continue
        left, right = cells
        if not _clean(left) and not _clean(right):
            continue  # a continued table's empty header row
        if not _clean(left):
            if not rows:
                errors.append((number, _("a continued row (empty TFA articles cell) with no row above it")))
                continue
            _read_right(rows[-1], right, number, True, errors)
            continue
        row = ParsedRow(line=number)
        row.articles = _read_left(left, number, errors)
        if not _clean(right):
            errors.append((number, _("the row maps its TFA articles to nothing (empty right cell)")))
        _read_right(row, right, number, False, errors)
        rows.append(row)
    if not rows and not errors:
        errors.append((header + 1, _("the Annex III table has no rows")))

    seen_articles: dict[str, int] = {}
    for row in rows:
        for article in row.articles:
            if article.number in seen_articles:
                errors.append((article.line, _("TFA article %(number)s is already mapped in the row at line "
                                               "%(line)s") % {"number": article.number,
                                                              "line": seen_articles[article.number]}))
            seen_articles.setdefault(article.number, article.line)

    entries = [s for row in rows for s in row.standards]
    titles: dict[int, list[str]] = {}
    texts: dict[int, list[str]] = {}
    for s in entries:
        if s.number and s.heading and s.title:
            titles.setdefault(s.number, []).append(_canonical_title(s.title))
        if s.number and s.text:
            texts.setdefault(s.number, []).append(s.text)
    standard_texts = {n: _most_common(forms) for n, forms in texts.items()}
    by_text: dict[str, set[int]] = {}
    for n, t in {**(known_texts or {}), **standard_texts}.items():
        if t:
            by_text.setdefault(t, set()).add(n)
    for s in entries:
        if s.number is None:
            matches = sorted(by_text.get(s.text, ()))
            if len(matches) == 1:
                s.number = matches[0]
            else:
                errors.append((s.line, _('a text with no "Standard <n>" heading that is not, word for word, the text '
                                         'of exactly one standard: "%(text)s"') % {"text": s.text[:120]}))

    principle_titles: dict[int, list[str]] = {}
    for row in rows:
        for p in row.principles:
            principle_titles.setdefault(p.number, [])
            if p.title:
                principle_titles[p.number].append(_canonical_title(p.title))
    standard_principles: dict[int, tuple[int, int]] = {}
    for s in entries:
        if s.number and s.under:
            known = standard_principles.setdefault(s.number, (s.under.number, s.line))
            if known[0] != s.under.number:
                errors.append((s.line, _("Standard %(standard)s is under Principle %(new)s here but under Principle "
                                         "%(old)s at line %(line)s") % {
                    "standard": s.number, "new": to_roman(s.under.number), "old": to_roman(known[0]),
                    "line": known[1]}))
    if errors:
        raise FrameworkImportError(errors)
    return ParsedMapping(
        rows=rows,
        principle_titles={n: _most_common(forms) for n, forms in principle_titles.items()},
        standard_titles={n: _most_common(forms) for n, forms in titles.items()},
        standard_texts=standard_texts,
        standard_principles=standard_principles,
    )
