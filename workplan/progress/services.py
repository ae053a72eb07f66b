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
from workplan.plan.models import Activity, Profile
from workplan.plan.services import ActivityChangedError
from workplan.progress import notify as progress_notify
from workplan.progress.models import ProgressUpdate

# The forms' limit, enforced here too (case S5: a 1 MB note made a 1,190-page report).


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
            update = ProgressUpdate.objects.create(
                activity=activity, submitted_by=by, status=status, note=note,
                base_version=activity.version,
            )
            progress_notify.notify_submitted(update=update)
            return update
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


def progress_accept(*, update: ProgressUpdate, by, comment: str = "", status: str | None = None,
                    note: str | None = None, expected_version: int | None = None,
                    accept_stale: bool = False) -> ProgressUpdate:
    """Accept a pending update: its status and note become the activity's, with a progress
    log entry saying who reported it and who accepted it, and ``comment`` (optional) goes
    back to the coordinator.

    "Accept with edits": ``status`` and/or ``note`` (when given and different from the
    coordinator's) are what the activity gets instead; the update keeps what was proposed
    and the log entry is marked edited. ``expected_version`` is the activity version the
    reviewer saw (the review form sends it; default: the version the update was written
    against). An update written against an older version than the activity's (stale: the
    activity changed since) is refused with code "stale" unless ``accept_stale`` (the
    reviewer ticked "accept anyway"). Raises ``PermissionDenied`` for a non-Secretariat
    user, ``ActivityChangedError`` when the activity moved past ``expected_version``,
    ``ProgressError`` for a bad status, an empty note or an update no longer pending.
    """
    if not by.has_perm("workplan.review_progress", update.activity):
        raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
    if not update.is_pending:  # the claim below settles a race; this answers a late click
        raise ProgressError(_("This update has already been reviewed."), code="reviewed")
    seen = update.base_version if expected_version is None else expected_version
    status = update.status if status in (None, "") else status
    if status not in Activity.Status.values:
        raise ProgressError(_("Choose a status from the list."), code="status")
    note = update.note if note is None else note.strip()
    if not note:
        raise ProgressError(_("Write a short progress note."), code="note")
    _check_length(note, "note")
    comment = (comment or "").strip()
    edited = (status, note) != (update.status, update.note)
    if seen != update.activity.version:
        # The page the reviewer decided on is older than the activity: say so first.
        raise ActivityChangedError(update.activity, seen=seen, message=_(
            "This activity changed since the update was reviewed (now version %(now)d, "
            "seen %(seen)d). Reload the page and review it again.")
            % {"now": update.activity.version, "seen": seen})
    if seen != update.base_version and not accept_stale:
        raise ProgressError(
            _("The activity changed after this update was written. Compare them, then tick "
              "\"Accept anyway\" to accept it over the change."), code="stale")
    try:
        with transaction.atomic():
            update = _claim(update, state=ProgressUpdate.State.ACCEPTED, by=by, comment=comment)
            # The same optimistic-locking path as the Secretariat's own status form.
            services.activity_update_status(activity=update.activity, status=status, note=note, by=by,
                                            expected_version=seen, reported_by=update.submitted_by,
                                            update=update, edited=edited)
            progress_notify.notify_reviewed(update=update)
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
        update = _claim(update, state=ProgressUpdate.State.RETURNED, by=by, comment=comment)
        progress_notify.notify_reviewed(update=update)
    return update


def profile_settings_save(*, user, reminders: bool, notification_delivery: str) -> Profile:
    """Save a user's e-mail settings: deadline reminders on or off (``reminders_opt_out``
    is their opposite) and the progress notifications' delivery (a ``Profile.Delivery``
    value; ``ProgressError`` otherwise). Creates the profile when missing."""
    if notification_delivery not in Profile.Delivery.values:
        raise ProgressError(_("Choose how progress notifications arrive."), code="delivery")
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
        profile.reminders_opt_out = not reminders
        profile.notification_delivery = notification_delivery
        profile.save(update_fields=["reminders_opt_out", "notification_delivery"])
    return profile
