"""EXPLAIN (ANALYZE, BUFFERS) of the activity list's queries at 100,000 activities (issue 8).

Requests /activities/ (default, filtered by status, by party, by status and party, by
timeline months, sorted by timeline, page 50) in process as a Secretariat superuser,
captures the SQL the page sends to ``workplan_activity`` (the paginator's count and the
page of rows) and runs each under EXPLAIN (ANALYZE, BUFFERS). The plans go to stdout
and, with a summary table (execution time in ms, top plan node), to bench/RESULTS.md.

Reuses the bench database when it already holds ``--activities`` activities (pages.py
leaves 100,000 there), else generates them (about a minute).

Usage: python bench/explain.py [--activities 100000]
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

CASES = [
    ("default", ""),
    ("?status=in_progress", "?status=in_progress"),
    ("?party=<a Member>", "?party={party}"),
    ("?status=not_started&party=<a Member>", "?status=not_started&party={party}"),
    ("?timeline_from=2020-01&timeline_to=2020-06", "?timeline_from=2020-01&timeline_to=2020-06"),
    ("?sort=timeline", "?sort=timeline"),
    ("?page=50", "?page=50"),
]


def list_queries(client, url):
    """The SQL of one request that reads workplan_activity (count and rows)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in ctx.captured_queries
            if 'FROM "workplan_activity"' in q["sql"] and not q["sql"].startswith(("DECLARE", "SAVEPOINT"))]


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100000)
    args = parser.parse_args(argv)

    common.setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from workplan.models import Activity, Party, WorkingGroup
    from workplan.plan.selectors import SESSION_KEY

    if Activity.objects.filter(topic__group__acronym__startswith="DEMO").count() != args.activities:
        common.generate(args.activities)
    group = WorkingGroup.objects.get(acronym="DEMO01")
    in_group = Activity.objects.filter(topic__group=group).count()
    # A Member party, as a delegate would pick it, with an average number of activities.
    party = (Party.objects.filter(kind=Party.Kind.MEMBER, activities__topic__group=group)
             .annotate(n=Count("activities")).order_by("-n", "pk").first())
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = group.pk
    session.save()

    lst = reverse("workplan:activity-list")
    summary, plans = [], []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for label, query in CASES:
            url = lst + query.format(party=party.pk)
            list_queries(client, url)  # warm the cache, as a user's second click would
            for sql in list_queries(client, url):
                kind = "count" if re.match(r'SELECT COUNT\(\*\)', sql) else "rows"
                plan = explain(sql)
                ms = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
                top = plan.splitlines()[0].split("  (")[0].strip()
                summary.append([label, kind, ms, top])
                plans.append(f"#### {label}: {kind}\n\n```sql\n{sql}\n```\n\n```\n{plan}\n```")
    body = (f"{args.activities} activities in all, {in_group} in the working group shown "
            f"(DEMO01); party filter: {party.short_name}. Times are PostgreSQL's execution "
            "times of the page's own SQL, captured from the request.\n\n"
            + common.markdown_table(["/activities/", "query", "execution ms", "top plan node"], summary)
            + "\n\n<details><summary>Plans</summary>\n\n" + "\n\n".join(plans) + "\n\n</details>")
    common.record("EXPLAIN of the activity list (bench/explain.py)", body)


if __name__ == "__main__":
    main()
