"""Who is told about a progress update, as rows (``Notification``) made in the update's
own transaction, and the send task enqueued once it commits.

Recipients: a submitted update goes to the Secretariat of the activity's working group
(every active member with an address, except the submitter); an accepted or returned one
to the coordinator who submitted it (unless they reviewed it themselves). Each person's
``Profile.notification_delivery`` decides: immediately (a task sends the rows after
commit), a daily digest (the periodic digest task sends them), or never (no row).
Sending lives in ``workplan.progress.mail``; this module only writes rows and enqueues.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from workplan.plan.models import Membership, Profile
from workplan.progress.models import Notification, ProgressUpdate

logger = logging.getLogger(__name__)


def _delivery_of(users) -> dict[int, str]:
    """User id -> delivery choice (users without a profile get the default)."""
    chosen = dict(Profile.objects.filter(user__in=[u.pk for u in users])
                  .values_list("user_id", "notification_delivery"))
    return {u.pk: chosen.get(u.pk, Profile.Delivery.IMMEDIATE) for u in users}


def _notify(*, update: ProgressUpdate, event: str, users) -> list[int]:
    """Rows for ``users`` who want this notification; the immediate ones are sent by a
    task enqueued after commit. Returns the ids of the immediate rows. Idempotent: the
    unique constraint drops a second row for the same update, event and recipient."""
    users = [u for u in users if u.is_active and u.email]
    delivery = _delivery_of(users)
    rows = [Notification(update=update, event=event, recipient=u,
                         digest=delivery[u.pk] == Profile.Delivery.DAILY)
            for u in users if delivery[u.pk] != Profile.Delivery.NONE]
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(Notification.objects.unsent().filter(update=update, event=event, digest=False)
               .values_list("id", flat=True))
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return ids


def _enqueue(ids: list[int]) -> None:
    """Queue the send task. A broker that cannot be reached must not fail the finished
    request: the rows stay unsent and the periodic sweep sends them."""
    from workplan.progress.tasks import notifications_send

    try:
        notifications_send.delay(ids)
    except Exception:  # kombu raises several types for an unreachable broker
        logger.exception("Could not queue notifications %s; the sweep will send them.", ids)


def notify_submitted(*, update: ProgressUpdate) -> list[int]:
    """Tell the Secretariat of the update's working group that it waits for review."""
    group_id = update.activity.topic.group_id
    User = get_user_model()
    users = list(User.objects.filter(memberships__group_id=group_id,
                                     memberships__role=Membership.Role.SECRETARIAT)
                 .exclude(pk=update.submitted_by_id).distinct())
    return _notify(update=update, event=Notification.Event.SUBMITTED, users=users)


def notify_reviewed(*, update: ProgressUpdate) -> list[int]:
    """Tell the coordinator who submitted the update that it was accepted or returned
    (with the reviewer's comment, read from the update when the mail is written)."""
    author = update.submitted_by
    if author is None or author.pk == update.reviewed_by_id:
        return []
    return _notify(update=update, event=update.state, users=[author])
