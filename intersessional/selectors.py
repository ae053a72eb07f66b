"""Reads for the intersessional group pages, prefetched so query counts stay constant."""

from django.db.models import Prefetch, QuerySet

from workplan.models import Activity, Topic, WorkingGroup

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
    """One intersessional group by its number in ``group``, with its linked topics and
    their activities (in plan order) prefetched. Raises ``IntersessionalGroup.DoesNotExist``."""
    activities = Activity.objects.select_related("topic").order_by("order", "pk")
    return (intersessional_groups(group=group)
            .prefetch_related(Prefetch("topics__activities", queryset=activities))
            .get(number=number))
