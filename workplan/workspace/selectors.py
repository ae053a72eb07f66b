"""Reads for the workspace pages, in a fixed number of queries whatever the plan's size."""

from django.db.models import Count, Prefetch, Q, QuerySet

from workplan.plan.models import Activity, Meeting, Membership, Topic, WorkingGroup


def plan_for_workspace(*, group: WorkingGroup) -> QuerySet[Topic]:
    """``group``'s topics by number, each with ``n_in_plan`` and ``n_withdrawn`` (counts)
    and every activity (withdrawn ones included, in order) with its linked parties
    prefetched: three queries."""
    activities = Activity.objects.order_by("order", "pk").prefetch_related("parties")
    return (Topic.objects.filter(group=group).order_by("number")
            .annotate(n_in_plan=Count("activities", filter=Q(activities__withdrawn_at__isnull=True)),
                      n_withdrawn=Count("activities", filter=Q(activities__withdrawn_at__isnull=False)))
            .prefetch_related(Prefetch("activities", queryset=activities)))


def workspace_counts(*, group: WorkingGroup) -> dict:
    """Figures for the workspace's index page: ``topics``, ``activities``, ``meetings``,
    ``people`` and ``join_requests`` (pending) of ``group``."""
    from intersessional.models import JoinRequest

    return {
        "topics": Topic.objects.filter(group=group).count(),
        "activities": Activity.objects.filter(topic__group=group).count(),
        "meetings": Meeting.objects.filter(group=group).count(),
        "people": Membership.objects.filter(group=group, user__is_superuser=False).count(),
        "join_requests": JoinRequest.objects.filter(group__working_group=group,
                                                    state=JoinRequest.State.PENDING).count(),
    }
