"""The timeline chart draws a baseline under the current bars, with the slip visible."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.support.roles import world  # noqa: F401
from workplan.baselines.services import baseline_freeze
from workplan.charts.gantt import gantt_svg
from workplan.plan.services import activity_update_status
from workplan.plan.timeline import parse_timeline


@pytest.mark.django_db
def test_grey_baseline_bars_and_months_slipped_on_the_page(client, world):
    """Issue 16: thin grey bars for the baseline; "+N" after a bar that slipped N months."""
    baseline = baseline_freeze(group=world.group, name="Approved plan")
    a2 = world.a2
    activity_update_status(activity=a2, status=a2.status, note="", by=None, expected_version=a2.version,
                           timeline=parse_timeline("August 2018"))  # May -> August: 3 months
    client.force_login(world.users.delegate)
    plain = client.get(reverse("workplan:timeline")).content.decode()
    assert "baseline-bar" not in plain
    page = client.get(reverse("workplan:timeline"), {"baseline": baseline.pk})
    assert page.status_code == 200
    svg = page.content.decode()
    bars = re.findall(r'<rect class="baseline-bar" data-first="([\d-]+)" data-last="([\d-]+)"', svg)
    assert len(bars) == 5 and ("2018-05", "2018-05") in bars
    row = re.search(r'<g class="bar-row" data-activity="2\.1".*?</g>', svg, re.S).group(0)
    assert 'class="slip"' in row and ">+3</text>" in row
    assert "Baseline: May 2018 – slipped 3 months" in row
    assert svg.count('class="slip"') == 1
    assert "Approved plan" in svg  # the legend names it
    # A bad or another group's id is ignored (200, no baseline drawn), never a 500.
    for raw in ("abc", "999999", "-1"):
        response = client.get(reverse("workplan:timeline"), {"baseline": raw})
        assert response.status_code == 200 and "baseline-bar" not in response.content.decode()


def test_the_chart_without_baseline_is_unchanged():
    """No ``baseline``: no grey bars, no legend entry (the report's chart is drawn the same)."""
    class Topic:
        pk, number, title = 1, 1, "Topic"

    class Row:
        id, topic, order, description, responsible = 1, Topic, 1, "Draft", "EU"
        timeline_text, first_month, last_month, tentative, status = "May 2018", dt.date(2018, 5, 1), \
            dt.date(2018, 5, 1), False, "not_started"

    svg = gantt_svg(activities=[Row])
    assert "baseline" not in svg
    with_base = gantt_svg(activities=[Row], baseline={1: (dt.date(2018, 3, 1), dt.date(2018, 3, 1), "March 2018")},
                          span=(dt.date(2018, 3, 1), dt.date(2018, 5, 1)))
    assert 'class="baseline-bar"' in with_base and ">+2</text>" in with_base
