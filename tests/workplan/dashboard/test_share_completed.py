"""One "share completed" (issue 11): the dashboard and the PDF report round the same way,
to the nearest whole percent (2 of 3 is 67 %, 1 of 8 is 13 %), cancelled activities not
counted."""

import datetime as dt

import pytest

from tests.support.factories import ActivityFactory, MeetingFactory, TopicFactory, WorkingGroupFactory
from workplan.plan.selectors import dashboard_figures
from workplan.plan.shares import share_percent
from workplan.reports.content import report_context


def test_share_percent_rounds_to_the_nearest_halves_up():
    assert share_percent(2, 3) == 67
    assert share_percent(1, 3) == 33
    assert share_percent(1, 8) == 13  # 12.5: halves up, not to even
    assert share_percent(2, 7) == 29
    assert share_percent(1, 200) == 1  # 0.5
    assert share_percent(0, 5) == 0 and share_percent(5, 5) == 100
    assert share_percent(0, 0) == 0


@pytest.mark.django_db
def test_dashboard_and_report_show_the_same_share(client):
    group = WorkingGroupFactory()
    thirds = TopicFactory(group=group, number=1, title="Technical Specifications")
    eighths = TopicFactory(group=group, number=2, title="Flow Chart and Data Elements")
    for order, status in enumerate(["completed", "completed", "in_progress", "cancelled"], start=1):
        ActivityFactory(topic=thirds, order=order, status=status)
    for order in range(1, 9):
        ActivityFactory(topic=eighths, order=order, status="completed" if order == 1 else "not_started")
    meeting = MeetingFactory(group=group)

    figures = dashboard_figures(group=group, as_of=dt.date(2018, 11, 15))
    on_dashboard = {s.obj.number: (s.completed, s.total, s.percent) for s in figures.topics}
    in_report = {row.topic.number: (row.completed, row.counted, row.percent)
                 for row in report_context(meeting=meeting)["topics"]}
    assert on_dashboard == in_report == {1: (2, 3, 67), 2: (1, 8, 13)}
