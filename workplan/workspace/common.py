"""What every workspace service shares: the Secretariat check and the version check."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import WorkingGroup
from workplan.plan.rules import is_secretariat


class VersionConflict(Exception):
    """The row was saved by someone else since the form was opened (optimistic lock).

    ``current`` is the row as it is now in the database, so the page can show it beside
    the user's own input. Nothing was written.
    """

    def __init__(self, current: models.Model):
        self.current = current
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}.")


class WorkspaceError(Exception):
    """An action refused for a reason the user can act on (shown as a message, 400)."""


def require_secretariat(by, group: WorkingGroup) -> None:
    """Raise ``PermissionDenied`` unless ``by`` is Secretariat of ``group`` (or a superuser)."""
    if by is None or not is_secretariat(by, group):
        raise PermissionDenied(_("Only the Secretariat of this working group may do this."))


def lock_at_version(model: type[models.Model], pk: int, expected_version: int | None,
                    *, related: tuple[str, ...] = ()) -> models.Model:
    """The row ``pk`` of ``model`` locked (``SELECT ... FOR UPDATE``) inside the caller's
    transaction; ``VersionConflict`` when its ``version`` is not ``expected_version``
    (``None`` skips the comparison: a command that has just read the row)."""
    qs = model.objects.select_for_update(of=("self",))
    if related:
        qs = qs.select_related(*related)
    current = qs.get(pk=pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
    return current


def save_with_history(obj: models.Model, *, by, fields: list[str], now: dt.datetime | None = None,
                      reason: str = "") -> None:
    """Bump ``obj.version`` and save ``fields`` with one history record by ``by``."""
    obj.version += 1
    obj._history_user = by
    obj._history_date = now or timezone.now()
    if reason:
        obj._change_reason = reason
    obj.save(update_fields=[*fields, "version"])
