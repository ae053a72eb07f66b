"""Server-side SVG charts of a work plan: the timeline (Gantt) chart.

Pure functions of the rows they are given (no request, no query), so the same chart
is drawn on the /timeline/ page and inside the PTC session report (WeasyPrint PDF).
What WeasyPrint's SVG renderer needs shaped the drawing: presentation attributes only
(no CSS), no external resources (no images, fonts or links to fetch), plain <text>
without dominant-baseline tricks, and patterns in user space for the hatching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from workplan.charts.parts import BASELINE_GREY, _bar_row, _describe, _meeting_text, _month_range_label  # noqa: F401
from workplan.charts.style import (  # noqa: F401
    BAND,
    FONT,
    GRID,
    INK,
    MEETING,
    MUTED,
    STATUS_STYLES,
    TODAY,
    StatusStyle,
    _activity_number,
    _long_date,
    _n,
    _status_label,
    _wrap,
    _x,
    month_span,
)
from workplan.plan.months import add_months, last_day, months_between

__all__ = ["STATUS_STYLES", "gantt_svg", "gantt_svg_pages", "month_span"]


def gantt_svg(*, activities: Sequence, meetings: Sequence = (), today: dt.date | None = None,
              width: int = 1240, title: str | None = None,
              span: tuple[dt.date, dt.date] | None = None, id_prefix: str = "gantt",
              baseline: dict | None = None, baseline_name: str = "") -> str:
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
    keeps element ids unique when a page holds several charts. ``baseline``: {activity
    id: (first month, last month, timeline text)} of a baseline (``workplan.baselines``),
    drawn as a thin grey bar under each current bar, with "+N" (months) after a bar
    whose last month slipped; ``baseline_name`` names it in the legend.

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
    # Translated here, outside the f-strings below, where makemessages cannot see them.
    words = {"tentative": _("Tentative (hatched)"), "today": _("Today"), "today_on": _("Today, %(date)s"),
             "nothing": _("No scheduled activity to show."), "unscheduled": _("Not scheduled (no timeline)"),
             "meeting": _("Meeting"), "meetings": _("Meetings"), "activity": _("Activity"), "status": _("Status")}

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
        months = months_between(first, last) + 1
    else:
        first = last = None
        months = 0
    month_w = chart_w / months if months else chart_w

    def x_of_month(month: dt.date) -> float:
        return chart_x + months_between(first, month) * month_w

    def x_of_day(day: dt.date) -> float:
        days = last_day(day).day
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
                f'<text x="{lx + 27}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(words["tentative"])}</text></g>')
    lx += 27 + 140
    if today and in_span(today):
        body.append(f'<line x1="{lx}" y1="{y}" x2="{lx}" y2="{y + 14}" stroke="{TODAY}" stroke-width="2"/>'
                    f'<text x="{lx + 6}" y="{y + 11.5}" font-size="12" fill="{INK}">'
                    f'{_x(words["today_on"] % {"date": _long_date(today)})}</text>')
        lx += 6 + 185
    if shown_meetings:
        body.append(f'<path d="M{lx + 6} {y} l6 7 l-6 7 l-6 -7 z" fill="{MEETING}"/>'
                    f'<text x="{lx + 16}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(words["meeting"])}</text>')
        lx += 16 + 80
    if baseline is not None:  # on a line of its own: a baseline's name can be long
        y += 20
        lx = pad
        label = _("Baseline: %(name)s (grey; +N: months slipped)") % {"name": baseline_name or _("Baseline")}
        body.append(f'<g class="legend-item" data-status="baseline">'
                    f'<rect x="{lx}" y="{y + 5}" width="22" height="4" fill="{BASELINE_GREY}"/>'
                    f'<text x="{lx + 27}" y="{y + 11.5}" font-size="12" fill="{INK}">{_x(label)}</text></g>')
    y += legend_h

    # --- month header ------------------------------------------------------------------
    rows_top = y + header_h
    label_every = 1
    while month_w * label_every < 30:
        label_every += 1
    if first:
        for i in range(months):
            month = add_months(first, i)
            mx = chart_x + i * month_w
            if i == 0 or month.month == 1:
                body.append(f'<text x="{_n(mx + 2)}" y="{y + 14}" font-size="12" font-weight="bold" '
                            f'fill="{INK}">{_x(month.year)}</text>')
            if i % label_every == 0:
                body.append(f'<text class="month" data-month="{month:%Y-%m}" x="{_n(mx + month_w * label_every / 2)}" '
                            f'y="{y + 30}" font-size="11" fill="{INK}" text-anchor="middle">'
                            f'{_x(date_format(month, "M"))}</text>')
    body.append(f'<text x="{pad}" y="{rows_top - 8}" font-size="12" font-weight="bold" fill="{INK}">'
                f'{_x(words["activity"])}</text>'
                f'<text x="{pad + label_w}" y="{rows_top - 8}" font-size="12" font-weight="bold" fill="{INK}">'
                f'{_x(words["status"])}</text>')

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
                             today=today, base=(baseline or {}).get(activity.id) if baseline is not None else None,
                             span=span))
        ry += row_h
    if not scheduled:
        rows.append(f'<text x="{pad}" y="{ry + 20}" font-size="13" fill="{MUTED}">'
                    f'{_x(words["nothing"])}</text>')
        ry += row_h
    rows_bottom = ry

    # --- grid under the rows, today line and meeting markers over them -----------------------
    grid: list[str] = []
    overlay: list[str] = []
    if first:
        for i in range(months + 1):
            gx = chart_x + i * month_w
            month = add_months(first, i)
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
            overlay.append(f'<g class="today" data-date="{today:%Y-%m-%d}"><title>{_x(words["today"])}: '
                           f'{_x(_long_date(today))}</title>'
                           f'<line x1="{_n(tx)}" y1="{rows_top - 18}" x2="{_n(tx)}" y2="{rows_bottom}" '
                           f'stroke="{TODAY}" stroke-width="2"/></g>')

    # --- notes under the chart: meetings, then unscheduled activities --------------------------
    notes: list[str] = []
    ny = rows_bottom + 24
    note_chars = max(40, int((width - 2 * pad - 20) / 6.6))
    if shown_meetings:
        notes.append(f'<text x="{pad}" y="{ny}" font-size="13" font-weight="bold" fill="{INK}">'
                     f'{_x(words["meetings"])}</text>')
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
                     f'{_x(words["unscheduled"])}</text>')
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


