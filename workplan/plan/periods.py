"""Calendar arithmetic in a working group's time zone; every result is timezone-aware.

The server runs in UTC while a working group lives in its own zone (the seed's WGEC in
Europe/Brussels), so "a day before", "08:00" and "this month" are computed on the local
wall clock and only then turned into instants.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from workplan.plan.months import add_months

__all__ = ["date_range_label", "local_datetime", "month_instants", "shift_days"]


def local_datetime(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The instant at wall-clock time ``at`` on ``day`` in ``tz`` (aware).

    On the autumn day whose hour repeats, the first occurrence is meant (fold=0, summer
    time); in the spring gap (02:30 on 2019-03-31 in Brussels) the instant is the one
    an hour later on the clock (03:30 CEST), as zoneinfo's fold=0 gives. Either way
    exactly one instant, so a reminder due then is due once.
    """
    return dt.datetime.combine(day, at.replace(tzinfo=None, fold=0), tzinfo=tz)


def shift_days(instant: dt.datetime, days: int, tz: ZoneInfo) -> dt.datetime:
    """``instant`` moved by ``days`` calendar days keeping its wall-clock time in ``tz``.

    Negative ``days`` go back. Across a daylight-saving change this is 23 or 25 hours
    per day, as people expect of "the day before at 09:00"; e.g. one day before
    2018-10-15 09:00 Brussels is 2018-10-14T07:00Z and before 2019-01-15 09:00 Brussels
    is 2019-01-14T08:00Z. Raises ValueError for a naive ``instant``.
    """
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("shift_days needs an aware datetime, got a naive one.")
    local = instant.astimezone(tz)
    return local_datetime(local.date() + dt.timedelta(days=days), local.timetz(), tz)


def month_instants(group, year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """``(start, end)`` of a calendar month in ``group``'s time zone, aware, ``end``
    exclusive: filter ``changed_at__gte=start, changed_at__lt=end`` (the first and last
    dates of a month are ``workplan.plan.months.month_bounds``).

    A month is the group's local month, never UTC's: an update at 2018-11-01 00:30
    Brussels (2018-10-31T23:30Z) counts in November, one at 2018-10-31 23:30 in
    America/New_York (2018-11-01T03:30Z) in October. Raises ValueError for a month
    outside 1..12.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    tz = group.tzinfo
    start = local_datetime(dt.date(year, month, 1), dt.time(0, 0), tz)
    next_first = add_months(dt.date(year, month, 1), 1)
    return start, local_datetime(next_first, dt.time(0, 0), tz)


def date_range_label(first: dt.date, last: dt.date | None = None, *, month_only: bool = False) -> str:
    """Days from ``first`` to ``last`` (inclusive) in the active language, as a meeting's
    dates are written: "8 October 2018", "8–12 October 2018", "30 September – 2 October
    2018", "October 2018" when ``month_only``; in French "du 8 au 12 octobre 2018",
    "du 30 septembre au 2 octobre 2018". Month names come from Django's catalogue."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import gettext as _

    last = last or first
    if month_only:
        return date_format(first, "F Y")
    if first == last:
        return date_format(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        return _("%(first_day)s–%(last_day)s %(month)s %(year)s") % {
            "first_day": first.day, "last_day": last.day, "month": date_format(first, "F"), "year": first.year}
    if first.year == last.year:
        return _("%(first)s – %(last)s %(year)s") % {
            "first": date_format(first, "j F"), "last": date_format(last, "j F"), "year": first.year}
    return _("%(first)s – %(last)s") % {"first": date_format(first, "j F Y"), "last": date_format(last, "j F Y")}
