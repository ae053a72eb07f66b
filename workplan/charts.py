"""Server-side SVG charts of a work plan: the timeline (Gantt) chart.

Pure functions of the rows they are given (no request, no query), so the same chart
is drawn on the /timeline/ page and inside the PTC session report (WeasyPrint PDF).
What WeasyPrint's SVG renderer needs shaped the drawing: presentation attributes only
(no CSS), no external resources (no images, fonts or links to fetch), plain <text>
without dominant-baseline tricks, and patterns in user space for the hatching.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.html import escape as html_escape
from django.utils.translation import gettext as _

from .periods import date_range_label
from .timeline import Timeline, timeline_label

__all__ = ["STATUS_STYLES", "gantt_svg", "gantt_svg_pages", "month_index", "month_span"]

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


def month_index(month: dt.date, origin: dt.date) -> int:
    """Whole months from ``origin``'s month to ``month``'s month (0 for the same month)."""
    return (month.year - origin.year) * 12 + month.month - origin.month


def month_span(activities: Iterable) -> tuple[dt.date, dt.date] | None:
    """(first, last) month over the scheduled activities, both first-of-month dates,
    or None when none is scheduled."""
    firsts = [a.first_month for a in activities if a.first_month]
    lasts = [a.last_month for a in activities if a.last_month]
    if not firsts:
        return None
    return min(firsts).replace(day=1), max(lasts).replace(day=1)


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


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
    from .models import Activity  # lazy: keeps this module importable without models

    try:
        return str(Activity.Status(status).label)
    except ValueError:
        return str(status)


def _activity_number(activity) -> str:
    return f"{activity.topic.number}.{activity.order}"


def _long_date(d: dt.date) -> str:
    return date_format(d, "j F Y")


def gantt_svg(*, activities: Sequence, meetings: Sequence = (), today: dt.date | None = None,
              width: int = 1240, title: str | None = None,
              span: tuple[dt.date, dt.date] | None = None, id_prefix: str = "gantt") -> str:
    """The work plan as a timeline (Gantt) chart: one SVG document as a string.

    ``activities``: Activity rows (or objects with the same attributes) with ``topic``
    loaded (``select_related("topic")``), in plan order (topic number, then order).
    Read: ``topic.number``, ``topic.title``, ``order``, ``description``,
    ``responsible``, ``timeline_text``, ``first_month``/``last_month`` (first-of-month
    dates, both None when unscheduled), ``tentative``, ``status`` (Activity.Status value).
    ``meetings``: Meeting rows (``title``, ``start_date``, ``end_date``, ``place``);
    those outside the months shown are left out. ``today``: a date for the "today"
    line (drawn only when inside the months shown). ``width``: the SVG's width in px
    (user units; height follows from the rows). ``span``: (first, last) month to draw;
    default: the first and last month of the scheduled ``activities``. ``id_prefix``
    keeps element ids unique when a page holds several charts.

    Layout, left to right: activity label (number and wrapped text), status in words,
    then one column per month with a bar from the first to the last timeline month.
    Rows are grouped under topic headings. Bars are coloured by status (STATUS_STYLES),
    tentative timelines are hatched, unscheduled activities are listed as text under
    the chart, and meetings are numbered markers explained under the chart. Every
    piece of user text is XML-escaped. The root carries role="img", <title>, <desc>.
    """
    activities = list(activities)
    meetings = list(meetings)
    p = _x(id_prefix)
    span = span or month_span(activities)
    scheduled = [a for a in activities if a.first_month]
    unscheduled = [a for a in activities if not a.first_month]

    # Geometry, in SVG user units (px at 100 %).
    pad = 12
    label_w = max(260, int(width * 0.34))
    status_w = 104
    chart_x = pad + label_w + status_w
    chart_w = max(120, width - chart_x - pad)
    row_h = 34
    topic_h = 26
    header_h = 58  # year line, month line, meeting markers
    legend_h = 30
    label_chars = max(20, int((label_w - 44) / 6.6))  # 12 px Noto Sans ~ 6.6 px per char

    if span:
        first, last = span
        months = month_index(last, first) + 1
    else:
        first = last = None
        months = 0
    month_w = chart_w / months if months else chart_w

    def x_of_month(month: dt.date) -> float:
        return chart_x + month_index(month, first) * month_w

    def x_of_day(day: dt.date) -> float:
        days = calendar.monthrange(day.year, day.month)[1]
        return x_of_month(day.replace(day=1)) + month_w * (day.day - 1) / days

    def in_span(day: dt.date) -> bool:
        return bool(first) and first <= day.replace(day=1) <= last

    title_text = title or _("Work plan timeline")
    shown_meetings = [m for m in meetings
                      if in_span(m.start_date) or in_span(m.end_date)
                      or (first and m.start_date < first and m.end_date > last)]

    out: list[str] = []
    y = pad

    # --- title and legend ------------------------------------------------------------
    body: list[str] = []
    body.append(f'<text x="{pad}" y="{y + 16}" font-size="17" font-weight="bold" fill="{INK}">'
                f'{_x(title_text)}</text>')
    if first:
        body.append(f'<text x="{width - pad}" y="{y + 16}" font-size="12" fill="{MUTED}" '
                    f'text-anchor="end">{_x(_month_range_label(first, last))}</text>')
    y += 28
    lx = pad
    for status, style in STATUS_STYLES.items():
        label = _status_label(status)
        body.append(f'<g class="legend-item" data-status="{_x(status)}">'
                    f'<rect x="{lx}" y="{y}" width="22" height="14" rx="2" fill="{style.fill}" '
                    f'stroke="{INK}" stroke-width="0.5"/>'
                    f'<text x="{lx + 11}" y="{y + 11}" font-size="10" fill="{style.ink}" '
                    f'text-anchor="middle">{_x(style.mark)}</text>'
                    f'<text x="{lx + 27}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(label)}</text></g>')
        lx += 27 + int(len(label) * 7) + 18
    body.append(f'<g class="legend-item" data-status="tentative">'
                f'<rect x="{lx}" y="{y}" width="22" height="14" rx="2" fill="url(#{p}-hatch-not_started)" '
                f'stroke="{INK}" stroke-width="0.5"/>'
                f'<text x="{lx + 27}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(_("Tentative (hatched)"))}</text></g>')
    lx += 27 + 140
    if today and in_span(today):
        body.append(f'<line x1="{lx}" y1="{y}" x2="{lx}" y2="{y + 14}" stroke="{TODAY}" stroke-width="2"/>'
                    f'<text x="{lx + 6}" y="{y + 11.5}" font-size="12" fill="{INK}">'
                    f'{_x(_("Today, %(date)s") % {"date": _long_date(today)})}</text>')
        lx += 6 + 185
    if shown_meetings:
        body.append(f'<path d="M{lx + 6} {y} l6 7 l-6 7 l-6 -7 z" fill="{MEETING}"/>'
                    f'<text x="{lx + 16}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(_("Meeting"))}</text>')
    y += legend_h

    # --- month header ------------------------------------------------------------------
    rows_top = y + header_h
    label_every = 1
    while month_w * label_every < 30:
        label_every += 1
    if first:
        for i in range(months):
            month = _add_months(first, i)
            mx = chart_x + i * month_w
            if i == 0 or month.month == 1:
                body.append(f'<text x="{_n(mx + 2)}" y="{y + 14}" font-size="12" font-weight="bold" '
                            f'fill="{INK}">{_x(month.year)}</text>')
            if i % label_every == 0:
                body.append(f'<text class="month" data-month="{month:%Y-%m}" x="{_n(mx + month_w * label_every / 2)}" '
                            f'y="{y + 30}" font-size="11" fill="{INK}" text-anchor="middle">'
                            f'{_x(date_format(month, "M"))}</text>')
    body.append(f'<text x="{pad}" y="{rows_top - 8}" font-size="12" font-weight="bold" fill="{INK}">'
                f'{_x(_("Activity"))}</text>'
                f'<text x="{pad + label_w}" y="{rows_top - 8}" font-size="12" font-weight="bold" fill="{INK}">'
                f'{_x(_("Status"))}</text>')

    # --- rows ----------------------------------------------------------------------------
    rows: list[str] = []
    ry = rows_top
    current_topic = None
    for activity in scheduled:
        topic = activity.topic
        if current_topic is None or topic.pk != current_topic.pk or topic.number != current_topic.number:
            current_topic = topic
            rows.append(f'<g class="topic"><rect x="{pad}" y="{ry}" width="{width - 2 * pad}" height="{topic_h}" '
                        f'fill="{BAND}"/><text x="{pad + 6}" y="{ry + 17.5}" font-size="13" font-weight="bold" '
                        f'fill="{INK}">{_x(f"{topic.number}. {topic.title}")}</text></g>')
            ry += topic_h
        rows.append(_bar_row(activity, ry, pad=pad, width=width, label_w=label_w, row_h=row_h,
                             label_chars=label_chars, x_of_month=x_of_month, month_w=month_w, p=p,
                             today=today))
        ry += row_h
    if not scheduled:
        rows.append(f'<text x="{pad}" y="{ry + 20}" font-size="13" fill="{MUTED}">'
                    f'{_x(_("No scheduled activity to show."))}</text>')
        ry += row_h
    rows_bottom = ry

    # --- grid under the rows, today line and meeting markers over them -----------------------
    grid: list[str] = []
    overlay: list[str] = []
    if first:
        for i in range(months + 1):
            gx = chart_x + i * month_w
            month = _add_months(first, i)
            strong = i in (0, months) or month.month == 1
            grid.append(f'<line x1="{_n(gx)}" y1="{rows_top - (header_h if strong else 40)}" x2="{_n(gx)}" '
                        f'y2="{rows_bottom}" stroke="{"#9aa4b1" if strong else GRID}" stroke-width="1"/>')
        for n, meeting in enumerate(shown_meetings, start=1):
            start = max(meeting.start_date, first)
            mx = x_of_day(start)
            tip = _meeting_text(meeting)
            overlay.append(f'<g class="meeting" data-date="{meeting.start_date:%Y-%m-%d}"><title>{_x(tip)}</title>'
                           f'<line x1="{_n(mx)}" y1="{rows_top}" x2="{_n(mx)}" y2="{rows_bottom}" '
                           f'stroke="{MEETING}" stroke-width="1.2" stroke-dasharray="4 3"/>'
                           f'<path d="M{_n(mx)} {rows_top - 19} l8 9 l-8 9 l-8 -9 z" fill="{MEETING}"/>'
                           f'<text x="{_n(mx)}" y="{rows_top - 6.5}" font-size="9" font-weight="bold" fill="#ffffff" '
                           f'text-anchor="middle">{n}</text></g>')
        if today and in_span(today):
            tx = x_of_day(today)
            overlay.append(f'<g class="today" data-date="{today:%Y-%m-%d}"><title>{_x(_("Today"))}: '
                           f'{_x(_long_date(today))}</title>'
                           f'<line x1="{_n(tx)}" y1="{rows_top - 18}" x2="{_n(tx)}" y2="{rows_bottom}" '
                           f'stroke="{TODAY}" stroke-width="2"/></g>')

    # --- notes under the chart: meetings, then unscheduled activities --------------------------
    notes: list[str] = []
    ny = rows_bottom + 24
    note_chars = max(40, int((width - 2 * pad - 20) / 6.6))
    if shown_meetings:
        notes.append(f'<text x="{pad}" y="{ny}" font-size="13" font-weight="bold" fill="{INK}">'
                     f'{_x(_("Meetings"))}</text>')
        ny += 20
        for n, meeting in enumerate(shown_meetings, start=1):
            for k, line in enumerate(_wrap(_meeting_text(meeting), note_chars - 4, 2)):
                notes.append(f'<text class="meeting-note" x="{pad + 24}" y="{ny}" font-size="12" fill="{INK}">'
                             f'{_x(line)}</text>')
                if k == 0:
                    notes.append(f'<path d="M{pad + 8} {ny - 13} l7 8 l-7 8 l-7 -8 z" fill="{MEETING}"/>'
                                 f'<text x="{pad + 8}" y="{ny - 1.5}" font-size="8" font-weight="bold" '
                                 f'fill="#ffffff" text-anchor="middle">{n}</text>')
                ny += 17
        ny += 10
    if unscheduled:
        notes.append(f'<text x="{pad}" y="{ny}" font-size="13" font-weight="bold" fill="{INK}">'
                     f'{_x(_("Not scheduled (no timeline)"))}</text>')
        ny += 20
        for activity in unscheduled:
            text = f"{_activity_number(activity)} {activity.description}"
            if activity.responsible:
                text += f" — {activity.responsible}"
            text += f" ({_status_label(activity.status)})"
            lines = _wrap(text, note_chars - 4, 3)
            notes.append(f'<g class="unscheduled" data-activity="{_x(_activity_number(activity))}">')
            for line in lines:
                notes.append(f'<text x="{pad + 8}" y="{ny}" font-size="12" fill="{INK}">{_x(line)}</text>')
                ny += 17
            notes.append("</g>")
    height = int(ny + pad if (shown_meetings or unscheduled) else rows_bottom + pad)

    desc = _describe(activities, scheduled, unscheduled, first, last, shown_meetings, today)
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" role="img" '
               f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
               f'aria-labelledby="{p}-title {p}-desc" font-family="{FONT}">')
    out.append(f'<title id="{p}-title">{_x(title_text)}</title>')
    out.append(f'<desc id="{p}-desc">{_x(desc)}</desc>')
    out.append("<defs>")
    for status, style in STATUS_STYLES.items():
        # Stripes of the status colour on white: the bar keeps its colour, and the
        # hatching alone says "tentative" in grey print.
        out.append(f'<pattern id="{p}-hatch-{status}" patternUnits="userSpaceOnUse" width="8" height="8" '
                   f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
                   f'<rect width="4.5" height="8" fill="{style.fill}"/></pattern>')
    out.append("</defs>")
    out.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    out.extend(grid)
    out.extend(body)
    out.extend(rows)
    out.extend(overlay)
    out.extend(notes)
    out.append("</svg>")
    return "\n".join(out)


def gantt_svg_pages(*, activities: Sequence, rows_per_page: int = 24, title: str | None = None,
                    span: tuple[dt.date, dt.date] | None = None, id_prefix: str = "gantt", **kwargs) -> list[str]:
    """The same chart cut into several SVGs of at most ``rows_per_page`` bars each, for
    paged media (a PDF page cannot split one SVG). Same arguments as ``gantt_svg``; every
    part keeps the whole plan's months, so the parts line up; unscheduled activities
    are listed under the last part. One part when everything fits.
    """
    activities = list(activities)
    span = span or month_span(activities)
    scheduled = [a for a in activities if a.first_month]
    unscheduled = [a for a in activities if not a.first_month]
    # As many parts as needed, filled evenly: 25 bars make 13 + 12, not 24 and a lonely 1.
    parts = max(1, -(-len(scheduled) // max(1, rows_per_page)))
    per_part = -(-len(scheduled) // parts) if scheduled else 1
    chunks = [scheduled[i:i + per_part] for i in range(0, len(scheduled), per_part)] or [[]]
    chunks[-1] = chunks[-1] + unscheduled
    title = title or _("Work plan timeline")
    return [gantt_svg(activities=chunk, span=span, id_prefix=f"{id_prefix}-{n}",
                      title=title if len(chunks) == 1 else f"{title} ({n}/{len(chunks)})", **kwargs)
            for n, chunk in enumerate(chunks, start=1)]


def _bar_row(activity, ry, *, pad, width, label_w, row_h, label_chars, x_of_month, month_w, p, today) -> str:
    style = STATUS_STYLES.get(activity.status, _FALLBACK_STYLE)
    status = _status_label(activity.status)
    number = _activity_number(activity)
    overdue = bool(today and hasattr(activity, "is_overdue") and activity.is_overdue(today))
    lines = _wrap(activity.description, label_chars, 2)
    bar_x = x_of_month(activity.first_month)
    n_months = month_index(activity.last_month, activity.first_month) + 1
    bar_w = max(month_w * n_months - 4, 3)
    bar_y = ry + 8
    bar_h = row_h - 16
    fill = f"url(#{p}-hatch-{activity.status})" if activity.tentative and activity.status in STATUS_STYLES \
        else style.fill
    tip = [f"{number} {activity.description}", f"{_('Timeline')}: {_timeline_text(activity) or _('unscheduled')}"]
    if activity.tentative:
        tip[-1] += f" ({_('tentative')})"
    tip.append(f"{_('Status')}: {status}" + (f" – {_('overdue')}" if overdue else ""))
    if activity.responsible:
        tip.append(f"{_('Responsible')}: {activity.responsible}")
    text_y = ry + (14 if len(lines) > 1 else 21.5)
    tentative_attr = ' data-tentative="yes"' if activity.tentative else ""
    dash_attr = ' stroke-dasharray="4 2"' if activity.tentative else ""
    newline = "\n"
    parts = [f'<g class="bar-row" data-activity="{_x(number)}" data-status="{_x(activity.status)}" '
             f'data-first="{activity.first_month:%Y-%m}" data-last="{activity.last_month:%Y-%m}"'
             f'{tentative_attr}>'
             f'<title>{_x(newline.join(tip))}</title>',
             f'<line x1="{pad}" y1="{ry + row_h}" x2="{width - pad}" y2="{ry + row_h}" stroke="{GRID}" '
             f'stroke-width="0.5"/>',
             f'<text x="{pad + 6}" y="{text_y}" font-size="12" font-weight="bold" fill="{MUTED}">{_x(number)}</text>']
    for k, line in enumerate(lines):
        parts.append(f'<text x="{pad + 38}" y="{text_y + 14 * k}" font-size="12" fill="{INK}">{_x(line)}</text>')
    parts.append(f'<text x="{pad + label_w}" y="{ry + (14 if overdue else 21.5)}" font-size="12" fill="{INK}">'
                 f'{_x(status)}</text>')
    if overdue:
        parts.append(f'<text class="overdue" x="{pad + label_w}" y="{ry + 28}" font-size="11" fill="{TODAY}" '
                     f'font-weight="bold">{_x(_("Overdue"))}</text>')
    parts.append(f'<rect class="bar" x="{_n(bar_x + 2)}" y="{bar_y}" width="{_n(bar_w)}" height="{bar_h}" rx="3" '
                 f'fill="{fill}" stroke="{INK if activity.tentative else style.fill}" '
                 f'stroke-width="{1 if activity.tentative else 0}"'
                 f'{dash_attr}/>')
    if bar_w >= 14:
        parts.append(f'<text x="{_n(bar_x + 2 + bar_w / 2)}" y="{bar_y + bar_h - 4.5}" font-size="11" '
                     f'font-weight="bold" fill="{INK if activity.tentative else style.ink}" text-anchor="middle">'
                     f'{_x(style.mark)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _timeline_text(activity) -> str:
    # Chart rows may be plain objects with the model's fields, not Activity instances.
    return timeline_label(Timeline(text=activity.timeline_text, first=activity.first_month,
                                   last=activity.last_month))


def _month_range_label(first: dt.date, last: dt.date) -> str:
    return f"{date_format(first, 'F Y')} – {date_format(last, 'F Y')}"


def _meeting_text(meeting) -> str:
    if meeting.start_date == meeting.end_date:
        when = _long_date(meeting.start_date)
    else:
        when = date_range_label(meeting.start_date, meeting.end_date,
                                month_only=getattr(meeting, "month_only", False))
    text = f"{meeting.title}, {when}"
    if meeting.place:
        text += f", {meeting.place}"
    return text


def _describe(activities, scheduled, unscheduled, first, last, meetings, today) -> str:
    """The chart in words, for screen readers and text extraction."""
    if first:
        text = _("%(total)d activities; %(scheduled)d scheduled from %(first)s to %(last)s, "
                 "%(unscheduled)d not scheduled.") % {
            "total": len(activities), "scheduled": len(scheduled), "unscheduled": len(unscheduled),
            "first": date_format(first, "F Y"), "last": date_format(last, "F Y")}
    else:
        text = _("%(total)d activities, none scheduled.") % {"total": len(activities)}
    counts: dict[str, int] = {}
    for a in activities:
        counts[a.status] = counts.get(a.status, 0) + 1
    if counts:
        text += " " + ", ".join(f"{_status_label(s)}: {counts[s]}" for s in STATUS_STYLES if s in counts) + "."
    tentative = sum(1 for a in scheduled if a.tentative)
    if tentative:
        text += " " + _("%(n)d tentative.") % {"n": tentative}
    if meetings:
        text += " " + _("Meetings: %(list)s.") % {"list": "; ".join(_meeting_text(m) for m in meetings)}
    return text
