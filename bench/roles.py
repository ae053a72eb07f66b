"""Issue 3 pages: /changes/, /my/ and /reviews/ latency and query counts as data grows.

Data from ``generate_demo`` (5 working groups, history rows dated over two years) at
each size, plus 200 pending progress updates in the measured group. In process, Django's
test client; each page requested ``--repeat`` times after two warm-ups; median and 95th
percentile in milliseconds, and the query count of one request (it must not grow).

Usage: python bench/roles.py [--sizes 1000 10000] [--repeat 15]
Needs PostgreSQL (DATABASE_URL names the server; the data goes to database wgec_bench).
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench import common  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    common.setup_django()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from intersessional.models import Participation
    from workplan.plan.accounts import secretariat_grant
    from workplan.models import Activity, ProgressUpdate, WorkingGroup
    from workplan.plan.selectors import SESSION_KEY

    rows = []
    with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for size in args.sizes:
            common.generate(size)
            group = WorkingGroup.objects.get(acronym="DEMO01")
            User = get_user_model()
            sec, _ = User.objects.get_or_create(username="bench-secretariat")
            secretariat_grant(user=sec, group=group)
            coordinating = Participation.objects.filter(group__working_group=group, role="coordinator").first()
            coord = User.objects.filter(profile__parties=coordinating.party).first() if coordinating else None
            ProgressUpdate.objects.filter(activity__topic__group=group).delete()
            ProgressUpdate.objects.bulk_create([
                ProgressUpdate(activity=a, submitted_by=sec, status="in_progress", note="Bench update",
                               base_version=a.version)
                for a in Activity.objects.for_group(group)[:200]])
            today = group.today()
            changes = reverse("workplan:changes") + f"?start={(today - dt.timedelta(days=800)).isoformat()}" \
                f"&end={today.isoformat()}"
            pages = [("changes (two years)", changes, sec), ("changes (this month)", reverse("workplan:changes"), sec),
                     ("reviews (200 pending)", reverse("workplan:reviews"), sec)]
            if coord:
                pages.append(("my items (coordinator)", reverse("workplan:my-items"), coord))
            for name, url, user in pages:
                client = Client()
                client.force_login(user)
                session = client.session
                session[SESSION_KEY] = group.pk
                session.save()
                result = common.measure(client, url, args.repeat)
                if result is None:
                    rows.append([size, name, "n/a", "n/a", "n/a"])
                    continue
                median, p95, queries = result
                rows.append([size, name, f"{median:.1f}", f"{p95:.1f}", queries])
    common.record("Roles pages (bench/roles.py)",
                  common.markdown_table(["activities", "page", "median ms", "p95 ms", "queries"], rows))


if __name__ == "__main__":
    main()
