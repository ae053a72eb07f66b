"""Reads for progress updates, the coordinator's page and the review queue."""


from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import RowNumber
from django.db.models import Window

from intersessional.models import IntersessionalGroup, Participation
from workplan.plan.models import Activity, Party, Topic, WorkingGroup
from workplan.plan.rules import coordinated_activity_ids, party_ids
from workplan.plan.selectors import topics_with_activities
from workplan.progress.models import ProgressEntry, ProgressUpdate


def _pending_prefetch() -> Prefetch:
    return Prefetch(
        "progress_updates",
        queryset=ProgressUpdate.objects.filter(state=ProgressUpdate.State.PENDING).select_related("submitted_by"),
        to_attr="pending_updates",
    )


def _last_reviewed_prefetch() -> Prefetch:
    """Each activity's most recently reviewed update (accepted or returned), as a list of
    at most one in ``last_reviewed``: a window function keeps one row per activity."""
    rank = Window(RowNumber(), partition_by=F("activity_id"),
                  order_by=[F("reviewed_at").desc(nulls_last=True), F("pk").desc()])
    updates = (ProgressUpdate.objects.exclude(state=ProgressUpdate.State.PENDING)
               .annotate(review_rank=rank).filter(review_rank=1)
               .select_related("reviewed_by", "submitted_by"))
    return Prefetch("progress_updates", queryset=updates, to_attr="last_reviewed")


def my_activities(*, user, group: WorkingGroup) -> QuerySet[Activity]:
    """Activities of ``group`` the user's parties are responsible for or coordinate.

    Order: open activities by deadline (last timeline month, earliest first, so overdue
    ones lead), then unscheduled open ones, then completed/cancelled ones. Each carries
    ``pending_updates`` (a list of at most one ``ProgressUpdate``) and ``last_reviewed``
    (the latest accepted or returned update, at most one: the Secretariat's last
    comment, and a returned update to pre-fill the form with). A fixed number of
    queries, whatever the number of rows.
    """
    ids = coordinated_activity_ids(user)
    closed = Case(When(status__in=Activity.CLOSED_STATUSES, then=Value(1)), default=Value(0),
                  output_field=IntegerField())
    return (
        Activity.objects.filter(pk__in=ids, topic__group=group)
        .select_related("topic")
        .prefetch_related(_pending_prefetch(), _last_reviewed_prefetch())
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
    """Pending updates of ``group``'s activities, oldest first (first come, first reviewed),
    with the activity (and who last changed it, for stale updates) and the submitter with
    their parties. A fixed number of queries whatever the number of rows."""
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.PENDING, activity__topic__group=group)
        .select_related("activity__topic", "activity__changed_by", "submitted_by")
        .prefetch_related(Prefetch("submitted_by__profile__parties", queryset=Party.objects.order_by("short_name")))
        .order_by("created_at", "pk")
    )


def progress_log(*, activity: Activity) -> QuerySet[ProgressEntry]:
    """The activity's progress log, newest first, with authors, parties and reviewers
    (one query)."""
    return (ProgressEntry.objects.filter(activity=activity)
            .select_related("author", "author_party", "accepted_by").order_by("-created_at", "-pk"))


def progress_counts(*, user, group: WorkingGroup | None, secretariat: bool) -> dict[str, int]:
    """``{"pending": n, "returned": m}`` in one query: updates of ``group`` waiting for
    review (counted for the Secretariat only, else 0), and the user's own updates
    returned to them and not yet followed by a newer update on the same activity."""
    if not group or not user.is_authenticated:  # ``group`` may be a lazy None
        return {"pending": 0, "returned": 0}
    newer = ProgressUpdate.objects.filter(activity_id=OuterRef("activity_id"), created_at__gt=OuterRef("created_at"))
    pending = Q(state=ProgressUpdate.State.PENDING)
    returned = Q(state=ProgressUpdate.State.RETURNED, submitted_by=user)
    counts = (ProgressUpdate.objects.filter(activity__topic__group=group)
              .filter((pending | returned) if secretariat else returned)
              .aggregate(pending=Count("pk", filter=pending), returned=Count("pk", filter=returned & ~Exists(newer))))
    return {"pending": counts["pending"] if secretariat else 0, "returned": counts["returned"]}


def my_groups(*, user, group: WorkingGroup) -> list[IntersessionalGroup]:
    """The intersessional groups of ``group`` in which one of the user's parties
    volunteers (and none coordinates), each with its topics and their activities
    prefetched (read-only "My groups"). A fixed number of queries."""
    parties = party_ids(user)
    if not parties:
        return []
    coordinated = Participation.objects.filter(party__in=parties, role=Participation.Role.COORDINATOR) \
        .values("group_id")
    topics = topics_with_activities(Topic.objects.order_by("number"))
    return list(IntersessionalGroup.objects
                .filter(working_group=group, participations__party__in=parties,
                        participations__role=Participation.Role.VOLUNTEER)
                .exclude(pk__in=coordinated).distinct().order_by("number")
                .prefetch_related(Prefetch("topics", queryset=topics)))


def pending_update_of(activity: Activity) -> ProgressUpdate | None:
    """The activity's pending update, from the ``pending_updates`` prefetch when present."""
    if hasattr(activity, "pending_updates"):
        return activity.pending_updates[0] if activity.pending_updates else None
    return (ProgressUpdate.objects.filter(activity=activity, state=ProgressUpdate.State.PENDING)
            .select_related("submitted_by").first())
