"""Session reports are as of a cut-off day (issue 16).

A report generated twice for the same cut-off says the same, whatever changed after it:
both PDFs are read back (tests/support/pdf_reading.py) and compared apart from the
generation date and time. "Changes since the previous session" lists timelines changed
and activities added or withdrawn.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.support.factories import ActivityFactory, UserFactory
from tests.support.pdf_reading import pdf_pages_text, squash
from tests.support.seed_plan import build_seed_world
from workplan.models import Party, Report
from workplan.plan.services import activity_update_status
from workplan.plan.timeline import parse_timeline
from workplan.reports.build import render_report
from workplan.reports.content import report_default_cut_off
from workplan.reports.services import report_generate

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


def change(activity, *, status=None, note=None, timeline=None):
    activity.refresh_from_db()
    activity_update_status(activity=activity, status=status or activity.status,
                           note=activity.progress_note if note is None else note, by=None,
                           expected_version=activity.version,
                           timeline=parse_timeline(timeline) if timeline else None)


def without_generation_time(pages: list[str]) -> str:
    text = " ".join(pages)
    text = re.sub(r"Generated on \d+ \w+ \d{4} at \d\d:\d\d \(Europe/Brussels\)", "Generated on …", text)
    return re.sub(r"Brussels, \d+ \w+ \d{4}\.", "Brussels, ….", text)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with time_machine.travel(at(2018, 6, 15, 10), tick=False):
        return build_seed_world()


def test_a_report_regenerated_for_the_same_cut_off_reads_the_same(world, tmp_path):
    """Issue 16: the PTC report with a cut-off before later changes, regenerated after them,
    reads the same apart from the generation time; its changes section lists the status
    change, the timeline change, the addition and the withdrawal before the cut-off."""
    acts, meeting = world["activities"], world["meeting"]
    with time_machine.travel(at(2018, 9, 10, 11), tick=False):
        change(acts[1], status="completed", note="Draft text sent to all Members.")
        change(acts[4], timeline="December 2018")
        ActivityFactory(topic=world["topics"][1], order=9, description="Prepare the pilot questionnaire",
                        responsible="Secretariat", timeline_text="November 2018",
                        first_month=dt.date(2018, 11, 1), last_month=dt.date(2018, 11, 1))
        acts[6].refresh_from_db()
        acts[6].withdrawn_at = at(2018, 9, 10, 11)
        acts[6].save()
    cut_off = dt.date(2018, 10, 21)
    with time_machine.travel(at(2018, 10, 25, 9), tick=False):
        assert report_default_cut_off(meeting=meeting) == cut_off  # the day before 22 October
        first = pdf_pages_text(render_report(meeting=meeting, agenda_item="V.b", cut_off=cut_off).pdf, tmp_path)
    # After the cut-off: more statuses, timelines, parties, a withdrawal, an addition.
    with time_machine.travel(at(2018, 11, 10, 16), tick=False):
        change(acts[2], status="completed", note="Finished after the session.")
        change(acts[4], timeline="March 2019")
        change(acts[8], status="postponed")
        acts[9].refresh_from_db()
        acts[9].withdrawn_at = at(2018, 11, 10, 16)
        acts[9].save()
        acts[3].parties.add(Party.objects.get(short_name="US"))
        ActivityFactory(topic=world["topics"][2], order=9, description="Added after the cut-off")
    with time_machine.travel(at(2018, 11, 12, 14), tick=False):
        second = pdf_pages_text(render_report(meeting=meeting, agenda_item="V.b", cut_off=cut_off).pdf, tmp_path)
        today = pdf_pages_text(render_report(meeting=meeting, agenda_item="V.b",
                                             cut_off=dt.date(2018, 11, 12)).pdf, tmp_path)
    assert without_generation_time(first) == without_generation_time(second)
    assert " ".join(first) != " ".join(second)  # the generation time did differ
    assert without_generation_time(today) != without_generation_time(first)  # later cut-off: later plan

    text = squash(" ".join(first))
    changes = text.split("Changes since the previous session", 1)[1].split("Annex I", 1)[0]
    assert "Status: Not started → Completed" in changes and "Draft text sent to all Members." in changes
    assert "Finished after the session." not in text
    timelines = changes.split("Timelines changed", 1)[1].split(squash("Added / withdrawn"), 1)[0]
    assert squash(acts[4].description[:40]) in timelines and "December 2018" in timelines
    assert "March 2019" not in timelines
    added_withdrawn = changes.split(squash("Added / withdrawn"), 1)[1]
    assert "Prepare the pilot questionnaire" in added_withdrawn and "Added" in added_withdrawn
    assert squash(acts[6].description[:40]) in added_withdrawn and "Withdrawn" in added_withdrawn
    assert "Added after the cut-off" not in text
    assert "plan as of 21 October 2018" in text


def test_the_cut_off_is_stored_and_defaults_to_the_day_before_or_today(world):
    """Default: the day before the session opens, or today if that is earlier; stored on
    the row so a retry renders the same plan."""
    secretariat = UserFactory(username="sec-cut-off")
    with time_machine.travel(at(2018, 10, 1, 9), tick=False):
        early = report_generate(meeting=world["meeting"], requested_by=secretariat)
    assert early.cut_off == dt.date(2018, 10, 1)
    Report.objects.all().update(state=Report.State.FAILED)
    with time_machine.travel(at(2018, 11, 2, 9), tick=False):
        late = report_generate(meeting=world["meeting"], requested_by=secretariat)
    assert late.cut_off == dt.date(2018, 10, 21)
