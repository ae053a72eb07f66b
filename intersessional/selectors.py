"""Reads for the intersessional group pages, prefetched so query counts stay constant."""

from django.db.models import Prefetch, QuerySet

from workplan.plan.models import Topic, WorkingGroup
from workplan.plan.selectors import topics_with_activities

from .models import IntersessionalGroup, Participation


def intersessional_groups(*, group: WorkingGroup | None) -> QuerySet[IntersessionalGroup]:
    """The intersessional groups of a working group by number, each with participations
    (and their parties, in role then written order) and linked topics prefetched."""
    if group is None:
        return IntersessionalGroup.objects.none()
    return (IntersessionalGroup.objects.filter(working_group=group).order_by("number")
            .prefetch_related(
                Prefetch("participations",
                         queryset=Participation.objects.select_related("party").order_by("role", "position", "pk")),
                Prefetch("topics", queryset=Topic.objects.order_by("number"))))


def intersessional_group_detail(*, group: WorkingGroup | None, number: int) -> IntersessionalGroup:
    """One intersessional group by its number in ``group``, with its linked topics (each
    with ``activity_count``) and their first activities in plan order prefetched.
    Raises ``IntersessionalGroup.DoesNotExist``."""
    if group is None:
        raise IntersessionalGroup.DoesNotExist
    # Each topic: its activity_count and its first TOPIC_ACTIVITY_LIMIT activities, as on
    # the plan page; the rest are one link away in the activity list.
    topics = topics_with_activities(Topic.objects.order_by("number"))
    return (IntersessionalGroup.objects.filter(working_group=group)
            .prefetch_related(
                Prefetch("participations",
                         queryset=Participation.objects.select_related("party").order_by("role", "position", "pk")),
                Prefetch("topics", queryset=topics))
            .get(number=number))


def join_requests_for(*, group: WorkingGroup) -> QuerySet:
    """Requests to join the intersessional groups of ``group``: pending ones first, then
    those answered, latest first in each, with group, party and people joined."""
    from .models import JoinRequest

    return (JoinRequest.objects.filter(group__working_group=group)
            .select_related("group", "party", "requested_by", "decided_by")
            .order_by("-state", "-requested_at"))


def intersessional_group_as_of(*, group: WorkingGroup | None, number: int, cut_off) -> IntersessionalGroup:
    """The intersessional group ``number`` of ``group`` as it stood just before
    ``cut_off`` (aware): its coordinators and volunteers, its linked topics and their
    first activities, all as recorded then. The group is today's row (number and item
    of work as now) holding the past members and topics where the page reads them.
    Raises ``IntersessionalGroup.DoesNotExist`` when it did not exist then. Five queries.
    """
    from django.db.models import Q

    from workplan.plan.asof import latest_rows, topics_as_of
    from workplan.plan.selectors import TOPIC_ACTIVITY_LIMIT

    if group is None:
        raise IntersessionalGroup.DoesNotExist
    current = IntersessionalGroup.objects.get(working_group=group, number=number)
    record = (latest_rows(IntersessionalGroup.history.filter(id=current.pk), cut_off=cut_off,
                          scope=Q(id=current.pk)).first())
    if record is None:
        raise IntersessionalGroup.DoesNotExist
    members = latest_rows(Participation.history.filter(group_id=current.pk), cut_off=cut_off,
                          scope=Q(group_id=current.pk)).select_related("party").order_by("role", "position", "id")
    topic_ids = record.topics.values("topic_id")
    topics = topics_as_of(topics=Topic.objects.filter(pk__in=topic_ids).order_by("number"), cut_off=cut_off,
                          limit=TOPIC_ACTIVITY_LIMIT)
    current._prefetched_objects_cache = {"participations": list(members), "topics": topics}
    return current
