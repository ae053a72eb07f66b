"""Progress updates: a coordinator's proposal (status + note) awaiting the Secretariat.

Imported at the bottom of ``workplan/models.py``. Workflows live in ``workplan/progress.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.plan.models import Activity

__all__ = ["ProgressUpdate"]


class ProgressUpdate(models.Model):
    """A proposed status and progress note for one activity.

    ``state`` goes pending -> accepted (status and note applied to the activity) or
    pending -> returned (with ``review_comment``); never back. At most one update per
    activity is pending at a time (a partial unique constraint), so the activity shows
    one pending update. ``base_version`` is the activity's ``version`` when the update
    was submitted: accepting it over a newer change needs the reviewer to have seen it.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="progress_updates",
                                 verbose_name=_("activity"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="progress_updates", verbose_name=_("submitted by"))
    status = models.CharField(_("proposed status"), max_length=20, choices=Activity.Status.choices)
    note = models.TextField(_("progress note"), max_length=NOTE_MAX_LENGTH)
    base_version = models.PositiveIntegerField(_("activity version when submitted"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity"], condition=Q(state="pending"),
                                    name="progress_update_one_pending_per_activity"),
        ]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.activity_id}: {self.get_status_display()} ({self.get_state_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
