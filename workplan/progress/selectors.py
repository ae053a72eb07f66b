"""Reads for progress updates, the coordinator's page and the review queue."""

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When

from workplan.plan.models import Activity, WorkingGroup
from workplan.progress.models import ProgressUpdate
from workplan.plan.rules import coordinated_activity_ids


def _pending_prefetch() -> Prefetch:
    return Prefetch(
        "progress_updates",
        queryset=ProgressUpdate.objects.filter(state=ProgressUpdate.State.PENDING).select_related("submitted_by"),
        to_attr="pending_updates",
    )


def my_activities(*, user, group: WorkingGroup) -> QuerySet[Activity]:
    """Activities of ``group`` the user's parties are responsible for or coordinate.

    Order: open activities by deadline (last timeline month, earliest first, so overdue
    ones lead), then unscheduled open ones, then completed/cancelled ones. Each carries
    ``pending_updates`` (a list of at most one ``ProgressUpdate``). Three queries in all,
    whatever the number of rows.
    """
    ids = coordinated_activity_ids(user)
    closed = Case(When(status__in=Activity.CLOSED_STATUSES, then=Value(1)), default=Value(0),
                  output_field=IntegerField())
    return (
        Activity.objects.filter(pk__in=ids, topic__group=group)
        .select_related("topic")
        .prefetch_related(_pending_prefetch())
        .annotate(is_closed_rank=closed)
        .order_by("is_closed_rank", F("last_month").asc(nulls_last=True), "topic__number", "order")
    )


def my_progress_updates(*, user, group: WorkingGroup, limit: int = 20) -> QuerySet[ProgressUpdate]:
    """The user's own recent updates in ``group``, newest first (pending, accepted, returned)."""
    return (
        ProgressUpdate.objects.filter(submitted_by=user, activity__topic__group=group)
        .select_related("activity__topic", "reviewed_by")
        .order_by("-created_at", "-pk")[:limit]
    )


def pending_updates_for_review(*, group: WorkingGroup) -> QuerySet[ProgressUpdate]:
    """Pending updates of ``group``'s activities, oldest first (first come, first reviewed)."""
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.PENDING, activity__topic__group=group)
        .select_related("activity__topic", "submitted_by")
        .order_by("created_at", "pk")
    )


def pending_update_of(activity: Activity) -> ProgressUpdate | None:
    """The activity's pending update, from the ``pending_updates`` prefetch when present."""
    if hasattr(activity, "pending_updates"):
        return activity.pending_updates[0] if activity.pending_updates else None
    return (ProgressUpdate.objects.filter(activity=activity, state=ProgressUpdate.State.PENDING)
            .select_related("submitted_by").first())
