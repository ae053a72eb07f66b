"""Workflows on the work plan's activities (house style: one function per action,
``<noun>_<verb>(*, keyword arguments)``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.limits import text_lengths_check
from workplan.plan.models import Activity
from workplan.progress.models import ProgressEntry
from workplan.plan.timeline import Timeline


class ActivityChangedError(ValidationError):
    """The activity was saved by someone else since the version a person's decision was
    based on (optimistic lock): the Secretariat's status form, or a progress review.

    ``current`` is the activity as it is now in the database (with ``changed_by``), so the
    page can say who changed it and when, and show their values beside the user's input;
    ``seen`` is the version the person saw. A ``ValidationError`` with code "changed":
    ``message`` (translated) is what the page shows when it says no more itself; views
    answer 409. The one such error of the project (progress reviews raise it too).
    """

    def __init__(self, current: Activity, *, seen: int | None = None, message: str | None = None):
        self.current = current
        self.seen = seen
        super().__init__(message or f"Activity {current.pk} is at version {current.version}, not {seen}.",
                         code="changed")


def activity_update_status(*, activity: Activity, status: str, note: str, by,
                           expected_version: int, timeline: Timeline | None = None,
                           now: dt.datetime | None = None, reported_by=None,
                           update=None, edited: bool = False) -> Activity:
    """Set an activity's status and progress note (and, optionally, its timeline).

    ``status`` is one of ``Activity.Status`` (ValueError otherwise); ``note`` replaces the
    progress note; ``timeline`` (from ``parse_timeline``) replaces the timeline when given;
    ``by`` is the user making the change; ``expected_version`` is the ``version`` the user's
    form was opened on. ``now`` (aware) defaults to the current time.

    In one transaction: the row is locked (``SELECT ... FOR UPDATE``), its version compared
    with ``expected_version`` (``ActivityChangedError`` when they differ: nothing is
    written), then the fields, ``version + 1``, ``changed_by``/``changed_at`` and a history
    record (django-simple-history, ``history_user=by``) are saved, and, when the note
    changed, an entry of the progress log (``ProgressEntry``: the note, the status, its
    author and their party, linked to the history record). For an accepted coordinator
    update, ``reported_by`` is the coordinator (the entry's author), ``by`` the Secretariat
    member who accepts it, ``update`` the ``ProgressUpdate`` and ``edited`` whether they
    corrected it first. A save that changes nothing writes nothing. Returns the activity
    as saved. A note longer than its limit
    (``workplan.plan.limits``) raises ``ValidationError`` ({"progress_note": [...]})
    before anything is written.
    """
    if status not in Activity.Status.values:
        raise ValueError(_("Unknown status: %(status)s.") % {"status": status})
    text_lengths_check(model=Activity, values={"progress_note": note})
    with transaction.atomic():
        current = (Activity.objects.select_for_update(of=("self",))
                   .select_related("changed_by").get(pk=activity.pk))
        if current.version != expected_version:
            raise ActivityChangedError(current, seen=expected_version)
        before = (current.status, current.progress_note, current.timeline)
        note_before = current.progress_note
        current.status = status
        current.progress_note = note
        if timeline is not None:
            current.set_timeline(timeline)
        if (current.status, current.progress_note, current.timeline) == before:
            return current
        current.version += 1
        current.changed_by = by
        current.changed_at = now or timezone.now()
        # simple-history takes these for the history record's user and date.
        current._history_user = by
        current._history_date = current.changed_at
        current.save(update_fields=["status", "progress_note", "timeline_text", "first_month",
                                    "last_month", "tentative", "version", "changed_by",
                                    "changed_at"])
        if current.progress_note != note_before:
            # Every note change is kept in the progress log, in this transaction; the
            # log is part of the activity's record, so this one write path writes it.
            record = (Activity.history.filter(id=current.pk).order_by("-history_id")
                      .values_list("history_id", flat=True).first())
            ProgressEntry.objects.record(
                activity=current, note=current.progress_note, status=current.status,
                author=reported_by or by, accepted_by=by if reported_by is not None else None,
                update=update, edited=edited, when=current.changed_at, history_id=record)
    return current
