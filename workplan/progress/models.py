"""Progress updates: a coordinator's proposal (status + note) awaiting the Secretariat.

Imported at the bottom of ``workplan/models.py``. Workflows live in ``workplan/progress.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.plan.models import Activity, Party
from workplan.plan.visibility import person_name

__all__ = ["Notification", "ProgressEntry", "ProgressUpdate"]


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


def author_party_for(user, activity: Activity) -> Party | None:
    """The party ``user`` speaks for on ``activity``: one of their parties named responsible
    for it, else one coordinating an intersessional group of its topic, else their first
    party by name; None for a user without parties. Up to three small queries."""
    if user is None:
        return None
    mine = Party.objects.filter(users__user=user).order_by("short_name")
    return (mine.filter(activities=activity).first()
            or mine.filter(participations__role="coordinator",
                           participations__group__topics=activity.topic_id).first()
            or mine.first())


class ProgressEntryManager(models.Manager):
    def reported_by_history(self, history_ids) -> dict[int, "ProgressEntry"]:
        """History record id -> the log entry of an accepted coordinator update written
        with it, for the records given (one query; none for an empty list). History,
        /changes/ and reports use it to say "reported by ..., accepted by ..."."""
        ids = [i for i in history_ids if i]
        if not ids:
            return {}
        return {e.history_id: e for e in self.filter(history_id__in=ids, accepted_by__isnull=False)
                .select_related("author", "author_party", "accepted_by")}

    def record(self, *, activity: Activity, note: str, status: str, author, when, history_id: int | None,
               accepted_by=None, update: "ProgressUpdate | None" = None, edited: bool = False,
               author_party: Party | None = None) -> "ProgressEntry":
        """Write the log entry of a saved note change (called inside the saving
        transaction). ``author_party`` defaults to ``author_party_for(author, activity)``."""
        return self.create(
            activity=activity, note=note, status=status, author=author, created_at=when,
            author_party=author_party or author_party_for(author, activity), accepted_by=accepted_by,
            update=update, edited=edited, history_id=history_id)


class ProgressEntry(models.Model):
    """One dated progress note of an activity: the progress log, newest first.

    Written in the same transaction as every change of ``Activity.progress_note`` (which
    stays the mirror of the newest entry). ``author`` wrote the note, as a member of
    ``author_party`` (their party that is responsible for or coordinates the activity,
    when they have one). For an accepted coordinator update, ``author`` is the
    coordinator who reported it, ``accepted_by`` the Secretariat member who accepted it
    (``edited`` when they corrected the note or status first) and ``update`` the
    update; for the Secretariat's own notes ``accepted_by`` is empty. ``status`` is the
    activity's status as saved with the note; ``history`` the history record written
    with it, so history pages and reports can say who reported a change.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="progress_entries",
                                 verbose_name=_("activity"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("author"))
    author_party = models.ForeignKey("workplan.Party", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("author's party"))
    status = models.CharField(_("status"), max_length=20, choices=Activity.Status.choices)
    note = models.TextField(_("progress note"), blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted by"))
    edited = models.BooleanField(_("edited by the Secretariat before acceptance"), default=False)
    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="entries", verbose_name=_("progress update"))
    history = models.ForeignKey("workplan.HistoricalActivity", null=True, blank=True, on_delete=models.SET_NULL,
                                db_constraint=False, related_name="+", verbose_name=_("history record"))

    objects = ProgressEntryManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["activity", "-created_at"], name="progress_entry_activity_idx")]
        verbose_name = _("progress log entry")
        verbose_name_plural = _("progress log entries")

    def __str__(self):
        return f"{self.activity_id} {self.created_at:%Y-%m-%d}: {self.note[:60]}"

    @property
    def is_reported(self) -> bool:
        """Reported by a coordinator and accepted by the Secretariat."""
        return self.accepted_by_id is not None

    @property
    def reported_by(self):
        """The coordinator who reported the note (accepted updates only), else None."""
        return self.author if self.is_reported else None

    @property
    def reported_party(self):
        return self.author_party if self.is_reported else None

    def attribution(self) -> str:
        """Who the note is from, as shown in the log, the history, /changes/ and the PDF:
        "reported by Ana Diaz (US), accepted by Sam Lee" for an accepted update, else the
        author's name (with their party when known)."""
        return attribution_label(author=self.author, party=self.author_party, accepted_by=self.accepted_by,
                                 edited=self.edited)


def attribution_label(*, author, party, accepted_by=None, edited: bool = False) -> str:
    """The one wording of who wrote a note (see ``ProgressEntry.attribution``); names by
    ``person_name``, never an e-mail address."""
    from django.utils.translation import gettext

    who = person_name(author)
    if party is not None:
        who = gettext("%(person)s (%(party)s)") % {"person": who, "party": party.short_name}
    if accepted_by is None:
        return who
    values = {"reporter": who, "reviewer": person_name(accepted_by)}
    if edited:
        return gettext("reported by %(reporter)s, accepted with edits by %(reviewer)s") % values
    return gettext("reported by %(reporter)s, accepted by %(reviewer)s") % values


class NotificationQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True, void_at__isnull=True)


class Notification(models.Model):
    """One e-mail notification about a progress update to one person: a row before it
    is a message, like ``Reminder``.

    ``event`` is what happened to the update: submitted (to the Secretariat of its
    working group), accepted or returned (to the coordinator who submitted it). The
    database refuses a second row for the same (update, event, recipient), so however
    often a task is retried or a sweep runs, there is one message. ``digest`` is the
    recipient's choice when the row was made (``Profile.notification_delivery``): sent
    at once, or in the next daily digest. Sending sets ``sent_at``; a row that must not
    go any more (the recipient chose "never", lost their address) gets ``void_at``.
    """

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("Update submitted")
        ACCEPTED = "accepted", _("Update accepted")
        RETURNED = "returned", _("Update returned")

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="notifications",
                               verbose_name=_("progress update"))
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="progress_notifications", verbose_name=_("recipient"))
    digest = models.BooleanField(_("in the daily digest"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    void_at = models.DateTimeField(_("void at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["update", "event", "recipient"],
                                    name="notification_once_per_update_event_recipient"),
            models.CheckConstraint(condition=Q(sent_at__isnull=True) | Q(void_at__isnull=True),
                                   name="notification_not_both_sent_and_void"),
        ]
        indexes = [
            # Senders read "not yet sent" rows only: a partial index as small as the backlog.
            models.Index(fields=["recipient", "created_at"], name="notification_unsent_idx",
                         condition=Q(sent_at__isnull=True, void_at__isnull=True)),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.event} {self.update_id} → {self.recipient_id}"
