"""Reading timeline cells: the seed's Annex I forms and the other forms WCO texts use."""

import datetime
import pickle

import pytest

from workplan.plan import timeline as timeline_module
from workplan.plan.timeline import Timeline, TimelineError, month_label, parse_timeline


def month(text: str) -> datetime.date:
    year, number = text.split("-")
    return datetime.date(int(year), int(number), 1)


READABLE = [
    # Annex I of the seed document, as written there.
    ("May 2018", "2018-05", "2018-05"),
    ("September/October 2018", "2018-09", "2018-10"),
    ("September/ October 2018", "2018-09", "2018-10"),
    ("August/ September 2018", "2018-08", "2018-09"),
    ("March/April 2019", "2019-03", "2019-04"),
    ("October 2018 to March 2019", "2018-10", "2019-03"),
    # Other range spellings.
    ("October 2018 - March 2019", "2018-10", "2019-03"),
    ("October 2018 \u2013 March 2019", "2018-10", "2019-03"),
    ("October 2018\u2014March 2019", "2018-10", "2019-03"),
    ("from October 2018 to March 2019", "2018-10", "2019-03"),
    ("October 2018 until March 2019", "2018-10", "2019-03"),
    ("September and October 2018", "2018-09", "2018-10"),
    ("Oct - Nov 2020", "2020-10", "2020-11"),
    ("Dec 2020 - Apr 2021", "2020-12", "2021-04"),
    ("October - November 2024", "2024-10", "2024-11"),
    # Abbreviations, with or without a dot, any case.
    ("Sept 2019", "2019-09", "2019-09"),
    ("Sep. 2019", "2019-09", "2019-09"),
    ("SEPT. 2019", "2019-09", "2019-09"),
    ("jun 2019", "2019-06", "2019-06"),
    # Periods and whole years.
    ("Q3 2019", "2019-07", "2019-09"),
    ("q1 2020", "2020-01", "2020-03"),
    ("H1 2020", "2020-01", "2020-06"),
    ("H2 2020", "2020-07", "2020-12"),
    ("2019", "2019-01", "2019-12"),
    ("2019-2020", "2019-01", "2020-12"),
    ("2019 \u2013 2020", "2019-01", "2020-12"),
    ("Q4 2019 - Q1 2020", "2019-10", "2020-03"),
    ("2nd quarter 2019", "2019-04", "2019-06"),
    # Days and day ranges, kept to month precision.
    ("8-12 October 2018", "2018-10", "2018-10"),
    ("8 - 12 October 2018", "2018-10", "2018-10"),
    ("30 September - 2 October 2018", "2018-09", "2018-10"),
    ("2019-12-09", "2019-12", "2019-12"),
    ("2019-12", "2019-12", "2019-12"),
    ("12/2018", "2018-12", "2018-12"),
    ("9 Feb 2021", "2021-02", "2021-02"),
    ("18 to 21 June 2018", "2018-06", "2018-06"),
    ("October 8-12, 2018", "2018-10", "2018-10"),
    ("October 8th, 2018", "2018-10", "2018-10"),
    ("28 December 2019 - 3 January 2020", "2019-12", "2020-01"),
    # Rough points in a month.
    ("early March 2022", "2022-03", "2022-03"),
    ("mid March 2022", "2022-03", "2022-03"),
    ("mid-March 2022", "2022-03", "2022-03"),
    ("end of March 2022", "2022-03", "2022-03"),
    ("end March 2022", "2022-03", "2022-03"),
    ("beginning of March 2022", "2022-03", "2022-03"),
    ("late March 2022", "2022-03", "2022-03"),
    ("end of March - mid-May 2022", "2022-03", "2022-05"),
    # French.
    ("octobre 2018", "2018-10", "2018-10"),
    ("Septembre/octobre 2018", "2018-09", "2018-10"),
    ("janvier à mars 2019", "2019-01", "2019-03"),
    ("de janvier à mars 2019", "2019-01", "2019-03"),
    ("févr. 2020", "2020-02", "2020-02"),
    ("fevrier 2020", "2020-02", "2020-02"),
    ("août 2019", "2019-08", "2019-08"),
    ("juil. 2019", "2019-07", "2019-07"),
    ("du 8 au 12 octobre 2018", "2018-10", "2018-10"),
    ("mi-mars 2022", "2022-03", "2022-03"),
    ("fin d'octobre 2018", "2018-10", "2018-10"),
    ("1er trimestre 2019", "2019-01", "2019-03"),
    ("2e semestre 2019", "2019-07", "2019-12"),
    ("T3 2019", "2019-07", "2019-09"),
    # Whitespace, non-breaking spaces and case.
    ("  May   2018 ", "2018-05", "2018-05"),
    ("May\u00a02018", "2018-05", "2018-05"),
    ("september\u202f/\u00a0OCTOBER 2018", "2018-09", "2018-10"),
]


@pytest.mark.parametrize(("text", "first", "last"), READABLE)
def test_written_forms_give_first_and_last_month(text, first, last):
    timeline = parse_timeline(text)

    assert (timeline.first, timeline.last) == (month(first), month(last))
    assert timeline.text == text
    assert timeline.scheduled
    assert not timeline.tentative


@pytest.mark.parametrize(("text", "first", "last"), [
    ("May 2018?", "2018-05", "2018-05"),
    ("May 2018 ?", "2018-05", "2018-05"),
    ("June 2019 (tentative)", "2019-06", "2019-06"),
    ("June 2019 (TBC)", "2019-06", "2019-06"),
    ("June 2019 TBC", "2019-06", "2019-06"),
    ("September/October 2018 (provisional)", "2018-09", "2018-10"),
    ("juin 2019 (à confirmer)", "2019-06", "2019-06"),
    ("Q3 2019 (tbc)?", "2019-07", "2019-09"),
])
def test_question_mark_or_tentative_note_marks_timeline_tentative(text, first, last):
    timeline = parse_timeline(text)

    assert (timeline.first, timeline.last) == (month(first), month(last))
    assert timeline.tentative
    assert timeline.text == text


@pytest.mark.parametrize("text", [
    "", "   ", "\u00a0", "\t\n", "TBD", "tbd", "To be determined", "ongoing", "Ongoing",
    "continuous", "n/a", "N/A", "-", "\u2014", "\u2013", "TBA", "à déterminer", "En cours",
])
def test_blank_or_undetermined_text_is_unscheduled_and_kept(text):
    timeline = parse_timeline(text)

    assert timeline == Timeline(text=text, first=None, last=None, tentative=False)
    assert not timeline.scheduled


def test_none_is_unscheduled_with_empty_text():
    assert parse_timeline(None) == Timeline(text="", first=None, last=None)


@pytest.mark.parametrize("text", ["TBC", "?", "TBD?"])
def test_only_a_tentative_mark_is_unscheduled_but_tentative(text):
    timeline = parse_timeline(text)

    assert not timeline.scheduled
    assert timeline.tentative


@pytest.mark.parametrize(("text", "reason"), [
    ("March 2019 to October 2018", "ends before it starts"),
    ("Dec 2020 - Jan", "ends before it starts"),
    ("Smarch 2018", '"smarch" is not a month'),
    ("13/2018", "no such month or day"),
    ("2018-13-01", "no such month or day"),
    ("2019-02-30", "no such month or day"),
    ("31 September 2018", "no such month or day"),
    ("0 May 2018", "no such month or day"),
    ("0 Q3 2019", "a day cannot fall in a quarter"),
    ("May 18", "year is missing"),
    ("May", "year is missing"),
    ("Sept/Oct", "year is missing"),
    ("Q3", "year is missing"),
    ("8-12 2018", "month is missing"),
    ("8 - 2019", "month is missing"),
    ("after the meeting", '"after" is not a month'),
    ("Ju 2019", '"ju" is not a month'),
    ("Jui 2019", '"jui" is not a month'),  # juin or juillet
    ("Q5 2019", "not a quarter"),
    ("H3 2019", "not a quarter or half-year"),
    ("May 201", "201 is neither a day nor a year"),
    ("May 2018 - ", "both a start and an end"),
    ("to March 2019", "both a start and an end"),
    ("May - June - July 2018", "a range of two"),
    ("May June 2018", "only one day, month"),
    ("2018 2019", "only one day, month"),
    ("8 Q3 2019", "a day cannot fall in a quarter"),
    ("May 2018 (approx.)", '"(" is unexpected'),
])
def test_unreadable_text_raises_error_naming_it(text, reason):
    with pytest.raises(TimelineError) as caught:
        parse_timeline(text)

    assert f'"{text}"' in str(caught.value)
    assert reason in str(caught.value)
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


def test_timeline_error_survives_pickling():
    error = TimelineError("Smarch 2018", "no such month")

    copy = pickle.loads(pickle.dumps(error))

    assert (copy.text, str(copy)) == (error.text, str(error))


def test_month_count_and_deadline_cover_last_month_inclusive():
    timeline = parse_timeline("October 2018 to February 2020")

    assert timeline.months == 17
    assert timeline.deadline == datetime.date(2020, 2, 29)  # leap year


def test_single_month_counts_one_and_ends_on_its_last_day():
    timeline = parse_timeline("September 2018")

    assert timeline.months == 1
    assert timeline.deadline == datetime.date(2018, 9, 30)


def test_unscheduled_timeline_has_no_months_deadline_or_contents():
    timeline = parse_timeline("")

    assert timeline.months == 0
    assert timeline.deadline is None
    assert not timeline.contains(datetime.date(2018, 10, 1))


@pytest.mark.parametrize(("day", "inside"), [
    (datetime.date(2018, 9, 30), False),
    (datetime.date(2018, 10, 1), True),
    (datetime.date(2018, 12, 25), True),
    (datetime.date(2019, 3, 31), True),
    (datetime.date(2019, 4, 1), False),
])
def test_contains_compares_by_month_including_both_ends(day, inside):
    assert parse_timeline("October 2018 to March 2019").contains(day) is inside


def test_month_label_names_month_and_year():
    assert month_label(datetime.date(2018, 10, 17)) == "October 2018"


def test_month_label_without_django_settings_uses_english_names(monkeypatch):
    monkeypatch.setattr(timeline_module, "_django_ready", lambda: False)

    assert month_label(datetime.date(2019, 2, 1)) == "February 2019"
