"""Reading the free-text "Timeline" cell of a work-plan activity.

The forms come from the seed document's Annex I (the WGEC Work Plan table:
"May 2018", "September/October 2018", "September/ October 2018",
"October 2018 to March 2019", blank cells) and from how the WCO writes dates
elsewhere, in English and French. ``parse_timeline`` accepts:

- one month: "May 2018", "Sept 2019", "Sep. 2019", "octobre 2018", "févr. 2020",
  "12/2018", "2019-12" (any case; abbreviations are any unambiguous prefix of at
  least three letters, with or without a dot);
- a day or days, kept to month precision: "9 Feb 2021", "2019-12-09",
  "8-12 October 2018", "30 September - 2 October 2018", "October 8-12, 2018",
  "du 8 au 12 octobre 2018";
- a rough point in a month: "early", "mid", "mid-", "late", "end (of)",
  "beginning of", "start of", "début", "mi-", "fin" + month;
- a period: "Q3 2019", "H1 2020", "T1 2019" / "1er trimestre 2019", "S2 2019",
  a whole year "2019";
- a range of any two of the above joined by "-", "–", "—", "/", "to", "until",
  "till", "through", "and", "à", "au", "et", optionally after "from", "between",
  "du": "October 2018 - March 2019", "Oct - Nov 2020", "2019-2020", "janvier à mars 2019".
  A start without a year takes the end's year; a day without a month takes the
  other end's month;
- a trailing "?", "(tentative)", "(tbc)", "TBC", "(provisional)", "(à confirmer)"
  marks the timeline tentative;
- blank, "TBD", "To be determined", "TBA", "ongoing", "continuous", "n/a", "-", "—",
  "à déterminer", "en cours", and placeholders "ASAP", "To be decided", "TBC", "To be
  confirmed", "pending": unscheduled (the text is kept as written);
- part of a year: "early 2022" (January-April), "mid-2022" (May-August), "late 2022"
  (September-December), "beginning of 2022" (January), "end of 2022" (December),
  "first/second half of 2022", "début 2022", "fin 2022"; never the whole year;
- notes beside a date: a known note in parentheses ("Dec 20 (ish), 2022"; the notes are
  ``_NOTES``), days listed with slashes ("April 25/26/27, 2023"), and text struck
  through ("~~May 2018~~ June 2018", or ``<s>``/``<del>`` tags: the struck date is
  kept in the text and not read);
- all-numeric dates "03/05/2018" or "03.05.2018": read with the ``date_order`` given
  ("dmy" or "mdy"); without one, only when a part above 12 makes the order certain;
- months of a project, with the project's first month ``start`` given: "M18",
  "M1-M48", "month 6-12", "months 6 to 12", "16 months after (the) start" (= M16;
  month 1 is the start month). Without ``start`` they are refused, saying so.

Anything else raises ``TimelineError``; we never guess at text we cannot read: a wrong
month is worse than a refusal, whose message says what would be accepted.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

from workplan.plan.months import last_day, months_between

__all__ = ["Timeline", "TimelineError", "month_label", "parse_timeline"]


def _django_ready() -> bool:
    # Translation needs configured settings and a loaded app registry; this module is
    # also used from scripts and plain unit tests that have neither.
    return settings.configured and apps.ready


def _(message: str) -> str:
    # Named _ so that makemessages collects these strings; translated when raised.
    if _django_ready():
        from django.utils.translation import gettext

        return gettext(message)
    return message


class TimelineError(ValueError):
    """A timeline text that cannot be read; ``.text`` holds it exactly as given."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(_('Cannot read the timeline "%(text)s": %(reason)s.')
                         % {"text": text, "reason": reason})

    def __reduce__(self):
        # Rebuild from both arguments, so the error survives pickling (Celery results).
        return type(self), (self.text, self.reason)


@dataclass(frozen=True)
class Timeline:
    """Months an activity is planned for, with the text it was read from.

    ``first`` and ``last`` are first-of-month dates, ``last`` inclusive; both are None
    when the activity is unscheduled.
    """

    text: str
    first: datetime.date | None
    last: datetime.date | None
    tentative: bool = False

    @property
    def scheduled(self) -> bool:
        return self.first is not None

    def contains(self, month: datetime.date) -> bool:
        """True when the month of ``month`` (any day in it) is within the timeline."""
        return self.scheduled and self.first <= month.replace(day=1) <= self.last

    @property
    def deadline(self) -> datetime.date | None:
        """Last calendar day of the last month, or None when unscheduled."""
        if not self.scheduled:
            return None
        return last_day(self.last)

    @property
    def months(self) -> int:
        """Number of months covered, both ends included; 0 when unscheduled."""
        if not self.scheduled:
            return 0
        return months_between(self.first, self.last) + 1


_ENGLISH_MONTHS = ["january", "february", "march", "april", "may", "june", "july",
                   "august", "september", "october", "november", "december"]
# Accents are stripped before matching, so "février" is written "fevrier" here.
_FRENCH_MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
                  "aout", "septembre", "octobre", "novembre", "decembre"]


def _month_words() -> dict[str, int]:
    """Full names and every prefix of three letters or more that names a single month."""
    seen: dict[str, set[int]] = {}
    for names in (_ENGLISH_MONTHS, _FRENCH_MONTHS):
        for number, name in enumerate(names, start=1):
            for end in range(3, len(name) + 1):
                seen.setdefault(name[:end], set()).add(number)
    # "jui" could be juin or juillet: an ambiguous prefix is not a month.
    return {word: months.pop() for word, months in seen.items() if len(months) == 1}


_MONTH_WORDS = _month_words()
_RANGE_WORDS = {"to", "until", "till", "through", "thru", "and", "a", "au", "et"}
_FILLER_WORDS = {"from", "between", "in", "the", "of", "du", "de", "entre", "en", "le"}
_UNSCHEDULED = {"", "tbd", "tba", "to be determined", "to be announced", "ongoing",
                "on-going", "continuous", "n/a", "na", "-", "a determiner", "en cours",
                "asap", "as soon as possible", "to be decided", "to be confirmed", "pending",
                "des que possible", "a decider", "a definir", "a confirmer"}
# Notes written in parentheses beside a date that say it is rough; other parentheses
# are refused (a note could hide a second date).
_NOTES = {"ish", "or so", "roughly", "about", "circa", "estimated", "expected", "planned",
          "indicative", "target", "environ", "indicatif", "prevu", "prevue", "estime"}
_PARTS = {"early": (1, 4), "mid": (5, 4), "late": (9, 4), "begin": (1, 1), "end": (12, 1)}
_PART_OF = {"early": "early", "mid": "mid", "middle": "mid", "mi": "mid", "late": "late",
            "end": "end", "fin": "end", "beginning": "begin", "start": "begin", "debut": "begin"}
_ORDINAL_WORDS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "premier": "1",
                  "premiere": "1", "deuxieme": "2", "seconde": "2",
                  "troisieme": "3", "quatrieme": "4"}
_PERIOD_MONTHS = {"q": 3, "t": 3, "h": 6, "s": 6}  # t/s: French trimestre/semestre
_ORDINAL_PERIOD_LETTER = {"quarter": "q", "trimestre": "t", "semestre": "s", "half": "h"}

_TENTATIVE_RE = re.compile(
    r"\s*(?:\?|\(\s*(?:tentative|tbc|to be confirmed|provisional|a confirmer|provisoire)\s*\)"
    r"|\b(?:tentative|tbc))\s*$")
_QUALIFIER_RE = re.compile(
    r"\b(early|middle|mid|late|end|beginning|start|debut|mi|fin)\b"
    r"(?:\s*(?:of\b|de\b|d'))?\s*-?\s*")
_ORDINAL_PERIOD_RE = re.compile(
    r"\b([1-4]|first|second|third|fourth|premiere?|deuxieme|seconde?|troisieme|quatrieme)"
    r"\s*(?:st|nd|rd|th|ere|er|eme|e)?\s+(quarter|trimestre|semestre|half)\b(?:\s+(?:of|de)\b)?")
_TOKEN_RE = re.compile(r"""
      (?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})(?:-(?P<iso_d>\d{1,2}))?)(?!\d)  # 2019-12-09
    | (?P<numeric>(?P<num_m>\d{1,2})/(?P<num_y>\d{4}))(?!\d)                       # 12/2018
    | @(?P<part>[a-z]+)                                                            # early
    | (?P<period>[qths])(?P<nth>\d)\b                                              # Q3, H1
    | (?P<number>\d+)(?:st|nd|rd|th|ere|er|eme|e)?\b                               # 8, 1er, 2018
    | (?P<word>[a-z]+)\.?                                                          # sept.
    | (?P<joiner>[-/&])
    | [\s,]+
""", re.VERBOSE)


def _normalise(text: str) -> str:
    """Lower case, accents and odd spaces/dashes removed, so rules see one spelling."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split()).rstrip(" .")


@dataclass
class _Point:
    """One end of a timeline as read so far; ``length`` in months (3 for a quarter)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    length: int = 1
    part: str | None = None  # "early", "mid", ...: which months of a bare year
    given: set[str] = field(default_factory=set)


def _tokens(raw: str, text: str) -> list[dict | None]:
    """Field assignments such as {"month": 10} in order; None stands for a range joiner."""
    text = _ORDINAL_PERIOD_RE.sub(
        lambda m: _ORDINAL_PERIOD_LETTER[m[2]] + _ORDINAL_WORDS.get(m[1], m[1]) + " ", text)
    text = _QUALIFIER_RE.sub(lambda m: f" @{_PART_OF[m[1]]} ", text)
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise TimelineError(raw, _('"%s" is unexpected here') % text[pos])
        pos = m.end()
        if m["iso"]:
            tokens.append({"year": int(m["iso_y"]), "month": int(m["iso_m"]),
                           **({"day": int(m["iso_d"])} if m["iso_d"] else {})})
        elif m["numeric"]:
            tokens.append({"year": int(m["num_y"]), "month": int(m["num_m"])})
        elif m["part"]:
            tokens.append({"part": m["part"]})
        elif m["period"]:
            length, nth = _PERIOD_MONTHS[m["period"]], int(m["nth"])
            if not 1 <= nth <= 12 // length:
                raise TimelineError(raw, _('"%s" is not a quarter or half-year') % m[0])
            tokens.append({"month": (nth - 1) * length + 1, "length": length})
        elif m["number"]:
            digits = m["number"]
            if len(digits) not in (1, 2, 4):
                raise TimelineError(raw, _("%s is neither a day nor a year") % digits)
            tokens.append({"year" if len(digits) == 4 else "day": int(digits)})
        elif m["word"]:
            word = m["word"]
            if word in _RANGE_WORDS:
                tokens.append(None)
            elif word in _MONTH_WORDS:
                tokens.append({"month": _MONTH_WORDS[word]})
            elif word not in _FILLER_WORDS:
                raise TimelineError(raw, _('"%s" is not a month; accepted are, for example, "May 2018", '
                                           '"8-12 October 2018", "Q3 2022", "early 2022", "M18" with '
                                           'the project\'s start month, or "TBD"') % word)
        elif m["joiner"]:
            tokens.append(None)
    return tokens


def _points(raw: str, tokens: list[dict | None]) -> list[_Point]:
    """Group tokens into one point, or two for a range, each naming a field once."""
    points = [_Point()]
    for token in tokens:
        if token is None:
            points.append(_Point())
            continue
        point = points[-1]
        if point.given & token.keys():
            raise TimelineError(raw, _("each end may name only one day, month or period, and year"))
        point.given |= token.keys()
        for name, value in token.items():
            setattr(point, name, value)
    for point in points:
        if "part" in point.given:
            point.given.discard("part")
            if not point.given:
                point.given.add("part")
    if len(points) > 2:
        raise TimelineError(raw, _("it should be one date or period, or a range of two"))
    if any(not p.given for p in points):
        raise TimelineError(raw, _("a range needs both a start and an end"))
    for point in points:
        if point.day is not None and point.length > 1:
            raise TimelineError(raw, _("a day cannot fall in a quarter or half-year"))
        if point.given == {"year"}:  # a bare year stands for all of it, or the part named
            point.month, point.length = _PARTS.get(point.part, (1, 12))
    return points


def _complete(start: _Point, end: _Point) -> None:
    """Fill what one end leaves out from the other ("8-12 October 2018", "Oct - Nov 2020")."""
    for point, other in ((start, end), (end, start)):
        if point.year is None:
            point.year = other.year
        if point.month is None and other.length == 1:
            point.month = other.month


_STRUCK_RE = re.compile(r"~~.*?~~|<(s|del|strike)>.*?</\1>")
_NOTE_RE = re.compile(r"\(\s*([^()]*?)\s*\)")


def _without_notes(raw: str, normal: str) -> str:
    """The text without struck-through parts and known notes in parentheses."""
    unstruck = " ".join(_STRUCK_RE.sub(" ", normal).split())
    if not unstruck and normal:
        raise TimelineError(raw, _('everything is struck through; write the new date after the '
                                   'struck one, or "TBD"'))
    cleaned = _NOTE_RE.sub(lambda m: " " if m[1].rstrip(".") in _NOTES else m[0], unstruck)
    if "(" in cleaned:
        raise TimelineError(raw, _('"(" is unexpected here: a note in parentheses may be one of %s, '
                                   'and a date is written outside parentheses') % ", ".join(sorted(_NOTES)))
    return " ".join(cleaned.replace(" ,", ",").split()).rstrip(" .,")


_PROJECT_RANGE_RE = re.compile(r"^(?:m|months?|mois)\s*(\d{1,3})(?:\s*(?:-|to|a|au)\s*m?\s*(\d{1,3}))?$")
_PROJECT_AFTER_RE = re.compile(r"^(\d{1,3})\s*(?:months?|mois)\s+(?:after|apres)\s+(.+)$")
_PROJECT_START_WORDS = {"start", "the start", "project start", "the project start", "start of the project",
                        "the start of the project", "kick-off", "kickoff", "the kick-off", "launch",
                        "the launch", "le debut", "debut", "le debut du projet", "le lancement"}
_PROJECT_HINT_RE = re.compile(r"\bm\d{1,3}\b|\bmonths?\s+\d|\d+\s+months?\b")


def _add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _project_months(raw: str, normal: str, start: datetime.date | None):
    """(first, last) for "M18", "M1-M48", "month 6-12", "16 months after start"; None
    when the text is not such a form. Month 1 is the ``start`` month."""
    m = _PROJECT_RANGE_RE.match(normal)
    after = _PROJECT_AFTER_RE.match(normal)
    if after and after[2].strip() not in _PROJECT_START_WORDS:
        raise TimelineError(raw, _('"%s" is not a date the tracker knows; write the month, or "M16" '
                                   'counted from the project\'s start month') % after[2])
    if not m and not after:
        if _PROJECT_HINT_RE.search(normal):
            raise TimelineError(raw, _('months of a project are written alone: "M18", "M1-M48", '
                                       '"month 6-12" or "16 months after the start"'))
        return None
    first_n, last_n = (int(m[1]), int(m[2] or m[1])) if m else (int(after[1]), int(after[1]))
    if start is None:
        raise TimelineError(raw, _("this counts months of a project; give the project's start month "
                                   "with the import (for example 2021-01) to read it"))
    if first_n < 1 or last_n < first_n:
        raise TimelineError(raw, _("months of a project count from M1, and a range ends after it starts"))
    return _add_months(start.replace(day=1), first_n - 1), _add_months(start.replace(day=1), last_n - 1)


def _month_alternation() -> str:
    return "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))


_DAYS_AFTER_MONTH_RE = re.compile(
    rf"\b({_month_alternation()})\.?\s+(\d{{1,2}})((?:\s*/\s*\d{{1,2}})+)\b(?!\s*/)")
_DAYS_BEFORE_MONTH_RE = re.compile(
    rf"\b(\d{{1,2}})((?:\s*/\s*\d{{1,2}})+)\s+({_month_alternation()})\b")


def _day_lists(normal: str) -> str:
    """"april 25/26/27, 2023" -> "april 25-27, 2023" (days listed with slashes)."""
    def last(listed: str) -> str:
        return listed.split("/")[-1].strip()

    normal = _DAYS_AFTER_MONTH_RE.sub(lambda m: f"{m[1]} {m[2]}-{last(m[3])}", normal)
    return _DAYS_BEFORE_MONTH_RE.sub(lambda m: f"{m[1]}-{last(m[2])} {m[3]}", normal)


_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2(\d{2}|\d{4})\b")


def _numeric_dates(raw: str, normal: str, date_order: str | None) -> str:
    """"03/05/2018" -> "3 may 2018" by ``date_order``; refused when the order is unknown
    and both parts could be the month, or when the year has two digits."""
    def replace(m) -> str:
        a, b, year = int(m[1]), int(m[3]), m[4]
        if len(year) == 2:
            raise TimelineError(raw, _('"%s": write the year with four digits') % m[0])
        order = date_order
        if order is None:
            if a <= 12 and b <= 12 and a != b:
                raise TimelineError(raw, _(
                    '"%(date)s" could be %(dmy)s or %(mdy)s: state the date order of the file '
                    '(day/month/year or month/day/year) with the import, or write the month in words')
                    % {"date": m[0], "dmy": f"{a} {_ENGLISH_MONTHS[b - 1].capitalize()} {year}",
                       "mdy": f"{_ENGLISH_MONTHS[a - 1].capitalize()} {b} {year}"})
            order = "mdy" if b > 12 else "dmy"
        day, month = (a, b) if order == "dmy" else (b, a)
        if not 1 <= month <= 12:
            raise TimelineError(raw, _("there is no such month or day"))
        return f"{day} {_ENGLISH_MONTHS[month - 1]} {year}"

    return _NUMERIC_DATE_RE.sub(replace, normal)


def parse_timeline(text: str | None, *, date_order: str | None = None,
                   start: datetime.date | None = None) -> Timeline:
    """Read a timeline cell into a ``Timeline`` (first and last month, inclusive).

    ``text`` is kept exactly as given (None becomes ""); the accepted forms are listed
    in the module docstring. Blank and "TBD"-like texts give an unscheduled timeline.
    ``date_order`` ("dmy" or "mdy") reads all-numeric dates; ``start`` (a date in the
    project's first month) reads project months ("M18").
    Raises ``TimelineError`` (a ValueError naming the text) for anything else,
    including impossible dates and ranges that end before they start.
    """
    raw = "" if text is None else text
    normal, tentative = _normalise(raw), False
    while match := _TENTATIVE_RE.search(normal):
        normal, tentative = normal[:match.start()].rstrip(" ."), True
    if normal in _UNSCHEDULED:
        return Timeline(raw, None, None, tentative)
    normal = _without_notes(raw, normal)
    if normal in _UNSCHEDULED:
        return Timeline(raw, None, None, tentative)
    relative = _project_months(raw, normal, start)
    if relative:
        return Timeline(raw, relative[0], relative[1], tentative)
    normal = _numeric_dates(raw, _day_lists(normal), date_order)

    points = _points(raw, _tokens(raw, normal))
    start, end = points[0], points[-1]  # the same point when there is no range
    _complete(start, end)
    for point in points:
        if point.year is None:
            raise TimelineError(raw, _("the year is missing"))
        if point.month is None:
            raise TimelineError(raw, _("the month is missing"))
        try:
            datetime.date(point.year, point.month, 1 if point.day is None else point.day)
        except ValueError:
            raise TimelineError(raw, _("there is no such month or day")) from None
    first = datetime.date(start.year, start.month, 1)
    last = datetime.date(end.year, end.month + end.length - 1, 1)
    if last < first:
        raise TimelineError(raw, _("it ends before it starts"))
    return Timeline(raw, first, last, tentative)


def month_label(d: datetime.date) -> str:
    """The month of ``d`` as "October 2018"; in the active language when Django is set up."""
    if _django_ready():
        from django.utils.dateformat import format as date_format

        return date_format(d, "F Y")
    return f"{_ENGLISH_MONTHS[d.month - 1].capitalize()} {d.year}"
