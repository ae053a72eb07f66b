"""Timeline texts as real work plans write them (issue 14): notes beside a date,
placeholders, project-relative months, parts of a year, all-numeric dates. One table:
each form with the options of the import, and what it reads to or why it is refused."""

import datetime as dt

import pytest

from workplan.plan.timeline import TimelineError, parse_timeline

START = dt.date(2021, 1, 1)  # the project's first month, as an import gives it


def m(text):
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


# (text, options, (first, last) or None for unscheduled, or an error fragment)
FORMS = [
    # a date with a note beside it
    ("Dec 20 (ish), 2022", {}, ("2022-12", "2022-12")),
    ("May 2018 (roughly)", {}, ("2018-05", "2018-05")),
    ("April 25/26/27, 2023", {}, ("2023-04", "2023-04")),
    ("25/26/27 April 2023", {}, ("2023-04", "2023-04")),
    ("~~May 2018~~ June 2018", {}, ("2018-06", "2018-06")),
    ("<s>March 2019</s> April 2019", {}, ("2019-04", "2019-04")),
    ("~~May 2018~~", {}, "everything is struck through"),
    ("May 2018 (approx.)", {}, 'a note in parentheses may be one of'),
    ("May 2018 (or June 2018)", {}, '"(" is unexpected'),
    # placeholders: unscheduled, text kept
    ("ASAP", {}, None),
    ("asap", {}, None),
    ("To be decided", {}, None),
    ("TBC", {}, None),
    ("To be confirmed", {}, None),
    ("Pending", {}, None),
    ("dès que possible", {}, None),
    # project-relative months
    ("M18", {"start": START}, ("2022-06", "2022-06")),
    ("M1", {"start": START}, ("2021-01", "2021-01")),
    ("M1-M48", {"start": START}, ("2021-01", "2024-12")),
    ("M1 - M48", {"start": START}, ("2021-01", "2024-12")),
    ("month 6-12", {"start": START}, ("2021-06", "2021-12")),
    ("Months 6 to 12", {"start": START}, ("2021-06", "2021-12")),
    ("16 months after start", {"start": START}, ("2022-04", "2022-04")),
    ("16 months after the start of the project", {"start": START}, ("2022-04", "2022-04")),
    ("M18", {}, "give the project's start month with the import"),
    ("M1-M48", {}, "give the project's start month with the import"),
    ("month 6-12", {}, "give the project's start month with the import"),
    ("16 months after start", {}, "give the project's start month with the import"),
    ("16 months after entry into force", {"start": START}, '"entry into force" is not a date the tracker knows'),
    ("M12-M6", {"start": START}, "a range ends after it starts"),
    ("M18 and May 2022", {"start": START}, "months of a project are written alone"),
    # parts of a year: real months, never the whole year
    ("early 2022", {}, ("2022-01", "2022-04")),
    ("Early 2022", {}, ("2022-01", "2022-04")),
    ("mid-2022", {}, ("2022-05", "2022-08")),
    ("mid 2022", {}, ("2022-05", "2022-08")),
    ("late 2021", {}, ("2021-09", "2021-12")),
    ("End of 2021", {}, ("2021-12", "2021-12")),
    ("end 2021", {}, ("2021-12", "2021-12")),
    ("beginning of 2022", {}, ("2022-01", "2022-01")),
    ("fin 2021", {}, ("2021-12", "2021-12")),
    ("début 2022", {}, ("2022-01", "2022-01")),
    ("H2 2021", {}, ("2021-07", "2021-12")),
    ("Q3 2022", {}, ("2022-07", "2022-09")),
    ("second half of 2022", {}, ("2022-07", "2022-12")),
    ("first quarter of 2023", {}, ("2023-01", "2023-03")),
    ("early 2022 - mid-2023", {}, ("2022-01", "2023-08")),
    ("Q3", {}, "the year is missing"),
    ("early", {}, "the year is missing"),
    # all-numeric dates
    ("03/05/2018", {}, "could be 3 May 2018 or March 5 2018"),
    ("03/05/2018", {"date_order": "dmy"}, ("2018-05", "2018-05")),
    ("03/05/2018", {"date_order": "mdy"}, ("2018-03", "2018-03")),
    ("03.05.2018", {"date_order": "dmy"}, ("2018-05", "2018-05")),
    ("25/12/2018", {}, ("2018-12", "2018-12")),
    ("12/25/2018", {}, ("2018-12", "2018-12")),
    ("05/05/2018", {}, ("2018-05", "2018-05")),
    ("01/02/2019 - 15/03/2019", {"date_order": "dmy"}, ("2019-02", "2019-03")),
    ("01/02/2019 - 15/03/2019", {}, "state the date order of the file"),
    ("25/12/18", {}, "write the year with four digits"),
    ("13/13/2018", {"date_order": "dmy"}, "no such month or day"),
    # the message says what would be accepted
    ("sometime soon", {}, 'accepted are, for example, "May 2018"'),
]


@pytest.mark.parametrize(("text", "options", "expected"), FORMS, ids=[f[0] + str(f[1]) for f in FORMS])
def test_real_timeline_forms(text, options, expected):
    if isinstance(expected, str):
        with pytest.raises(TimelineError) as caught:
            parse_timeline(text, **options)
        assert expected in str(caught.value)
        assert f'"{text}"' in str(caught.value)
        return
    timeline = parse_timeline(text, **options)
    assert timeline.text == text
    if expected is None:
        assert not timeline.scheduled
    else:
        assert (timeline.first, timeline.last) == (m(expected[0]), m(expected[1]))


def test_a_part_of_a_year_is_never_the_whole_year():
    for text in ("early 2022", "mid-2022", "late 2022", "end of 2022", "beginning of 2022"):
        assert parse_timeline(text).months < 12
