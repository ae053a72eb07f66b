"""Month arithmetic on calendar dates: the one place for it.

A work plan is scheduled in whole months (the seed's Annex I says "October 2018", "Q3
2022"), so an activity's ``first_month`` and ``last_month`` are first-of-month dates and
its deadline is the last day of its last month. Every function here takes any day of a
month and works on plain dates (no time zone: for instants in a working group's zone see
``workplan.plan.periods``). Nothing here imports Django.
"""

import calendar
import datetime as dt
from collections.abc import Iterator

__all__ = ["add_months", "first_of_month", "iter_months", "last_day", "month_bounds", "months_between"]


def first_of_month(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def last_day(day: dt.date) -> dt.date:
    """The last day of ``day``'s month (28 February 2019, 29 February 2020, 31 October 2018)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``day``'s month (``n`` < 0 goes back):
    ``add_months(date(2018, 11, 30), 3)`` is 1 February 2019."""
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from ``first``'s month to ``last``'s month: 0 within one month, 1 from
    October to November, negative when ``last`` is the earlier month."""
    return (last.year - first.year) * 12 + last.month - first.month


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """``(first day, last day)`` of ``day``'s month, both inclusive."""
    return first_of_month(day), last_day(day)


def iter_months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The first day of every month from ``first``'s to ``last``'s, both included (nothing
    when ``last`` is the earlier month)."""
    for i in range(months_between(first, last) + 1):
        yield add_months(first, i)
