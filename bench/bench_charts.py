"""Figures for the timeline chart, the dashboard and the calendar feed (issue 6).

Prints time per call and, for the dashboard, the number of queries, at several plan
sizes. Rows are written inside a transaction that is rolled back: the database given
by DATABASE_URL is left as it was.

    DATABASE_URL=postgres://... python bench/bench_charts.py
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from workplan.charts.gantt import gantt_svg  # noqa: E402
from workplan.feeds.ical import calendar_feed  # noqa: E402
from workplan.models import Activity, Meeting, Topic, WorkingGroup  # noqa: E402
from workplan.plan.selectors import dashboard_figures, plan_activities  # noqa: E402


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


class Rollback(Exception):
    pass


def main():
    statuses = [s.value for s in Activity.Status]
    print(f"{'activities':>10} {'chart ms':>9} {'chart KB':>9} {'dashboard ms':>13} {'queries':>8} {'feed ms':>8}")
    for n in (25, 500, 2000):
        try:
            with transaction.atomic():
                group = WorkingGroup.objects.create(acronym=f"BENCH{n}", name="Bench")
                topics = [Topic.objects.create(group=group, number=i, title=f"Topic {i}") for i in range(1, 8)]
                Activity.objects.bulk_create([
                    Activity(topic=topics[i % 7], order=i + 1, description=f"Activity {i} " + "word " * 12,
                             status=statuses[i % 5], timeline_text="x", tentative=i % 9 == 0,
                             first_month=dt.date(2018, 5 + i % 6, 1), last_month=dt.date(2019, 1 + i % 6, 1))
                    for i in range(n)])
                Meeting.objects.create(group=group, kind="wg", title="Meeting", start_date=dt.date(2018, 10, 8),
                                       end_date=dt.date(2018, 10, 12))
                activities = list(plan_activities(group=group))
                meetings = list(Meeting.objects.filter(group=group))
                chart_s, svg = timed(lambda: gantt_svg(activities=activities, meetings=meetings,
                                                       today=dt.date(2018, 11, 15)))
                with CaptureQueriesContext(connection) as queries:
                    dashboard_figures(group=group, as_of=dt.date(2018, 11, 15))
                dash_s, _ = timed(lambda: dashboard_figures(group=group, as_of=dt.date(2018, 11, 15)))
                feed_s, _ = timed(lambda: calendar_feed(name="bench", activities=activities, meetings=meetings))
                print(f"{n:>10} {chart_s * 1000:>9.1f} {len(svg) / 1024:>9.0f} {dash_s * 1000:>13.1f} "
                      f"{len(queries):>8} {feed_s * 1000:>8.1f}")
                raise Rollback
        except Rollback:
            pass


if __name__ == "__main__":
    main()
