"""Query-count goals of issue 8, asserted as counts (never times).

Every main page costs the same number of SQL queries at 10 and at 200 activities, and at
most ``QUERY_BUDGET``. The activities are bulk-created (with parties and history rows),
spread over topics linked to an intersessional group, as the synthetic deployment of
``generate_demo`` spreads them. Pages not in the product yet (/meetings/, /my/) are
checked when their URL resolves.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.support.factories import IntersessionalGroupFactory, MembershipFactory, MeetingFactory, PartyFactory, UserFactory
from workplan.models import Activity, Membership, Topic, WorkingGroup

# 12 for issue 8, plus the navigation's progress badges (one query: updates waiting for
# the Secretariat's review, updates returned to a coordinator).
QUERY_BUDGET = 13
SMALL, LARGE = 10, 200
STATUSES = Activity.Status.values


@pytest.fixture
def plan(db):
    """A working group with four topics (two linked to intersessional group 1), one
    party, a meeting, and a logged-in Secretariat member; ``add(n)`` bulk-creates n more
    activities with a party and a history row each."""
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    topics = Topic.objects.bulk_create([Topic(group=group, number=i + 1, title=f"Topic {i + 1}")
                                        for i in range(4)])
    isg = IntersessionalGroupFactory(working_group=group, number=1)
    isg.topics.set(topics[:2])
    party = PartyFactory(short_name="UPU")
    MeetingFactory(group=group)
    user = UserFactory(username="sec")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)

    def add(n):
        start = Activity.objects.filter(topic__group=group).count()
        made = []
        for i in range(start, start + n):
            month = dt.date(2018 + (i % 36) // 12, i % 12 + 1, 1)
            unscheduled = i % 9 == 0
            made.append(Activity(
                topic=topics[i % 4], order=i // 4 + 1, description=f"Activity {i + 1}",
                responsible="UPU, Secretariat", status=STATUSES[i % len(STATUSES)],
                timeline_text="" if unscheduled else month.strftime("%B %Y"),
                first_month=None if unscheduled else month, last_month=None if unscheduled else month,
                tentative=i % 5 == 0, changed_by=user))
        Activity.objects.bulk_create(made)
        Activity.parties.through.objects.bulk_create(
            [Activity.parties.through(activity_id=a.pk, party_id=party.pk) for a in made])
        history = Activity.history.model
        fields = [f.attname for f in Activity._meta.concrete_fields]
        history.objects.bulk_create([
            history(**{f: getattr(a, f) for f in fields}, history_date=a.changed_at, history_type="+",
                    history_user=user) for a in made])

    return type("Plan", (), {"group": group, "party": party, "isg": isg, "user": user, "add": staticmethod(add)})


def _url(name, *args, query=""):
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return None


def _optional(path):
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


def main_pages(plan):
    """(label, URL) of every main page; None for a page the product does not have."""
    party = plan.party.pk
    return [
        ("dashboard", _url("workplan:dashboard")),
        ("work plan", _url("workplan:workplan")),
        ("activities", _url("workplan:activity-list")),
        ("activities ?status", _url("workplan:activity-list", query="?status=in_progress")),
        ("activities ?party", _url("workplan:activity-list", query=f"?party={party}")),
        ("activities ?status&party", _url("workplan:activity-list", query=f"?status=not_started&party={party}")),
        ("activities ?timeline", _url("workplan:activity-list", query="?timeline_from=2018-03&timeline_to=2019-06")),
        ("activities ?overdue", _url("workplan:activity-list", query="?overdue=yes")),
        ("activities ?sort=timeline", _url("workplan:activity-list", query="?sort=timeline")),
        ("activities ?sort=-status", _url("workplan:activity-list", query="?sort=-status")),
        ("activities page 2", _url("workplan:activity-list", query="?page=2")),
        ("activities per_page 100", _url("workplan:activity-list", query="?per_page=100")),
        ("group list", _url("intersessional:group-list")),
        ("group page", _url("intersessional:group-detail", 1)),
        ("timeline", _url("workplan:timeline")),
        ("timeline ?status", _url("workplan:timeline", query="?status=completed")),
        ("meetings", _optional("/meetings/")),
        ("my items", _optional("/my/")),
    ]


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), ctx


def test_every_main_page_costs_the_same_queries_at_10_and_200_activities(client, plan):
    """Issue 8: a page's query count does not grow with rows and stays within the budget."""
    client.force_login(plan.user)
    pages = [(label, url) for label, url in main_pages(plan) if url]
    plan.add(SMALL)
    client.get(pages[0][1])  # the session's first request stores the working group
    small = {label: _count(client, url) for label, url in pages}
    plan.add(LARGE - SMALL)
    assert Activity.objects.count() == LARGE
    large = {label: _count(client, url) for label, url in pages}
    problems = []
    for label, url in pages:
        (n_small, _), (n_large, ctx) = small[label], large[label]
        if n_small != n_large or n_large > QUERY_BUDGET:
            problems.append(f"{label} ({url}): {n_small} queries at {SMALL}, {n_large} at {LARGE}:\n  "
                            + "\n  ".join(q["sql"][:160] for q in ctx.captured_queries))
    assert not problems, "\n".join(problems)
