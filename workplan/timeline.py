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
  "à déterminer", "en cours": unscheduled.

Anything else raises ``TimelineError``; we never guess at text we cannot read.
"""

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings

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
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def months(self) -> int:
        """Number of months covered, both ends included; 0 when unscheduled."""
        if not self.scheduled:
            return 0
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


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
                "on-going", "continuous", "n/a", "na", "-", "a determiner", "en cours"}
_PERIOD_MONTHS = {"q": 3, "t": 3, "h": 6, "s": 6}  # t/s: French trimestre/semestre
_ORDINAL_PERIOD_LETTER = {"quarter": "q", "trimestre": "t", "semestre": "s"}

_TENTATIVE_RE = re.compile(
    r"\s*(?:\?|\(\s*(?:tentative|tbc|to be confirmed|provisional|a confirmer|provisoire)\s*\)"
    r"|\b(?:tentative|tbc))\s*$")
_QUALIFIER_RE = re.compile(
    r"\b(?:early|mid|middle|late|end|beginning|start|debut|mi|fin)\b"
    r"(?:\s*(?:of\b|de\b|d'))?\s*-?\s*")
_ORDINAL_PERIOD_RE = re.compile(
    r"\b([1-4])\s*(?:st|nd|rd|th|ere|er|eme|e)?\s+(quarter|trimestre|semestre)\b")
_TOKEN_RE = re.compile(r"""
      (?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})(?:-(?P<iso_d>\d{1,2}))?)(?!\d)  # 2019-12-09
    | (?P<numeric>(?P<num_m>\d{1,2})/(?P<num_y>\d{4}))(?!\d)                       # 12/2018
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
    given: set[str] = field(default_factory=set)


def _tokens(raw: str, text: str) -> list[dict | None]:
    """Field assignments such as {"month": 10} in order; None stands for a range joiner."""
    text = _ORDINAL_PERIOD_RE.sub(lambda m: _ORDINAL_PERIOD_LETTER[m[2]] + m[1], text)
    text = _QUALIFIER_RE.sub("", text)
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
                raise TimelineError(raw, _('"%s" is not a month') % word)
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
    if len(points) > 2:
        raise TimelineError(raw, _("it should be one date or period, or a range of two"))
    if any(not p.given for p in points):
        raise TimelineError(raw, _("a range needs both a start and an end"))
    for point in points:
        if point.day is not None and point.length > 1:
            raise TimelineError(raw, _("a day cannot fall in a quarter or half-year"))
        if point.given == {"year"}:  # a bare year stands for all of it
            point.month, point.length = 1, 12
    return points


def _complete(start: _Point, end: _Point) -> None:
    """Fill what one end leaves out from the other ("8-12 October 2018", "Oct - Nov 2020")."""
    for point, other in ((start, end), (end, start)):
        if point.year is None:
            point.year = other.year
        if point.month is None and other.length == 1:
            point.month = other.month


def parse_timeline(text: str | None, *, date_order: str | None = None,
                   start: datetime.date | None = None) -> Timeline:
    """Read a timeline cell into a ``Timeline`` (first and last month, inclusive).

    ``text`` is kept exactly as given (None becomes ""); the accepted forms are listed
    in the module docstring. Blank and "TBD"-like texts give an unscheduled timeline.
    Raises ``TimelineError`` (a ValueError naming the text) for anything else,
    including impossible dates and ranges that end before they start.
    """
    raw = "" if text is None else text
    normal, tentative = _normalise(raw), False
    while match := _TENTATIVE_RE.search(normal):
        normal, tentative = normal[:match.start()].rstrip(" ."), True
    if normal in _UNSCHEDULED:
        return Timeline(raw, None, None, tentative)

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
