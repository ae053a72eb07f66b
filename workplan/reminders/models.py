"""Reminder rows: every deadline reminder is a row before it is a message.

A row names one activity, one recipient, the kind of reminder and the deadline it was
computed from; the database refuses a second row with the same four values,
so however often beat fires or a worker retries, a reminder is created once. Sending
marks ``sent_at``; a row that became pointless before it was sent (the activity was
closed, its timeline moved, the recipient opted out) is marked ``void_at`` instead.

Kinds (``kind`` is a short code, not a free text):

- ``before-<N>``: N days before the deadline (N from ``WorkingGroup.reminder_lead_days``);
- ``overdue-<N>``: N days after it (0, 14, 28, ...: the first day past, then every 14 days);
- ``summary-<YYYY>-W<WW>``: the item lists this overdue activity in the Secretariat's
  weekly overdue summary of that ISO week.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Reminder"]


class ReminderQuerySet(models.QuerySet):
    def pending(self, *, now):
        """Due at or before ``now`` (aware) and neither sent nor void: "due and not yet
        sent", never "due within the last hour" (a missed scan or a repeated DST hour must
        neither lose nor double one)."""
        return self.filter(due_at__lte=now, sent_at__isnull=True, void_at__isnull=True)


class Reminder(models.Model):
    BEFORE = "before"
    OVERDUE = "overdue"
    SUMMARY = "summary"

    # No index of its own: the unique constraint's index starts with activity_id.
    activity = models.ForeignKey("workplan.Activity", on_delete=models.CASCADE, db_index=False,
                                 related_name="reminders", verbose_name=_("activity"))
    # No full index either (inserts are the hot path: the first scan of a large plan
    # writes ~200,000 rows); reading pending rows per recipient uses reminder_pending_idx,
    # and deleting a user, which is rare (accounts are deactivated), scans the table.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False,
                                  related_name="reminders", verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=24)
    # The activity's deadline when the row was made: a changed timeline gives a new key,
    # and rows for an old deadline are voided instead of sent.
    deadline = models.DateTimeField(_("deadline"))
    due_at = models.DateTimeField(_("due at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    void_at = models.DateTimeField(_("void at"), null=True, blank=True)
    void_reason = models.CharField(_("why void"), max_length=100, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "recipient", "kind", "deadline"],
                                    name="reminder_once_per_activity_recipient_kind_deadline"),
            models.CheckConstraint(condition=Q(sent_at__isnull=True) | Q(void_at__isnull=True),
                                   name="reminder_not_both_sent_and_void"),
        ]
        indexes = [
            # The send step reads "due and not yet sent" per recipient: a partial index
            # stays as small as the backlog however long the history grows.
            models.Index(fields=["recipient", "due_at"], name="reminder_pending_idx",
                         condition=Q(sent_at__isnull=True, void_at__isnull=True)),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self):
        return f"{self.kind} {self.activity_id} → {self.recipient_id}"

    @property
    def family(self) -> str:
        """``before``, ``overdue`` or ``summary``."""
        return self.kind.split("-", 1)[0]

    @property
    def days(self) -> int | None:
        """N of ``before-N`` / ``overdue-N``; None for a summary item."""
        family, _sep, rest = self.kind.partition("-")
        return int(rest) if family in (self.BEFORE, self.OVERDUE) else None
