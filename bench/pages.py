"""Page latency and query counts at 1,000, 10,000 and 100,000 activities (issue 8).

In process, with Django's test client logged in as a Secretariat superuser, each page is
requested ``--repeat`` times after two warm-up requests; the table gives median and 95th
percentile latency in milliseconds and the query count of one request. Beside the
product's pages, on the same data: the Django admin changelist of activities (what staff
would otherwise use) and a bare view rendering the same 50 rows with a plain template
(the floor). Ratios compare the activity list with both.

Also: the list filtered by status and party together, by timeline months and overdue,
100 rows sorted by timeline, the intersessional group list, and the CSV export of every
row (up to 10,000 activities: at 100,000 the export is seconds of work by design).

As-of rows: the dashboard, the plan, the list (plain, by party, CSV), the timeline and a
group page as of a day 200 days back (``?as_of=``: the plan read from the history), with
each one's ratio to the same page today; goal: at most 2x.

Usage: python bench/pages.py [--sizes 1000 10000 100000] [--repeat 25]
Needs PostgreSQL (DATABASE_URL names the server; the data goes to database wgec_bench).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def bare_view(request):
    """The floor: the first 50 activities with a plain template, no table machinery."""
    from django.http import HttpResponse
    from django.template import engines

    from workplan.models import Activity

    rows = (Activity.objects.filter(topic__group=request.working_group)
            .select_related("topic").order_by("topic__number", "order")[:50])
    template = engines["django"].from_string(
        "<table>{% for a in rows %}<tr><td>{{ a.topic.title }}</td><td>{{ a.description }}</td>"
        "<td>{{ a.responsible }}</td><td>{{ a.timeline_text }}</td><td>{{ a.remarks }}</td>"
        "<td>{{ a.get_status_display }}</td></tr>{% endfor %}</table>")
    return HttpResponse(template.render({"rows": rows}))


urlpatterns = []  # filled in main(): the project's URLs plus /bench-bare/


def pages(group, party, isg):
    from django.urls import reverse

    lst = reverse("workplan:activity-list")
    return [
        ("dashboard", reverse("workplan:dashboard")),
        ("work plan", reverse("workplan:workplan")),
        ("activities", lst),
        ("activities ?status", f"{lst}?status=in_progress"),
        ("activities ?party", f"{lst}?party={party.pk}"),
        ("activities ?sort=timeline", f"{lst}?sort=timeline"),
        ("activities page 50", f"{lst}?page=50"),
        ("activities 50 rows", f"{lst}?per_page=50"),
        ("activities ?status&party", f"{lst}?status=not_started&party={party.pk}"),
        ("activities ?timeline&overdue", f"{lst}?timeline_from=2019-01&timeline_to=2020-12&overdue=yes"),
        ("activities 100 rows ?sort=-timeline", f"{lst}?sort=-timeline&per_page=100"),
        ("group list", reverse("intersessional:group-list")),
        ("group page", reverse("intersessional:group-detail", args=[isg.number])),
        ("timeline", reverse("workplan:timeline")),
        ("admin changelist", reverse("admin:workplan_activity_changelist") + f"?topic__group__id__exact={group.pk}"),
        ("bare 50 rows", "/bench-bare/"),
        ("CSV export (all rows)", f"{lst}?_export=csv"),
    ]


# Pages measured again as of a past day: (name of the page today, its URL as of ``day``).
AS_OF_PAGES = ["dashboard", "work plan", "activities", "activities ?party", "activities ?sort=timeline",
               "timeline", "group page", "CSV export (all rows)"]


def as_of_pages(group, party, isg, day: str):
    today = dict(pages(group, party, isg))
    return [(f"{name} as of", today[name] + ("&" if "?" in today[name] else "?") + f"as_of={day}")
            for name in AS_OF_PAGES]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args(argv)

    common.setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import include, path

    from intersessional.models import IntersessionalGroup
    from workplan.models import Party, WorkingGroup
    from workplan.plan.selectors import SESSION_KEY

    urlpatterns[:] = [path("bench-bare/", bare_view), path("", include(settings.ROOT_URLCONF))]
    import datetime as dt

    rows, ratios, as_of_ratios = [], [], []
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for size in args.sizes:
            common.generate(size)
            user, _ = get_user_model().objects.get_or_create(
                username="bench-admin", defaults={"is_staff": True, "is_superuser": True})
            client = Client()
            client.force_login(user)
            group = WorkingGroup.objects.get(acronym="DEMO01")
            session = client.session
            session[SESSION_KEY] = group.pk
            session.save()
            party = Party.objects.filter(activities__topic__group=group).first()
            isg = IntersessionalGroup.objects.filter(working_group=group).first()
            results = {}
            day = (group.today() - dt.timedelta(days=200)).isoformat()
            for name, url in pages(group, party, isg) + as_of_pages(group, party, isg, day):
                if name.startswith("CSV") and size > 10000:
                    continue  # every row of the group: seconds at 100,000; the list pages are the point
                results[name] = common.measure(client, url, min(args.repeat, 5) if name.startswith("CSV") else args.repeat)
                if results[name] is None:
                    rows.append([size, name, "n/a", "n/a", "n/a"])
                    continue
                median, p95, queries = results[name]
                rows.append([size, name, f"{median:.1f}", f"{p95:.1f}", queries])
            for name in AS_OF_PAGES:
                if results.get(name) and results.get(f"{name} as of"):
                    as_of_ratios.append([size, name, f"{results[name][0]:.1f}", f"{results[name + ' as of'][0]:.1f}",
                                         f"{results[name + ' as of'][0] / results[name][0]:.2f}x",
                                         results[name][2], results[name + " as of"][2]])
            if all(results.get(k) for k in ("activities", "activities 50 rows", "admin changelist", "bare 50 rows")):
                ours, ours50 = results["activities"][0], results["activities 50 rows"][0]
                ratios.append([size, f"{ours / results['admin changelist'][0]:.2f}x",
                               f"{ours / results['bare 50 rows'][0]:.2f}x",
                               f"{ours50 / results['bare 50 rows'][0]:.2f}x"])
    body = common.markdown_table(["activities", "page", "median ms", "p95 ms", "queries"], rows)
    body += ("\n\nActivity list against the admin changelist (100 rows a page, its default) and the "
             "bare view (50 rows, plain template, no layout), by median; goals: at most 0.8x the "
             "admin, within 3x the bare view:\n\n")
    body += common.markdown_table(["activities", "list (25 rows) / admin", "list (25 rows) / bare",
                                   "list (50 rows) / bare"], ratios)
    body += ("\n\nPages as of a day 200 days back (the plan read from the history) against the same "
             "page today, by median; goal: at most 2x:\n\n")
    body += common.markdown_table(["activities", "page", "today ms", "as of ms", "as of / today",
                                   "queries today", "queries as of"], as_of_ratios)
    common.record("Pages (bench/pages.py)", body)


if __name__ == "__main__":
    main()
