"""Month arithmetic in one module (issue 11): workplan.plan.months."""

import datetime as dt

from workplan.plan.months import add_months, first_of_month, iter_months, last_day, month_bounds, months_between

D = dt.date


def test_add_months_lands_on_the_first_of_the_month_across_years():
    assert add_months(D(2018, 11, 30), 3) == D(2019, 2, 1)
    assert add_months(D(2018, 1, 31), -1) == D(2017, 12, 1)
    assert add_months(D(2018, 10, 15), 0) == D(2018, 10, 1)
    assert add_months(D(2018, 12, 1), 12) == D(2019, 12, 1)


def test_last_day_knows_february_and_leap_years():
    assert last_day(D(2019, 2, 10)) == D(2019, 2, 28)
    assert last_day(D(2020, 2, 1)) == D(2020, 2, 29)
    assert last_day(D(2018, 10, 31)) == D(2018, 10, 31)
    assert month_bounds(D(2018, 12, 24)) == (D(2018, 12, 1), D(2018, 12, 31))
    assert first_of_month(D(2018, 12, 24)) == D(2018, 12, 1)


def test_months_between_and_iter_months_agree():
    assert months_between(D(2018, 10, 31), D(2018, 10, 1)) == 0
    assert months_between(D(2018, 9, 1), D(2019, 3, 1)) == 6
    assert months_between(D(2019, 3, 1), D(2018, 9, 1)) == -6
    assert list(iter_months(D(2018, 11, 20), D(2019, 2, 2))) == [D(2018, 11, 1), D(2018, 12, 1), D(2019, 1, 1),
                                                                  D(2019, 2, 1)]
    assert list(iter_months(D(2019, 2, 1), D(2018, 11, 1))) == []
