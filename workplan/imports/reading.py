"""From an uploaded file to a ``ParsedPlan``: the same rules for every format.

``plan_read(data, filename=..., options=...)`` picks the reader by the file's content
(a .docx or .xlsx is a zip holding ``word/`` or ``xl/``; text holding a pipe table is
the seed's pipe format; other text is CSV), finds each table's header row
(``workplan.imports.headers``) and reads its rows:

- Annex I rows: a number (``1.`` or ``1``) and/or a title starts a topic; the Topic cell
  may also hold both ("1. Definitions"); a row whose number and topic cells are empty
  (or merged down) continues the topic above, also across tables; a row that repeats
  the current topic's number continues it too. An activity number ("1.2", or "2" in an
  Activity No. column) is kept; without one, activities are counted from 1 in each
  topic. The timeline is read with ``parse_timeline`` and the import's date order and
  start month; Responsible is split into parties.
- Annex II rows: number, item of work, and the Volunteers cell split into coordinators
  and volunteers.
- A table with no header row whose first row is empty and has the previous table's
  number of columns continues that table (a page break in Word that lost the header).
  Other tables are ignored with a note.

Every problem of the file is collected with its place; nothing is raised for a bad row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from workplan.imports.pipe import pipe_tables
from workplan.plan.timeline import TimelineError, parse_timeline
from workplan.imports.headers import ANNEX_I, ANNEX_II, COLUMN_LABELS, ColumnMap, match_header
from workplan.imports.parties import KNOWN_PARTIES, split_responsible, split_volunteers
from workplan.imports.rows import GroupRow, ParsedPlan, Place, PlanRow, Problem, SourceTable

__all__ = ["ReadOptions", "plan_from_tables", "plan_read"]

HEADER_SEARCH_ROWS = 10  # a title or notes above the header row, as spreadsheets have
MAX_LENGTHS = {"topic": 300, "timeline": 200, "item_of_work": 300, "party": 100}


@dataclass(frozen=True)
class ReadOptions:
    """What the person importing says about the file.

    ``date_order`` "dmy" or "mdy" for all-numeric dates (None: refused when ambiguous);
    ``start`` the project's first month, for "M18"-style timelines (None: refused);
    ``encoding`` and ``delimiter`` force the CSV's (None: detected).
    """

    date_order: str | None = None
    start: dt.date | None = None
    encoding: str | None = None
    delimiter: str | None = None


_NUMBER_RE = re.compile(r"^(\d{1,4})(?:\.(\d{1,4}))?\.?$")
_TOPIC_CELL_RE = re.compile(r"^(\d{1,4})[.)]?\s+(\S.*)$", re.DOTALL)


def _format(data: bytes, filename: str) -> str:
    lower = filename.lower()
    if data[:2] == b"PK":
        import zipfile
        from io import BytesIO

        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        # A broken zip: let the reader the name asks for say what is wrong with it.
        return lower.rsplit(".", 1)[1] if lower.endswith((".docx", ".xlsx")) else "zip?"
    if lower.endswith((".docx", ".xlsx")):
        return lower.rsplit(".", 1)[1]  # not a zip: the reader will say the file is broken
    if lower.endswith((".txt", ".md")):
        return "pipe"
    if lower.endswith((".csv", ".tsv")):
        return "csv"
    head = data[:20000]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "csv"
    return "pipe" if re.search(r"^\s*\|.*\n\s*\|?\s*:?-{3,}", text, re.MULTILINE) else "csv"


def plan_read(data: bytes, *, filename: str = "", options: ReadOptions = ReadOptions(),
              known=None) -> ParsedPlan:
    """Read an uploaded work plan (.docx, .xlsx, .csv or pipe text) into a ``ParsedPlan``.

    ``data`` the file's bytes; ``filename`` its name (for messages and to tell the
    format when the content does not); ``known`` the party short names to recognise
    (default ``KNOWN_PARTIES``). Never raises for a bad file: ``ParsedPlan.problems``
    lists every problem with its place, and is non-empty when nothing can be imported.
    """
    from .csv import CsvError, read_csv
    from .docx import DocxError, read_docx
    from .xlsx import XlsxError, read_xlsx

    fmt = _format(data, filename)
    plan = ParsedPlan(source_name=filename, format=fmt)
    try:
        if fmt == "docx":
            tables = read_docx(data)
        elif fmt == "xlsx":
            tables, notes = read_xlsx(data)
            plan.notes += notes
        elif fmt == "csv":
            tables, notes = read_csv(data, encoding=options.encoding, delimiter=options.delimiter)
            plan.notes += notes
        elif fmt == "pipe":
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                plan.problems.append(Problem(Place(), _("not UTF-8 text (byte %(pos)d)")
                                             % {"pos": e.start}))
                return plan
            tables, problems = pipe_tables(text)
            plan.problems += problems
        else:
            plan.problems.append(Problem(Place(), _(
                "this file is neither a Word document (.docx), an Excel workbook (.xlsx), a CSV "
                "file nor a text file of pipe tables")))
            return plan
    except (CsvError, DocxError, XlsxError) as e:
        plan.problems.append(Problem(Place(), str(e)))
        return plan
    plan_from_tables(plan, tables, options, known)
    return plan


def _find_header(table: SourceTable) -> tuple[int, ColumnMap] | None:
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        column_map = match_header([c.text for c in row])
        if column_map:
            return index, column_map
    return None


class _State:
    def __init__(self, plan: ParsedPlan, options: ReadOptions, known):
        self.plan, self.options, self.known = plan, options, known
        self.topic: tuple[int, str] | None = None
        self.topic_places: dict[int, Place] = {}
        self.keys: dict[str, Place] = {}
        self.counts: dict[int, int] = {}
        self.group_places: dict[int, Place] = {}

    def problem(self, place: Place, reason: str) -> None:
        self.plan.problems.append(Problem(place, reason))

    def warn(self, place: Place, reason: str) -> None:
        self.plan.notes.append(str(Problem(place, reason)))


def plan_from_tables(plan: ParsedPlan, tables: list[SourceTable], options: ReadOptions,
                     known=None) -> ParsedPlan:
    """Fill ``plan`` with the rows of ``tables`` (any reader's); returns ``plan``."""
    state = _State(plan, options, tuple(KNOWN_PARTIES) if known is None else tuple(known))
    labels = COLUMN_LABELS()
    previous: tuple[ColumnMap, int] | None = None
    for table in tables:
        found = _find_header(table)
        width = len(table.rows[0]) if table.rows else 0  # the header row's
        if found is None:
            first = table.rows[0] if table.rows else []
            if previous and not any(c.text for c in first) and width == previous[1]:
                found = (0, previous[0])  # a table cut by a page break, its header lost
            else:
                if any(c.text for c in first):
                    plan.notes.append(_("%(table)s: no work plan header row; ignored")
                                      % {"table": table.name})
                continue
        header_index, column_map = found
        for index, text in column_map.ignored:
            plan.notes.append(_('%(table)s: column "%(column)s" is not read')
                              % {"table": table.name, "column": text})
        previous = (column_map, width)
        for row in table.rows[header_index + 1:]:
            switched = match_header([c.text for c in row]) if row else None
            if switched:  # a second table below the first (a CSV holding Annex I and II)
                column_map = switched
                previous = (column_map, width)
                continue
            cells = {name: (row[i].text if i < len(row) else "", row[i].place if i < len(row) else row[0].place)
                     for name, i in column_map.columns.items()} if row else {}
            if not any(text for text, _place in cells.values()):
                continue  # an empty row left by the conversion, or a merged remainder
            place = _row_place(row)

            def at(name, cells=cells, place=place):
                cell_place = cells[name][1] if name in cells else place
                return cell_place.with_column(labels[name])

            if column_map.kind == ANNEX_I:
                _activity_row(state, cells, place, at)
            elif column_map.kind == ANNEX_II:
                _group_row(state, cells, place, at)
    if not plan.activities and not plan.groups and not plan.problems:
        plan.problems.append(Problem(Place(), _(
            "no work plan table found: expected a header row naming the columns Topic, Activity, "
            "Responsible, Timeline and Remarks (or Thème, Activité, Responsable, Calendrier, "
            "Observations), or No., Item of Work and Volunteers")))
    return plan


def _row_place(row) -> Place:
    place = row[0].place
    if place.sheet:
        row_number = re.sub(r"^[A-Z]+", "", place.cell)
        return Place(sheet=place.sheet, cell=f"{row_number}:{row_number}")
    return place


def _text(cells, name) -> str:
    return cells.get(name, ("", None))[0].strip()


def _activity_row(state: _State, cells, place: Place, at) -> None:
    number_text, title = _text(cells, "number"), _text(cells, "topic")
    description = _text(cells, "activity")
    given_activity = _text(cells, "activity_number")
    topic_number = activity_number = None
    if number_text:
        m = _NUMBER_RE.match(number_text)
        if not m:
            state.problem(at("number"), _('"%(cell)s" is not a number such as "1." or "1.2"')
                          % {"cell": number_text})
            return
        topic_number = int(m[1])
        if m[2]:
            activity_number = int(m[2])
    elif title and (m := _TOPIC_CELL_RE.match(title)):
        topic_number, title = int(m[1]), m[2].strip()
    if given_activity:
        m = _NUMBER_RE.match(given_activity)
        if not m:
            state.problem(at("activity_number"), _('"%(cell)s" is not an activity number such as '
                                                   '"2" or "1.2"') % {"cell": given_activity})
            return
        if m[2] and topic_number is None:
            topic_number = int(m[1])
        activity_number = int(m[2] or m[1])

    if topic_number is not None:
        current = state.topic
        if current and current[0] == topic_number and (not title or title == current[1]):
            pass  # the row repeats its topic's number (and title): it continues the topic
        else:
            if not title:
                state.problem(at("topic"), _("topic %(n)d has no title") % {"n": topic_number})
                return
            elif topic_number in state.topic_places:
                state.problem(at("number"), _("topic %(n)d appears twice (first at %(first)s)")
                              % {"n": topic_number, "first": state.topic_places[topic_number]})
                return
            else:
                if len(title) > MAX_LENGTHS["topic"]:
                    state.problem(at("topic"), _too_long(title, MAX_LENGTHS["topic"]))
                state.topic_places[topic_number] = place
                state.topic = (topic_number, title)
    elif title:
        state.problem(at("number"), _('the topic "%(title)s" has no number') % {"title": title})
        return
    if state.topic is None:
        state.problem(place, _("this row continues a topic but no topic came before it"))
        return
    if not description:
        state.problem(at("activity"), _("the Activity cell is empty"))
        return
    topic_number, topic_title = state.topic
    if activity_number is None:
        activity_number = state.counts.get(topic_number, 0) + 1
    state.counts[topic_number] = max(state.counts.get(topic_number, 0), activity_number)
    key = f"{topic_number}.{activity_number}"
    if key in state.keys:
        state.problem(place, _("activity %(key)s appears twice (first at %(first)s)")
                      % {"key": key, "first": state.keys[key]})
        return
    state.keys[key] = place

    timeline_text = _text(cells, "timeline")
    timeline = None
    try:
        timeline = parse_timeline(timeline_text, date_order=state.options.date_order,
                                  start=state.options.start)
    except TimelineError as e:
        state.problem(at("timeline"), str(e))
    if len(timeline_text) > MAX_LENGTHS["timeline"]:
        state.problem(at("timeline"), _too_long(timeline_text, MAX_LENGTHS["timeline"]))
    responsible = _text(cells, "responsible")
    parties, notes = split_responsible(responsible, state.known)
    for note in notes:
        state.warn(at("responsible"), _('"%(note)s" is not read as a party') % {"note": note})
    for name in parties:
        if len(name) > MAX_LENGTHS["party"]:
            state.problem(at("responsible"), _too_long(name, MAX_LENGTHS["party"]))
    state.plan.activities.append(PlanRow(
        place=place, topic_number=topic_number, topic_title=topic_title,
        activity_number=activity_number, description=description, responsible=responsible,
        timeline_text=timeline_text, remarks=_text(cells, "remarks"), timeline=timeline,
        parties=tuple(parties)))


def _group_row(state: _State, cells, place: Place, at) -> None:
    number_text, item = _text(cells, "number"), _text(cells, "item_of_work")
    volunteers_text = _text(cells, "volunteers")
    m = _NUMBER_RE.match(number_text)
    if not m or m[2]:
        state.problem(at("number"), _('"%(cell)s" is not a number such as "1."') % {"cell": number_text})
        return
    number = int(m[1])
    if number in state.group_places:
        state.problem(at("number"), _("intersessional group %(n)d appears twice (first at %(first)s)")
                      % {"n": number, "first": state.group_places[number]})
        return
    state.group_places[number] = place
    if not item:
        state.problem(at("item_of_work"), _("the Item of Work cell is empty"))
        return
    if len(item) > MAX_LENGTHS["item_of_work"]:
        state.problem(at("item_of_work"), _too_long(item, MAX_LENGTHS["item_of_work"]))
    try:
        coordinators, volunteers = split_volunteers(volunteers_text, state.known)
    except ValueError as e:
        state.problem(at("volunteers"), str(e))
        return
    for name in coordinators + volunteers:
        if len(name) > MAX_LENGTHS["party"]:
            state.problem(at("volunteers"), _too_long(name, MAX_LENGTHS["party"]))
    state.plan.groups.append(GroupRow(place, number, item, volunteers_text,
                                      tuple(dict.fromkeys(coordinators)), tuple(dict.fromkeys(volunteers))))


def _too_long(text: str, limit: int) -> str:
    return _('"%(start)s..." is %(length)d characters long; at most %(max)d are allowed') % {
        "start": text[:40], "length": len(text), "max": limit}
