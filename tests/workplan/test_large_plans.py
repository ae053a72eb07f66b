"""Pages of a very large plan stay usable (issue 8): a topic on the plan page and on an
intersessional group page shows its first activities and links to all of them."""

import pytest
from django.urls import reverse

from factories import IntersessionalGroupFactory, MembershipFactory, UserFactory
from workplan.models import Activity, Membership, Topic, WorkingGroup
from workplan.selectors import TOPIC_ACTIVITY_LIMIT


@pytest.fixture
def big_topic_client(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    group = WorkingGroup.objects.create(acronym="WGEC", name="Working Group on E-Commerce")
    big, small = Topic.objects.bulk_create([Topic(group=group, number=1, title="Big topic"),
                                            Topic(group=group, number=2, title="Small topic")])
    Activity.objects.bulk_create(
        [Activity(topic=big, order=i + 1, description=f"Big activity {i + 1:03d}") for i in range(TOPIC_ACTIVITY_LIMIT + 7)]
        + [Activity(topic=small, order=1, description="Small activity 001")])
    IntersessionalGroupFactory(working_group=group, number=1).topics.set([big, small])
    user = UserFactory(username="sec")
    MembershipFactory(user=user, group=group, role=Membership.Role.SECRETARIAT)
    client.force_login(user)
    client.big = big
    return client


@pytest.mark.parametrize("url", [reverse("workplan:workplan"), reverse("intersessional:group-detail", args=[1])])
def test_a_topic_shows_its_first_activities_and_links_to_all(big_topic_client, url):
    page = big_topic_client.get(url).content.decode()
    limit = TOPIC_ACTIVITY_LIMIT
    assert f"Big activity {limit:03d}" in page and f"Big activity {limit + 1:03d}" not in page
    assert f"All {limit + 7} activities of this topic, in the activity list" in page
    assert f'{reverse("workplan:activity-list")}?topic={big_topic_client.big.pk}' in page
    assert "Small activity 001" in page and page.count("of this topic, in the activity list") == 1
    # The link leads to every activity of the topic.
    listed = big_topic_client.get(reverse("workplan:activity-list"), {"topic": big_topic_client.big.pk})
    assert listed.context["table"].paginator.count == limit + 7
