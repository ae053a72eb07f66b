"""Finding a work-plan table's columns by their header names, in English and French.

A header row names its columns in any order; names are compared without case, accents,
trailing dots or colons. Columns whose header is not listed here are ignored (the
preview says so). A table is an Annex I table (the work plan) when it has an Activity
column and a Responsible or Timeline column, and an Annex II table (intersessional
work) when it has Item of Work and Volunteers columns. Sources: the seed's Annex I
(``| | Topic | Activity | Responsible | Timeline | Remarks |``) and Annex II
(``| No. | Item of Work | Volunteers |``), and the French version of WCO documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

__all__ = ["ANNEX_I", "ANNEX_II", "COLUMN_LABELS", "ColumnMap", "match_header", "normal_name"]

ANNEX_I, ANNEX_II = "annex_i", "annex_ii"

# field -> accepted header names, already normalised (see normal_name).
_NAMES: dict[str, set[str]] = {
    "number": {"", "no", "n", "n°", "no°", "#", "number", "numero", "nr", "num", "topic no",
               "topic number", "no du theme"},
    "topic": {"topic", "topics", "theme", "themes", "subject", "sujet"},
    "activity_number": {"activity no", "activity number", "no activity", "no de l'activite",
                        "numero de l'activite", "n° d'activite", "n° activite", "no d'activite",
                        "numero d'activite", "ref", "reference", "item"},
    "activity": {"activity", "activities", "activite", "activites", "action", "actions", "task",
                 "tache", "description"},
    "responsible": {"responsible", "responsibility", "responsibilities", "responsable",
                    "responsables", "lead", "leads", "responsible party", "responsible parties"},
    "timeline": {"timeline", "timelines", "timeframe", "time frame", "calendrier", "echeance",
                 "echeances", "echeancier", "deadline", "date", "dates", "timing", "delai"},
    "remarks": {"remarks", "remark", "observations", "observation", "comments", "comment",
                "notes", "note", "remarques", "remarque", "commentaires"},
    "item_of_work": {"item of work", "items of work", "work item", "point de travail",
                     "element de travail", "sujet de travail", "domaine de travail"},
    "volunteers": {"volunteers", "volunteer", "volontaires", "volontaire", "benevoles"},
}
_LOOKUP = {name: key for key, names in _NAMES.items() for name in names}


def COLUMN_LABELS() -> dict[str, str]:
    """Field -> the column's name as messages say it, in the active language."""
    return {"number": _("No."), "topic": _("Topic"), "activity_number": _("Activity No."),
            "activity": _("Activity"), "responsible": _("Responsible"), "timeline": _("Timeline"),
            "remarks": _("Remarks"), "item_of_work": _("Item of Work"), "volunteers": _("Volunteers")}


def normal_name(text: str) -> str:
    """A header cell as compared: lower case, no accents, one space, no trailing . or :."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2019`]", "'", text)
    return " ".join(text.replace("\n", " ").split()).rstrip(" .:").strip()


@dataclass
class ColumnMap:
    """Which column (0-based index) holds which field, the table's kind, and the header
    cells that name nothing we read (index, text)."""

    kind: str
    columns: dict[str, int]
    ignored: list[tuple[int, str]]

    def get(self, cells: list[str], name: str) -> str:
        i = self.columns.get(name)
        return cells[i] if i is not None and i < len(cells) else ""


def match_header(cells: list[str]) -> ColumnMap | None:
    """The column map of a header row, or None when the row is not a known header.

    ``cells`` are the header cells' texts. An empty header cell is the number column
    only when it comes first (the seed's Annex I writes it so); "No." beside a Topic
    column is the topic's number, beside Item of Work the group's. A name given twice
    keeps its first column; the second is ignored.
    """
    columns: dict[str, int] = {}
    ignored: list[tuple[int, str]] = []
    for i, raw in enumerate(cells):
        name = normal_name(raw)
        key = _LOOKUP.get(name)
        if name == "" and i != 0:
            key = None
        if key is None or key in columns:
            if name:
                ignored.append((i, raw.strip()))
            continue
        columns[key] = i
    if "activity" in columns and ({"responsible", "timeline"} & columns.keys()):
        kind, wanted = ANNEX_I, _ANNEX_I_FIELDS
    elif {"item_of_work", "volunteers"} <= columns.keys():
        kind, wanted = ANNEX_II, _ANNEX_II_FIELDS
    else:
        return None
    keep = {k: v for k, v in columns.items() if k in wanted}
    ignored += [(v, cells[v].strip()) for k, v in columns.items() if k not in wanted]
    return ColumnMap(kind, keep, sorted(ignored))


_ANNEX_I_FIELDS = {"number", "topic", "activity_number", "activity", "responsible", "timeline", "remarks"}
_ANNEX_II_FIELDS = {"number", "item_of_work", "volunteers"}
