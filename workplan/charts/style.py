"""The timeline chart's look and small drawing helpers: colours, status marks, escaping,
month positions and labels. Shared by the bars, the axis and the legend."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.html import escape as html_escape

FONT = "Noto Sans, DejaVu Sans, sans-serif"


INK = "#1b1f24"


MUTED = "#4a5360"


GRID = "#cfd6df"


BAND = "#f3f5f8"


TODAY = "#a4161a"


MEETING = "#6b3fa0"


@dataclass(frozen=True)
class StatusStyle:
    fill: str  # bar colour (Okabe-Ito palette: distinguishable with colour-blindness)
    ink: str  # text drawn on that colour, at least 4.5:1 contrast
    mark: str  # a one-letter cue drawn in the bar, so print in grey still tells them apart


# Keys are Activity.Status values. Colours from Okabe & Ito's colour-blind-safe set;
# the legend, each bar's <title> and the status column repeat the status in words.
STATUS_STYLES: dict[str, StatusStyle] = {
    "not_started": StatusStyle("#8c96a3", INK, "·"),
    "in_progress": StatusStyle("#0072b2", "#ffffff", "▶"),
    "completed": StatusStyle("#009e73", INK, "✓"),
    "postponed": StatusStyle("#e69f00", INK, "‖"),
    "cancelled": StatusStyle("#cc79a7", INK, "×"),
}


_FALLBACK_STYLE = StatusStyle("#8c96a3", INK, "?")


# Characters XML 1.0 forbids even when escaped; user text may carry them (pasted Word).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text) -> str:
    """Text made safe for SVG/XML character data and attribute values."""
    return html_escape(_XML_FORBIDDEN.sub("", str(text)))


def _n(value: float) -> str:
    """A coordinate with at most one decimal: small, stable output."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def month_span(activities: Iterable) -> tuple[dt.date, dt.date] | None:
    """(first, last) month over the scheduled activities, both first-of-month dates,
    or None when none is scheduled."""
    firsts = [a.first_month for a in activities if a.first_month]
    lasts = [a.last_month for a in activities if a.last_month]
    if not firsts:
        return None
    return min(firsts).replace(day=1), max(lasts).replace(day=1)


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """At most ``lines`` lines of about ``width`` characters, an ellipsis when cut."""
    text = " ".join(str(text).split())
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        wrapped[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return wrapped


def _status_label(status: str) -> str:
    from workplan.plan.models import (
        Activity,  # lazy: keeps this module importable without models
    )

    try:
        return str(Activity.Status(status).label)
    except ValueError:
        return str(status)


def _activity_number(activity) -> str:
    return f"{activity.topic.number}.{activity.order}"


def _long_date(d: dt.date) -> str:
    return date_format(d, "j F Y")
