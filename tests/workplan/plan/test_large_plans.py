"""Pages of a very large plan stay usable (issue 8): a topic on the plan page and on an
intersessional group page shows its first activities and links to all of them."""

import pytest
from django.urls import reverse

from tests.support.factories import IntersessionalGroupFactory, MembershipFactory, UserFactory
from workplan.models import Activity, Membership, Topic, WorkingGroup
from workplan.plan.selectors import TOPIC_ACTIVITY_LIMIT


@pytest.fixture
def big_topic_client(client, db, settings):
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


def test_timeline_draws_the_first_rows_and_says_how_many_matched(big_topic_client, monkeypatch):
    """Beyond TIMELINE_LIMIT the chart stops and the page gives the number that matched."""
    from workplan.charts import views as timeline_views

    monkeypatch.setattr(timeline_views, "TIMELINE_LIMIT", 10)
    response = big_topic_client.get(reverse("workplan:timeline"))
    assert response.status_code == 200
    assert len(response.context["activities"]) == 10
    assert response.context["matching_count"] == TOPIC_ACTIVITY_LIMIT + 8
    assert f"The chart shows the first 10 of {TOPIC_ACTIVITY_LIMIT + 8} matching activities" in response.content.decode()
    small = big_topic_client.get(reverse("workplan:timeline"), {"topic": Topic.objects.get(number=2).pk})
    assert small.context["matching_count"] == 1 and "The chart shows the first" not in small.content.decode()


def test_timeline_chart_is_cached_and_redrawn_when_an_activity_changes(big_topic_client, monkeypatch):
    """The SVG comes from the cache while nothing drawn changed; an edit redraws it."""
    from django.core.cache import cache

    from workplan.charts import cache as chart_cache

    cache.clear()
    drawn = []
    real = chart_cache.gantt_svg
    monkeypatch.setattr(chart_cache, "gantt_svg", lambda **kw: drawn.append(1) or real(**kw))
    url = reverse("workplan:timeline")
    first = big_topic_client.get(url).context["chart_svg"]
    assert big_topic_client.get(url).context["chart_svg"] == first and len(drawn) == 1
    Activity.objects.filter(description="Big activity 001").update(description="Renamed activity 001")
    second = big_topic_client.get(url).context["chart_svg"]
    assert len(drawn) == 2 and "Renamed activity 001" in second and "Renamed" not in first
