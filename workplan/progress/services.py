"""Progress updates: a coordinator proposes, the Secretariat accepts or returns.

Every function takes keyword arguments only, runs in one transaction and raises
``ProgressError`` (a ``ValidationError``: views show its message with a 4xx) for a
refused action, or ``ActivityChangedError`` (workplan.plan.services) when the activity
changed under a review; nothing is half written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan import services
from workplan.plan.limits import text_lengths_check
from workplan.plan.models import Activity
from workplan.plan.services import ActivityChangedError
from workplan.progress.models import ProgressUpdate


class ProgressError(ValidationError):
    """A progress update was refused; ``messages`` says why, in the user's language."""


def _check_length(text: str, field: str) -> None:
    """``ProgressError`` (code "too_long") when ``text`` is over ``field``'s limit."""
    try:
        text_lengths_check(model=ProgressUpdate, values={field: text})
    except ValidationError as exc:
        raise ProgressError(exc.message_dict[field][0], code="too_long") from None


def progress_submit(*, activity: Activity, by, status: str, note: str) -> ProgressUpdate:
    """Record ``by``'s proposal of ``status`` (an ``Activity.Status`` value) and ``note``.

    Needs ``workplan.submit_progress`` on the activity (a coordinator of it, or the
    Secretariat). Refused with ``ProgressError`` when the status is unknown, the note is
    empty or too long, or another update for the activity is still pending (one at a time, enforced
    by a unique constraint so two simultaneous submissions cannot both pass).
    Raises ``PermissionDenied`` when ``by`` may not report on the activity.
    """
    if not by.has_perm("workplan.submit_progress", activity):
        raise PermissionDenied(_("You do not coordinate this activity."))
    if status not in Activity.Status.values:
        raise ProgressError(_("Choose a status from the list."), code="status")
    note = (note or "").strip()
    if not note:
        raise ProgressError(_("Write a short progress note."), code="note")
    _check_length(note, "note")
    try:
        with transaction.atomic():
            return ProgressUpdate.objects.create(
                activity=activity, submitted_by=by, status=status, note=note,
                base_version=activity.version,
            )
    except IntegrityError:
        raise ProgressError(
            _("An update for this activity is already waiting for the Secretariat's review."),
            code="pending") from None


def _claim(update: ProgressUpdate, *, state: str, by, comment: str = "") -> ProgressUpdate:
    """Move a pending update to ``state``, once: a conditional update claims it so two
    reviewers clicking at the same time cannot both accept (or accept and return)."""
    now = timezone.now()
    claimed = ProgressUpdate.objects.filter(pk=update.pk, state=ProgressUpdate.State.PENDING).update(
        state=state, reviewed_by=by, reviewed_at=now, review_comment=comment, updated_at=now)
    if claimed != 1:
        raise ProgressError(_("This update has already been reviewed."), code="reviewed")
    update.refresh_from_db()
    return update


def progress_accept(*, update: ProgressUpdate, by, expected_version: int | None = None) -> ProgressUpdate:
    """Accept a pending update: its status and note become the activity's, recorded in
    the history as a change by ``by`` (the Secretariat member).

    ``expected_version`` is the activity version the reviewer saw (the review form sends
    it); by default the version the update was submitted against, so an update never
    silently overwrites a change made after it was written. Raises ``PermissionDenied``
    for a non-Secretariat user, ``ActivityChangedError`` on a version conflict,
    ``ProgressError`` when the update is no longer pending.
    """
    if not by.has_perm("workplan.review_progress", update.activity):
        raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
    seen = update.base_version if expected_version is None else expected_version
    try:
        with transaction.atomic():
            update = _claim(update, state=ProgressUpdate.State.ACCEPTED, by=by)
            # The same optimistic-locking path as the Secretariat's own status form.
            services.activity_update_status(activity=update.activity, status=update.status, note=update.note,
                                            by=by, expected_version=seen)
    except ActivityChangedError as exc:
        # The same error, told in the reviewer's words.
        raise ActivityChangedError(exc.current, seen=seen, message=_(
            "This activity changed since the update was reviewed (now version %(now)d, "
            "seen %(seen)d). Reload the page and review it again.")
            % {"now": exc.current.version, "seen": seen}) from None
    return update


def progress_return(*, update: ProgressUpdate, by, comment: str) -> ProgressUpdate:
    """Return a pending update to its author with ``comment`` (required: why).

    The activity is unchanged. Raises ``PermissionDenied`` for a non-Secretariat user and
    ``ProgressError`` for an empty comment or an update no longer pending.
    """
    if not by.has_perm("workplan.review_progress", update.activity):
        raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
    comment = (comment or "").strip()
    if not comment:
        raise ProgressError(_("Say why the update is returned."), code="comment")
    _check_length(comment, "review_comment")
    with transaction.atomic():
        return _claim(update, state=ProgressUpdate.State.RETURNED, by=by, comment=comment)
