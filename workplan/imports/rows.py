"""The one row model behind every work-plan reader (Word, Excel, CSV, pipe text).

A reader turns its file into ``SourceTable``s: rows of ``SourceCell``s, each cell's
text as written and its ``Place`` in the file. ``workplan.imports.reading`` then finds
the header row (``workplan.imports.headers``) and turns the tables into ``PlanRow``s
(Annex I: topic, activity, responsible, timeline, remarks) and ``GroupRow``s (Annex II:
number, item of work, volunteers), collecting every ``Problem`` of the file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

__all__ = ["GroupRow", "ParsedPlan", "Place", "PlanRow", "Problem", "SourceCell", "SourceTable"]


@dataclass(frozen=True)
class Place:
    """Where something is in the uploaded file, in the file's own terms.

    Exactly one way of pointing is used: ``line`` (pipe text, CSV), ``table``/``row``/
    ``column`` (a Word table, all 1-based, ``column`` a header name when known), or
    ``sheet``/``cell`` (a spreadsheet cell such as ``Plan!C7``).
    """

    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: str = ""
    sheet: str = ""
    cell: str = ""

    def with_column(self, column: str) -> Place:
        """The same place narrowed to a column (a sheet cell is already exact)."""
        return self if self.sheet else replace(self, column=column)

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        if self.table is not None:
            parts = [_("table %(n)d") % {"n": self.table}]
            if self.row is not None:
                parts.append(_("row %(n)d") % {"n": self.row})
            if self.column:
                parts.append(_("column %(name)s") % {"name": self.column})
            return ", ".join(parts)
        if self.line is not None:
            text = _("line %(n)d") % {"n": self.line}
            return f"{text}, {self.column}" if self.column else text
        return ""


@dataclass(frozen=True)
class SourceCell:
    """One cell as a reader found it; ``note`` says how a typed value became text
    ("a date cell, read as its month")."""

    text: str
    place: Place
    note: str = ""


@dataclass
class SourceTable:
    """One table of the file: a Word table, a sheet, the CSV, or a pipe table.

    ``name`` is how a message names it; ``rows`` hold cells in column order (rows may
    be shorter than others: missing cells are empty).
    """

    name: str
    rows: list[list[SourceCell]]
    place: Place = field(default_factory=Place)


@dataclass(frozen=True)
class Problem:
    """Something that stops the import (``warning`` False) or that the preview shows."""

    place: Place
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        where = str(self.place)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass
class PlanRow:
    """One activity row (Annex I). Texts are the cells as written, stripped.

    ``topic_number`` and ``topic_title`` are the row's own topic or the one continued
    from above; ``activity_number`` is the activity's number within its topic (given in
    the file, or counted); ``timeline`` is the parsed ``Timeline`` (None when it could
    not be read: then a ``Problem`` says why).
    """

    place: Place
    topic_number: int
    topic_title: str
    activity_number: int
    description: str
    responsible: str = ""
    timeline_text: str = ""
    remarks: str = ""
    timeline: object = None
    parties: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.topic_number}.{self.activity_number}"


@dataclass
class GroupRow:
    """One intersessional group row (Annex II)."""

    place: Place
    number: int
    item_of_work: str
    volunteers_text: str
    coordinators: tuple[str, ...] = ()
    volunteers: tuple[str, ...] = ()


@dataclass
class ParsedPlan:
    """What a file holds: rows, the problems that stop it, and notes for the preview
    (columns ignored, typed cells read as text, the CSV's encoding and delimiter)."""

    source_name: str
    format: str
    activities: list[PlanRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def topics(self) -> dict[int, str]:
        """Topic number -> title, in the order of the file."""
        return {row.topic_number: row.topic_title for row in self.activities}

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]
