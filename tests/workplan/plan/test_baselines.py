"""Baselines: the seed's approved plan as the first one, freezing the plan of a day, and
the comparison page (added, withdrawn, completed, slipped with months, totals per topic).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from tests.support.factories import ActivityFactory
from tests.support.roles import world  # noqa: F401
from workplan.baselines.models import Baseline
from workplan.baselines.selectors import Side, plan_compare
from workplan.baselines.services import SEED_BASELINE_NAME, BaselineError, baseline_freeze
from workplan.models import Activity, WorkingGroup
from workplan.imports.seed import seed_load
from workplan.plan.services import activity_update_status
from workplan.plan.timeline import parse_timeline

BRUSSELS = ZoneInfo("Europe/Brussels")


def retime(activity, text, by=None):
    activity.refresh_from_db()
    activity_update_status(activity=activity, status=activity.status, note=activity.progress_note, by=by,
                           expected_version=activity.version, timeline=parse_timeline(text))


@pytest.mark.django_db
def test_the_seed_plan_is_the_first_baseline_and_three_slips_are_listed_with_their_months(client):
    """Issue 16: load_seed takes "Work plan approved by the Council, June 2018"; three
    activities slipped since are exactly the ones listed, with the right months."""
    seed_load()
    group = WorkingGroup.objects.get(acronym="WGEC")
    baseline = Baseline.objects.get(group=group)
    assert baseline.name == SEED_BASELINE_NAME == "Work plan approved by the Council, June 2018"
    assert baseline.as_of == dt.date(2018, 6, 30)
    assert baseline.rows.count() == Activity.objects.for_group(group).count() == 26
    assert seed_load().baseline is None  # a second run takes none

    activities = list(Activity.objects.for_group(group).order_by("topic__number", "order"))
    scheduled = [a for a in activities if a.last_month]
    one, two, three, other = scheduled[0], scheduled[3], scheduled[10], scheduled[5]
    before = {a.pk: (a.timeline_text, a.last_month) for a in (one, two, three)}
    retime(one, "December 2019")
    retime(two, "March 2020")
    retime(three, "January 2021")
    retime(other, other.timeline_text)  # the same timeline again: no slip
    comparison = plan_compare(group=group, before=Side(baseline=baseline), after=Side())

    def months(a, new):
        old = before[a.pk][1]
        return (new.year - old.year) * 12 + new.month - old.month

    expected = [(a.pk, before[a.pk][0], new_text, months(a, new))
                for a, new_text, new in ((one, "December 2019", dt.date(2019, 12, 1)),
                                         (two, "March 2020", dt.date(2020, 3, 1)),
                                         (three, "January 2021", dt.date(2021, 1, 1)))]
    got = [(s.after.activity_id, s.before.timeline_text, s.after.timeline_text, s.months)
           for s in comparison.slipped]
    assert sorted(got) == sorted(expected)
    assert all(m > 0 for *_rest, m in got)
    assert comparison.added == comparison.withdrawn == comparison.completed == []
    assert sum(t.slipped for t in comparison.topics) == 3

    # The page lists the same, in a table a person can read.
    from tests.support.roles import make_user

    client.force_login(make_user("reader", group=group))
    response = client.get(reverse("workplan:baseline-compare"), {"baseline": baseline.pk})
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content)
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("td")]
            for tr in doc.xpath("//table[contains(@class, 'slipped')]/tbody/tr")]
    assert sorted((r[2], r[3], int(r[4])) for r in rows) == sorted((e[1], e[2], e[3]) for e in expected)


@pytest.mark.django_db
def test_added_withdrawn_completed_between_two_days_with_totals_per_topic(world):
    """A comparison between two past days: one added, one completed, one withdrawn, one deleted."""
    sec = world.users.secretariat
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=BRUSSELS), tick=False):
        world.a1.refresh_from_db()
        activity_update_status(activity=world.a1, status=Activity.Status.COMPLETED, note="done", by=sec,
                               expected_version=world.a1.version)
        added = ActivityFactory(topic=world.topics.t2, order=7, description="New work", timeline_text="May 2027",
                                first_month=dt.date(2027, 5, 1), last_month=dt.date(2027, 5, 1))
        gone = world.a6.pk
        world.a6.delete()
        world.a3.withdrawn_at, world.a3.withdrawn_by = dt.datetime(2027, 3, 1, 12, tzinfo=BRUSSELS), sec
        world.a3.save()
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, tzinfo=BRUSSELS), tick=False):
        comparison = plan_compare(group=world.group, before=Side(day=dt.date(2027, 2, 28)),
                                  after=Side(day=dt.date(2027, 3, 2)))
    assert [r.activity_id for r in comparison.added] == [added.pk]
    assert [r.activity_id for r in comparison.completed] == [world.a1.pk]
    assert [r.activity_id for r in comparison.withdrawn] == [world.a3.pk, gone]
    totals = {t.number: (t.added, t.withdrawn, t.completed, t.slipped) for t in comparison.topics}
    assert totals == {1: (0, 0, 1, 0), 2: (1, 0, 0, 0), 3: (0, 1, 0, 0), 6: (0, 1, 0, 0)}


@pytest.mark.django_db
def test_the_secretariat_freezes_a_named_baseline_of_a_past_day(client, world):
    sec = world.users.secretariat
    with time_machine.travel(dt.datetime(2027, 4, 1, 12, tzinfo=BRUSSELS), tick=False):
        retime(world.a2, "December 2027", by=sec)
    with time_machine.travel(dt.datetime(2027, 4, 10, 12, tzinfo=BRUSSELS), tick=False):
        client.force_login(sec)
        response = client.post(reverse("workplan:baselines"), {"name": "End of March", "as_of": "2027-03-31"})
        assert response.status_code == 302
        baseline = Baseline.objects.get(name="End of March")
        assert (baseline.as_of, baseline.created_by) == (dt.date(2027, 3, 31), sec)
        assert baseline.rows.get(activity_id=world.a2.pk).timeline_text == "May 2018"
        assert baseline.rows.get(activity_id=world.a_sec.pk).parties == ["Secretariat"]
        # The same name again, a bad date, a delegate: refused with a reason, nothing written.
        again = client.post(reverse("workplan:baselines"), {"name": "End of March", "as_of": ""})
        assert again.status_code == 400 and "already exists" in again.content.decode()
        assert client.post(reverse("workplan:baselines"), {"name": "x", "as_of": "2027-02-30"}).status_code == 400
        client.force_login(world.users.delegate)
        assert client.post(reverse("workplan:baselines"), {"name": "y"}).status_code == 403
        assert Baseline.objects.count() == 1
    with pytest.raises(BaselineError):
        baseline_freeze(group=world.group, name="Before anything", as_of=dt.date(2001, 1, 1))


@pytest.mark.parametrize("query", [{"start": "2019-13-01"}, {"baseline": "999999"}, {"baseline": "abc"},
                                   {"start": "2019-01-01", "end": "2018-01-01"}, {"end": "2019-01-01"}])
@pytest.mark.django_db
def test_a_bad_comparison_is_a_400_with_the_reason(client, world, query):
    client.force_login(world.users.delegate)
    response = client.get(reverse("workplan:baseline-compare"), query)
    assert response.status_code == 400
    assert b"errorlist" in response.content or b'role="alert"' in response.content
