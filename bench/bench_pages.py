"""Time and count queries of the work-plan pages at growing plan sizes.

Usage: DATABASE_URL=postgres://... python bench/bench_pages.py [sizes...]
(default sizes 26 500 2000). Runs in a throwaway test database (created and dropped
here), never in the database DATABASE_URL names. Prints, per page and size, the median
of 5 requests in milliseconds and the number of SQL queries: query counts must not grow
with the number of activities.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from intersessional.models import IntersessionalGroup  # noqa: E402
from workplan.models import Activity, Membership, Topic, WorkingGroup  # noqa: E402

PAGES = [
    ("/workplan/", "/workplan/"),
    ("/activities/", "/activities/"),
    ("/activities/ sorted by -timeline", "/activities/?sort=-timeline&per_page=100"),
    ("/activities/ filtered", "/activities/?status=not_started&timeline_from=2018-09&overdue=yes"),
    ("CSV export", "/activities/?_export=csv"),
    ("XLSX export", "/activities/?_export=xlsx"),
    ("/groups/", "/groups/"),
    ("/groups/1/", "/groups/1/"),
]


def populate(group, size):
    Activity.objects.all().delete()
    Topic.objects.all().delete()
    topics = Topic.objects.bulk_create([Topic(group=group, number=i + 1, title=f"Topic {i + 1}")
                                        for i in range(max(1, size // 10))])
    activities = []
    for i in range(size):
        first = dt.date(2018 + (i % 24) // 12, (i % 12) + 1, 1)
        blank = i % 7 == 0
        activities.append(Activity(
            topic=topics[i % len(topics)], order=i // len(topics) + 1,
            description=f"Activity {i} — review, consult and finalize the text",
            responsible="Co-Chairs, Co-Leads and interested Members and stakeholders",
            timeline_text="" if blank else first.strftime("%B %Y"),
            first_month=None if blank else first, last_month=None if blank else first))
    Activity.objects.bulk_create(activities)
    ig = IntersessionalGroup.objects.get(number=1)
    ig.topics.set(topics)


def measure(client, url):
    times, queries = [], 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), queries


def main(sizes):
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
        IntersessionalGroup.objects.create(working_group=group, number=1, item_of_work="Bench group")
        user = get_user_model().objects.create_user("bench", password="x")
        Membership.objects.create(user=user, group=group, role=Membership.Role.SECRETARIAT)
        client = Client()
        client.force_login(user)
        print(f"{'page':36} {'activities':>10} {'median ms':>10} {'queries':>8}")
        for size in sizes:
            populate(group, size)
            for label, url in PAGES:
                ms, queries = measure(client, url)
                print(f"{label:36} {size:>10} {ms:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [26, 500, 2000])
