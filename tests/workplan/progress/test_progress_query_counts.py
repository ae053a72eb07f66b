"""/my/ and /reviews/ cost the same number of queries whatever the number of items
(issue 13; the budget of tests/workplan/test_query_counts.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.factories import ActivityFactory, IntersessionalGroupFactory, ParticipationFactory
from tests.support.roles import world  # noqa: F401
from workplan.models import ProgressUpdate
from workplan.plan.services import activity_update_status

pytestmark = pytest.mark.django_db
QUERY_BUDGET = 16


def add_items(world, start, n):
    """n more activities of topic 3 (coordinated by coord1's US), each with a note, a
    returned update with a comment and a pending update."""
    for i in range(start, start + n):
        a = ActivityFactory(topic=world.topics.t3, order=10 + i, timeline_text="October 2018")
        activity_update_status(activity=a, status="in_progress", note=f"note {i}", by=world.users.secretariat,
                               expected_version=a.version)
        ProgressUpdate.objects.create(activity=a, submitted_by=world.users.coord1, status="completed",
                                      note="earlier", base_version=1, state="returned", review_comment="why?",
                                      reviewed_by=world.users.secretariat)
        ProgressUpdate.objects.create(activity=a, submitted_by=world.users.coord1, status="completed",
                                      note=f"done {i}", base_version=2)


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), ctx


def test_my_items_and_reviews_do_not_grow_with_items(world, client):
    # The delegate's Japan volunteers in group 1: "My groups" is on /my/ too.
    ig = IntersessionalGroupFactory(working_group=world.group, number=7)
    ig.topics.add(world.topics.t3)
    ParticipationFactory(group=ig, party=world.party["Japan"], role="volunteer")
    pages = [(world.users.coord1, reverse("workplan:my-items")),
             (world.users.delegate, reverse("workplan:my-items")),
             (world.users.secretariat, reverse("workplan:reviews"))]
    add_items(world, 0, 2)
    for user, url in pages:
        client.force_login(user)
        client.get(url)
    small = {}
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        small[(user.username, url)] = count(client, url)[0]
    add_items(world, 2, 18)
    problems = []
    for user, url in pages:
        client.force_login(user)
        client.get(url)
        n, ctx = count(client, url)
        if n != small[(user.username, url)] or n > QUERY_BUDGET:
            problems.append(f"{user.username} {url}: {small[(user.username, url)]} then {n}:\n  "
                            + "\n  ".join(q["sql"][:150] for q in ctx.captured_queries))
    assert not problems, "\n".join(problems)
