"""Dates, months and numbers in French (issue 15): timeline labels and meeting dates are
built from Django's translated month names, never from English text."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import number_format

from workplan.plan.periods import date_range_label
from workplan.plan.labels import timeline_label
from workplan.plan.timeline import parse_timeline

D = dt.date


@pytest.mark.parametrize(("written", "french"), [
    ("May 2018", "mai 2018"),
    ("September/October 2018", "septembre/octobre 2018"),   # the seed's Annex I
    ("September/ October 2018", "septembre/octobre 2018"),
    ("October 2018 to March 2019", "octobre 2018 à mars 2019"),
    ("March to June 2019", "mars à juin 2019"),
    ("Q1 2019", "janvier à mars 2019"),
    ("mid-February 2020", "février 2020"),
    ("TBD", ""),
    ("", ""),
])
def test_timeline_label_in_french_uses_french_month_names(written, french):
    timeline = parse_timeline(written)
    with translation.override("fr"):
        assert timeline_label(timeline) == french
    with translation.override("en"):
        assert timeline_label(timeline) == written  # the plan's own language: as written


@pytest.mark.parametrize(("first", "last", "month_only", "english", "french"), [
    (D(2018, 10, 8), D(2018, 10, 12), False, "8–12 October 2018", "du 8 au 12 octobre 2018"),
    (D(2018, 9, 30), D(2018, 10, 2), False, "30 September – 2 October 2018", "du 30 septembre au 2 octobre 2018"),
    (D(2018, 12, 31), D(2019, 1, 2), False, "31 December 2018 – 2 January 2019",
     "du 31 décembre 2018 au 2 janvier 2019"),
    (D(2018, 9, 21), D(2018, 9, 21), False, "21 September 2018", "21 septembre 2018"),
    (D(2019, 6, 1), D(2019, 6, 30), True, "June 2019", "juin 2019"),
])
def test_meeting_dates_in_both_languages(first, last, month_only, english, french):
    with translation.override("en"):
        assert date_range_label(first, last, month_only=month_only) == english
    with translation.override("fr"):
        assert date_range_label(first, last, month_only=month_only) == french


def test_french_numbers_use_a_decimal_comma():
    with translation.override("fr"):
        assert number_format(12.5, 1) == "12,5"
    with translation.override("en"):
        assert number_format(12.5, 1) == "12.5"
