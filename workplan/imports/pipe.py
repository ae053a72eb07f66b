"""Reading a work plan written as the seed document's pipe tables.

Source format: /work/shared/seeds/000_572ce933c0ac0340.txt (copied verbatim to
``fixtures/wgec-workplan-2018-09-21.txt``), a Word document turned into text in which
every table is a pipe table (a header row, a ``|---|`` separator row, then one row per
line). Two kinds of table are read; every other line and table (prose, Annex III) is
ignored:

- **Annex I, the work plan**: header ``| | Topic | Activity | Responsible | Timeline |
  Remarks |``. A row with a number ("1.") and a title starts a topic; a row whose first
  two cells are empty continues the topic above, also across a table break (the seed
  splits Annex I into three tables, each repeating the header).
- **Annex II, intersessional work**: header ``| No. | Item of Work | Volunteers |``. The
  Volunteers cell reads ``<p>Coordinator: A and B V1, V2, ...; V3</p>`` (see
  ``split_volunteers`` for how coordinators are told from volunteers).

A table whose header cells are all empty continues the previous table's kind when it has
the same number of columns (a page break in Word that lost the repeated header).

Everything here is pure: functions return dataclasses and raise ``WorkPlanImportError``
with the 1-based line number of the offending row. Writing to the database is
``workplan.imports.services.workplan_import``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from workplan.imports.parties import KNOWN_PARTIES, party_kind, split_responsible, split_volunteers
from workplan.plan.timeline import Timeline, TimelineError, parse_timeline

__all__ = [
    "KNOWN_PARTIES",
    "SEPARATOR_RE",
    "ActivityRow",
    "IntersessionalRow",
    "TopicRow",
    "WorkPlan",
    "WorkPlanImportError",
    "cell_text",
    "is_separator",
    "parse_workplan",
    "party_kind",
    "pipe_tables",
    "split_responsible",
    "split_row",
    "split_volunteers",
]

class WorkPlanImportError(ValueError):
    """A work plan that cannot be imported; nothing of it has been written.

    ``line`` is the 1-based line of the offending row in the file (None when the fault
    is not on one line, e.g. the group already has a plan); ``reason`` says what is
    wrong; ``source_name`` is the file's name when known. ``str()`` gives
    ``"FILE:LINE: reason"`` (parts that are unknown are left out).
    """

    def __init__(self, reason: str, line: int | None = None, source_name: str = ""):
        self.reason = reason
        self.line = line
        self.source_name = source_name
        super().__init__(self.location() + reason)

    def location(self) -> str:
        parts = [p for p in (self.source_name, "" if self.line is None else str(self.line)) if p]
        return ":".join(parts) + ": " if parts else ""

    def with_source(self, source_name: str) -> WorkPlanImportError:
        return WorkPlanImportError(self.reason, self.line, source_name)

    def __reduce__(self):
        return type(self), (self.reason, self.line, self.source_name)


@dataclass(frozen=True)
class ActivityRow:
    """One Annex I row. Texts are the cells as written (surrounding spaces stripped);
    ``parties`` are the names ``split_responsible`` reads from ``responsible``."""

    line: int
    order: int
    description: str
    responsible: str
    parties: tuple[str, ...]
    timeline: Timeline
    remarks: str


@dataclass(frozen=True)
class TopicRow:
    line: int
    number: int
    title: str
    activities: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class IntersessionalRow:
    """One Annex II row; ``volunteers_text`` is the cell without its <p> tags."""

    line: int
    number: int
    item_of_work: str
    volunteers_text: str
    coordinators: tuple[str, ...]
    volunteers: tuple[str, ...]


@dataclass(frozen=True)
class WorkPlan:
    topics: tuple[TopicRow, ...]
    intersessional_groups: tuple[IntersessionalRow, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def activities(self) -> list[ActivityRow]:
        return [a for t in self.topics for a in t.activities]

    def party_names(self) -> list[str]:
        """Every party name the plan uses, each once, in order of first use."""
        names = [n for a in self.activities for n in a.parties]
        names += [n for g in self.intersessional_groups for n in g.coordinators + g.volunteers]
        return list(dict.fromkeys(names))


# --- cells and rows -------------------------------------------------------------------

SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_PARAGRAPH_BREAK_RE = re.compile(r"</p>\s*<p>|<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_TAG_RE = re.compile(r"</?p>", re.IGNORECASE)


def split_row(line: str, strict: bool = True) -> list[str]:
    """The cells of one pipe-table line, each stripped of surrounding spaces.

    ``"| 1. | Definitions |"`` -> ``["1.", "Definitions"]``. A ``\\|`` inside a cell
    is a literal pipe. The line must start and end with ``|`` (ValueError otherwise),
    unless ``strict`` is false: then the outer pipes are optional. The one pipe-table
    tokenizer of the project (the Annex III reader uses it too).
    """
    body = line.strip()
    if strict and not (body.startswith("|") and body.endswith("|") and len(body) >= 2):
        raise ValueError(_("a table row must start and end with |"))
    body = body.removeprefix("|")
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|") for c in cells]


def is_separator(line: str) -> bool:
    """Whether a line is a table's ``|---|---|`` line (colons for alignment allowed)."""
    return bool(SEPARATOR_RE.match(line.strip()))


def cell_text(cell: str) -> str:
    """A cell's text as written, minus HTML paragraph markup.

    A paragraph break (``</p><p>``) or ``<br>`` becomes a line break; the ``<p>`` tags
    themselves go; entities (``&amp;``) are decoded only in cells that used such tags,
    which are HTML. Other text, and other tags, are kept exactly.
    """
    if not _PARAGRAPH_TAG_RE.search(cell) and not _PARAGRAPH_BREAK_RE.search(cell):
        return cell.strip()
    text = _PARAGRAPH_BREAK_RE.sub("\n", cell)
    text = _PARAGRAPH_TAG_RE.sub("", text)
    return "\n".join(part.strip() for part in html.unescape(text).split("\n")).strip()


@dataclass
class _Table:
    kind: str | None  # "workplan", "intersessional" or None (ignored)
    columns: int
    rows: list[tuple[int, str]]  # (line number, raw line)


def _header_kind(cells: list[str]) -> str | None:
    names = [c.casefold().rstrip(".").strip() for c in cells]
    if len(names) == 6 and names[0] in ("", "no", "#") and names[1:] == [
            "topic", "activity", "responsible", "timeline", "remarks"]:
        return "workplan"
    if names == ["no", "item of work", "volunteers"]:
        return "intersessional"
    return None


def _tables(lines: list[str]) -> list[_Table]:
    """Pipe tables in the text: a ``|`` line followed by a separator line starts one."""
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if (line.lstrip().startswith("|") and i + 1 < len(lines)
                and SEPARATOR_RE.match(lines[i + 1].strip())):
            try:
                header = split_row(line)
            except ValueError:
                i += 1
                continue
            kind = _header_kind(header)
            if kind is None and tables and not any(header) and tables[-1].columns == len(header):
                kind = tables[-1].kind  # a table split by a page break, header lost
            table = _Table(kind, len(header), [])
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not SEPARATOR_RE.match(lines[i].strip()):
                    table.rows.append((i + 1, lines[i]))
                i += 1
            tables.append(table)
            continue
        if line.lstrip().startswith("|") and tables and tables[-1].kind:
            # Pipe rows with no header and |---| line above them, after a work-plan
            # table: most likely its rows cut off by a blank line. Reading them as
            # continuation rows could attach them to the wrong table; skipping them
            # would lose them silently. So they are an error.
            try:
                cells = split_row(line)
            except ValueError:
                cells = []
            if len(cells) == tables[-1].columns:
                raise WorkPlanImportError(
                    _("this table row has no header above it: repeat the table's header "
                      "row and its |---| line before it"), i + 1)
        i += 1
    return tables


def pipe_tables(text: str) -> tuple[list, list]:
    """Every pipe table of ``text`` for the file readers of ``workplan.imports``.

    Returns (tables, problems): ``SourceTable``s whose first row is the header row, each
    cell's text without paragraph markup (``cell_text``) and its place the 1-based line;
    and a ``Problem`` for each table row that has no header row and ``|---|`` line above
    it (rows cut off their table by a blank line; reading them silently could attach
    them to the wrong table).
    """
    from workplan.imports.rows import Place, Problem, SourceCell, SourceTable

    lines = text.splitlines()
    tables, problems = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("|") and i + 1 < len(lines) and is_separator(lines[i + 1]):
            rows = [[SourceCell(cell_text(c), Place(line=i + 1)) for c in split_row(line, strict=False)]]
            start = i + 1
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                if not is_separator(lines[i]):
                    place = Place(line=i + 1)
                    try:
                        cells = split_row(lines[i])
                    except ValueError as e:
                        problems.append(Problem(place, str(e)))
                        cells = []
                    rows.append([SourceCell(cell_text(c), place) for c in cells])
                i += 1
            tables.append(SourceTable(_("table at line %(n)d") % {"n": start}, rows, Place(line=start)))
            continue
        if line.lstrip().startswith("|") and tables and not is_separator(line):
            problems.append(Problem(Place(line=i + 1), _(
                "this table row has no header above it: repeat the table's header row and its "
                "|---| line before it")))
        i += 1
    return tables, problems


def _row_cells(line_no: int, raw: str, columns: int) -> list[str]:
    try:
        cells = split_row(raw)
    except ValueError as e:
        raise WorkPlanImportError(str(e), line_no) from None
    if len(cells) != columns:
        raise WorkPlanImportError(
            _("expected %(expected)d cells, found %(found)d") % {"expected": columns, "found": len(cells)},
            line_no)
    return [cell_text(c) for c in cells]


_NUMBER_RE = re.compile(r"^(\d{1,4})\.?$")


def _number(line_no: int, cell: str) -> int:
    m = _NUMBER_RE.match(cell)
    if not m:
        raise WorkPlanImportError(_('"%(cell)s" is not a number such as "1."') % {"cell": cell}, line_no)
    return int(m[1])


# --- the whole document ---------------------------------------------------------------

def nul_refuse(text: str) -> None:
    """Raise ``WorkPlanImportError`` at the first NUL character (U+0000), with its line:
    PostgreSQL cannot store one, and would refuse it mid-import without a line number."""
    at = text.find("\x00")
    if at >= 0:
        column = at - text.rfind("\n", 0, at)
        raise WorkPlanImportError(
            _("a NUL character (byte 0x00) at column %(column)d: the file is not plain text")
            % {"column": column}, text.count("\n", 0, at) + 1)


def parse_workplan(text: str, known=None) -> WorkPlan:
    """Read the Annex I and Annex II tables of a document in the seed's format.

    ``known`` is the collection of party short names to recognise (default:
    ``KNOWN_PARTIES``; the import adds the parties already in the database). Returns a
    ``WorkPlan``; raises ``WorkPlanImportError`` with the line of the first bad row:
    a wrong number of cells, a topic number that is not a number or appears twice, a
    topic without a title, a continuation row before any topic, an empty Activity cell,
    a timeline ``parse_timeline`` cannot read, an intersessional row whose number is
    missing or repeated, or whose coordinators cannot be told from its volunteers.
    Also raises it (without a line) when the text holds no work-plan table at all, and
    (with the line) at a NUL character anywhere in the text.
    """
    nul_refuse(text)
    known = tuple(KNOWN_PARTIES) if known is None else tuple(known)
    warnings: list[str] = []
    topics: list[TopicRow] = []
    groups: list[IntersessionalRow] = []
    current: dict | None = None
    topic_lines: dict[int, int] = {}
    group_lines: dict[int, int] = {}

    def close_topic():
        if current is not None:
            topics.append(TopicRow(current["line"], current["number"], current["title"],
                                   tuple(current["activities"])))

    tables = _tables(text.splitlines())
    if not any(t.kind for t in tables):
        raise WorkPlanImportError(_(
            'no work plan table found: expected a header "| | Topic | Activity | Responsible '
            '| Timeline | Remarks |" or "| No. | Item of Work | Volunteers |"'))
    for table in tables:
        if table.kind == "workplan":
            for line_no, raw in table.rows:
                number, title, description, responsible, timeline_text, remarks = (
                    _row_cells(line_no, raw, table.columns))
                if not any((number, title, description, responsible, timeline_text, remarks)):
                    continue  # an empty row left by the conversion from Word
                if number or title:
                    if not number:
                        raise WorkPlanImportError(
                            _('the topic "%(title)s" has no number') % {"title": title}, line_no)
                    n = _number(line_no, number)
                    if not title:
                        raise WorkPlanImportError(_("topic %(n)d has no title") % {"n": n}, line_no)
                    if n in topic_lines:
                        raise WorkPlanImportError(
                            _("topic %(n)d appears twice (first on line %(first)d)")
                            % {"n": n, "first": topic_lines[n]}, line_no)
                    topic_lines[n] = line_no
                    close_topic()
                    current = {"line": line_no, "number": n, "title": title, "activities": []}
                elif current is None:
                    raise WorkPlanImportError(
                        _("this row continues a topic but no topic came before it"), line_no)
                if not description:
                    raise WorkPlanImportError(_("the Activity cell is empty"), line_no)
                try:
                    timeline = parse_timeline(timeline_text)
                except TimelineError as e:
                    raise WorkPlanImportError(str(e), line_no) from None
                parties, notes = split_responsible(responsible, known)
                warnings += [_('line %(line)d: "%(note)s" in Responsible is not read as a party')
                             % {"line": line_no, "note": note} for note in notes]
                current["activities"].append(ActivityRow(
                    line_no, len(current["activities"]) + 1, description, responsible,
                    tuple(parties), timeline, remarks))
        elif table.kind == "intersessional":
            for line_no, raw in table.rows:
                number, item, volunteers_text = _row_cells(line_no, raw, table.columns)
                if not any((number, item, volunteers_text)):
                    continue
                n = _number(line_no, number)
                if n in group_lines:
                    raise WorkPlanImportError(
                        _("intersessional group %(n)d appears twice (first on line %(first)d)")
                        % {"n": n, "first": group_lines[n]}, line_no)
                group_lines[n] = line_no
                if not item:
                    raise WorkPlanImportError(_("the Item of Work cell is empty"), line_no)
                try:
                    coordinators, volunteers = split_volunteers(volunteers_text, known)
                except ValueError as e:
                    raise WorkPlanImportError(str(e), line_no) from None
                for role, names in ((_("coordinator"), coordinators), (_("volunteer"), volunteers)):
                    for name in {n for n in names if names.count(n) > 1}:
                        warnings.append(_("line %(line)d: %(name)s is listed more than once as "
                                          "%(role)s; kept once")
                                        % {"line": line_no, "name": name, "role": role})
                groups.append(IntersessionalRow(
                    line_no, n, item, volunteers_text,
                    tuple(dict.fromkeys(coordinators)), tuple(dict.fromkeys(volunteers))))
    close_topic()
    return WorkPlan(tuple(topics), tuple(groups), tuple(warnings))
