"""Meetings (the next PTC session and the others the plan reports to): add, edit, cancel.

A cancelled meeting is kept with its reports and history, marked with who cancelled it
and when; it can be restored. Nothing here deletes a meeting.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Meeting, WorkingGroup

from .common import WorkspaceError, lock_at_version, require_secretariat, save_with_history

MEETING_FIELDS = ("kind", "number", "title", "start_date", "end_date", "place", "month_only")


def _check(*, kind: str, title: str, start_date: dt.date, end_date: dt.date) -> None:
    if kind not in Meeting.Kind.values:
        raise WorkspaceError(_("Unknown kind of meeting: %(kind)s.") % {"kind": kind})
    if not title.strip():
        raise WorkspaceError(_("A meeting needs a title."))
    if end_date < start_date:
        raise WorkspaceError(_("The meeting ends before it starts."))


def meeting_create(*, group: WorkingGroup, kind: str, title: str, start_date: dt.date,
                   end_date: dt.date, number: str = "", place: str = "", month_only: bool = False,
                   by) -> Meeting:
    """Add a meeting to ``group`` (``kind`` one of ``Meeting.Kind``; dates inclusive, end
    not before start). Raises ``PermissionDenied`` unless ``by`` is Secretariat of the
    group, ``WorkspaceError`` for bad input. One "created" history record by ``by``."""
    require_secretariat(by, group)
    _check(kind=kind, title=title, start_date=start_date, end_date=end_date)
    meeting = Meeting(group=group, kind=kind, number=number.strip(), title=title.strip(),
                      start_date=start_date, end_date=end_date, place=place.strip(),
                      month_only=month_only)
    meeting._history_user = by
    with transaction.atomic():
        meeting.save()
    return meeting


def meeting_update(*, meeting: Meeting, expected_version: int | None, by, **values) -> Meeting:
    """Change a meeting's ``kind``, ``number``, ``title``, ``start_date``, ``end_date``,
    ``place`` or ``month_only`` (keywords; others raise ``TypeError``).

    Locks the row, compares its version with ``expected_version`` (``VersionConflict``),
    validates (``WorkspaceError``), saves with ``version + 1`` and a history record by
    ``by``. A save that changes nothing writes nothing. Returns the meeting as saved.
    """
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unknown fields {sorted(unknown)}")
    require_secretariat(by, meeting.group)
    with transaction.atomic():
        current = lock_at_version(Meeting, meeting.pk, expected_version, related=("group",))
        changed = []
        for name, value in values.items():
            value = value.strip() if isinstance(value, str) else value
            if getattr(current, name) != value:
                setattr(current, name, value)
                changed.append(name)
        _check(kind=current.kind, title=current.title, start_date=current.start_date,
               end_date=current.end_date)
        if changed:
            save_with_history(current, by=by, fields=changed)
    return current


def meeting_cancel(*, meeting: Meeting, expected_version: int | None, by,
                   now: dt.datetime | None = None) -> Meeting:
    """Mark a meeting cancelled (kept, with its reports); ``WorkspaceError`` when it
    already is. Version check and history as ``meeting_update``."""
    require_secretariat(by, meeting.group)
    with transaction.atomic():
        current = lock_at_version(Meeting, meeting.pk, expected_version, related=("group",))
        if current.is_cancelled:
            raise WorkspaceError(_("This meeting is already cancelled."))
        current.cancelled_at = now or timezone.now()
        current.cancelled_by = by
        save_with_history(current, by=by, fields=["cancelled_at", "cancelled_by"], now=current.cancelled_at)
    return current


def meeting_restore(*, meeting: Meeting, expected_version: int | None, by) -> Meeting:
    """Undo ``meeting_cancel``; ``WorkspaceError`` when the meeting is not cancelled."""
    require_secretariat(by, meeting.group)
    with transaction.atomic():
        current = lock_at_version(Meeting, meeting.pk, expected_version, related=("group",))
        if not current.is_cancelled:
            raise WorkspaceError(_("This meeting is not cancelled."))
        current.cancelled_at = None
        current.cancelled_by = None
        save_with_history(current, by=by, fields=["cancelled_at", "cancelled_by"])
    return current
