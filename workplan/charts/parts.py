"""Pieces of the timeline chart drawn once per row or once per chart: an activity's bar,
a meeting's label and the text description that screen readers get."""

from __future__ import annotations

import datetime as dt

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from workplan.charts.style import (
    _FALLBACK_STYLE,
    GRID,
    INK,
    MUTED,
    STATUS_STYLES,
    TODAY,
    _activity_number,
    _n,
    _status_label,
    _wrap,
    _x,
)
from workplan.plan.labels import timeline_label
from workplan.plan.months import months_between
from workplan.plan.periods import date_range_label
from workplan.plan.timeline import Timeline


def _bar_row(activity, ry, *, pad, width, label_w, row_h, label_chars, x_of_month, month_w, p, today,
             base=None, span=None) -> str:
    style = STATUS_STYLES.get(activity.status, _FALLBACK_STYLE)
    status = _status_label(activity.status)
    number = _activity_number(activity)
    overdue = bool(today and hasattr(activity, "is_overdue") and activity.is_overdue(today))
    lines = _wrap(activity.description, label_chars, 2)
    bar_x = x_of_month(activity.first_month)
    n_months = months_between(activity.first_month, activity.last_month) + 1
    bar_w = max(month_w * n_months - 4, 3)
    bar_y = ry + 8
    bar_h = row_h - 16
    fill = f"url(#{p}-hatch-{activity.status})" if activity.tentative and activity.status in STATUS_STYLES \
        else style.fill
    # Translated outside the f-strings, where makemessages cannot see them.
    timeline_word, status_word, responsible_word = _("Timeline"), _("Status"), _("Responsible")
    timeline_text = _timeline_text(activity) or _("unscheduled")
    tip = [f"{number} {activity.description}", f"{timeline_word}: {timeline_text}"]
    if activity.tentative:
        tip[-1] += " (%s)" % _("tentative")
    tip.append(f"{status_word}: {status}" + (" – %s" % _("overdue") if overdue else ""))
    if activity.responsible:
        tip.append(f"{responsible_word}: {activity.responsible}")
    slip = _slip_months(activity, base)
    if base is not None:
        baseline_word, unscheduled = _("Baseline"), _("Unscheduled")
        line = f"{baseline_word}: {base[2] or unscheduled}"
        if slip:
            line += " – " + (_("slipped %(n)d months") % {"n": slip} if slip != 1 else _("slipped 1 month"))
        tip.append(line)
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
        overdue_word = _("Overdue")
        parts.append(f'<text class="overdue" x="{pad + label_w}" y="{ry + 28}" font-size="11" fill="{TODAY}" '
                     f'font-weight="bold">{_x(overdue_word)}</text>')
    parts.append(f'<rect class="bar" x="{_n(bar_x + 2)}" y="{bar_y}" width="{_n(bar_w)}" height="{bar_h}" rx="3" '
                 f'fill="{fill}" stroke="{INK if activity.tentative else style.fill}" '
                 f'stroke-width="{1 if activity.tentative else 0}"'
                 f'{dash_attr}/>')
    if bar_w >= 14:
        parts.append(f'<text x="{_n(bar_x + 2 + bar_w / 2)}" y="{bar_y + bar_h - 4.5}" font-size="11" '
                     f'font-weight="bold" fill="{INK if activity.tentative else style.ink}" text-anchor="middle">'
                     f'{_x(style.mark)}</text>')
    if base is not None and base[0] and span:
        parts.append(_baseline_bar(base, slip, bar_x + 2 + bar_w, ry, row_h=row_h, x_of_month=x_of_month,
                                   month_w=month_w, span=span))
    parts.append("</g>")
    return "".join(parts)


BASELINE_GREY = "#6b7480"  # 4.9:1 on white: a thin bar still tells apart from the grid


def _slip_months(activity, base) -> int:
    """Months the last timeline month moved later than the baseline's (0 if not later)."""
    if base is None or not base[1] or not activity.last_month:
        return 0
    return max(0, months_between(base[1], activity.last_month))


def _baseline_bar(base, slip, bar_end, ry, *, row_h, x_of_month, month_w, span) -> str:
    """The baseline's timeline as a thin grey bar under the current one, and "+N" after
    the current bar when it slipped (``base``: first month, last month, timeline text)."""
    first, last = span
    start, end = max(base[0], first), min(base[1], last)
    if start > end:
        return ""
    bx = x_of_month(start) + 2
    bw = max(month_w * (months_between(start, end) + 1) - 4, 3)
    by = ry + row_h - 7
    out = [f'<rect class="baseline-bar" data-first="{base[0]:%Y-%m}" data-last="{base[1]:%Y-%m}" '
           f'x="{_n(bx)}" y="{by}" width="{_n(bw)}" height="4" fill="{BASELINE_GREY}"/>']
    if slip:
        out.append(f'<text class="slip" x="{_n(bar_end + 4)}" y="{ry + 21.5}" font-size="11" font-weight="bold" '
                   f'fill="{TODAY}">+{slip}</text>')
    return "".join(out)


def _month_range_label(first: dt.date, last: dt.date) -> str:
    return f"{date_format(first, 'F Y')} – {date_format(last, 'F Y')}"


def _timeline_text(activity) -> str:
    # Chart rows may be plain objects with the model's fields, not Activity instances.
    return timeline_label(Timeline(text=activity.timeline_text, first=activity.first_month,
                                   last=activity.last_month))


def _meeting_text(meeting) -> str:
    when = date_range_label(meeting.start_date, meeting.end_date, month_only=getattr(meeting, "month_only", False))
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
