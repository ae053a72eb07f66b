"""The work plan: working groups, parties, topics, activities and meetings.

Shapes follow the seed document's Annex I (Work Plan for the Working Group on
E-Commerce): a topic is a numbered row group ("1. Technical Specifications"), each
activity row has Activity / Responsible / Timeline / Remarks cells kept as written.
"""

import contextvars
import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from wgec.i18n import language_choices
from workplan.plan.activity import ActivityRules
from workplan.plan.limits import (
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    RESPONSIBLE_MAX_LENGTH,
)
from workplan.plan.months import first_of_month
from workplan.plan.periods import date_range_label


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except Exception:
        raise ValidationError(_("%(value)s is not a time zone name such as Europe/Brussels."),
                              params={"value": value}) from None


def _default_lead_days() -> list[int]:
    return [30, 7]


class WorkingGroup(models.Model):
    """A WCO working group; one deployment may serve several (the seed's is WGEC)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels",
                                 validators=[validate_time_zone])
    # Days before a deadline at which reminders go out (30 and 7 unless the group says otherwise).
    reminder_lead_days = models.JSONField(_("reminder lead days"), default=_default_lead_days)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.acronym

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """The calendar date in the group's time zone at ``now`` (aware; default: now)."""
        return timezone.localtime(now or timezone.now(), self.tzinfo).date()


class Party(models.Model):
    """Who can be responsible, coordinate or volunteer: a Member, a stakeholder or a body.

    ``short_name`` is written as in the seed ("EU", "IFCBA", "Co-Chairs").
    """

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        STAKEHOLDER = "stakeholder", _("stakeholder")
        BODY = "body", _("body or role")
        # Created by an import from a name the tracker did not know: the Secretariat
        # confirms what it is; never guessed to be a Member.
        UNCONFIRMED = "unconfirmed", _("unconfirmed (to be checked)")

    short_name = models.CharField(_("short name"), max_length=100, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEMBER)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.short_name


class Topic(models.Model):
    """A numbered topic of a work plan ("2. Flow Chart and Data Elements")."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="topics",
                              verbose_name=_("working group"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    # Grows by one with every change made in the Secretariat's pages (optimistic lock).
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "number"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="topic_number_unique")]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return f"{self.number}. {self.title}"


def overdue_q(on: dt.date) -> Q:
    """The SQL form of ``Activity.is_overdue(on)``: the one place the rule is written for
    the database. ``ActivityQuerySet.overdue`` filters on it; aggregates use it as a
    filter (``Count("pk", filter=overdue_q(day))``). tests/workplan/plan/test_overdue_rule.py
    holds the two forms and every page, export, report and reminder equal."""
    return (Q(last_month__lt=first_of_month(on), withdrawn_at__isnull=True)
            & ~Q(status__in=Activity.CLOSED_STATUSES))


# Set while ActivityQuerySet.bulk_update runs: Django's bulk_update calls update() per batch.
_BULK_UPDATE: contextvars.ContextVar[bool] = contextvars.ContextVar("activity_bulk_update", default=False)


class ActivityQuerySet(models.QuerySet):
    def for_group(self, group: WorkingGroup):
        return self.filter(topic__group=group)

    def in_plan(self):
        """Activities not withdrawn: the ones counted and flagged overdue."""
        return self.filter(withdrawn_at__isnull=True)

    def overdue(self, on: dt.date):
        """Activities overdue on the day ``on`` (``Activity.is_overdue``), in SQL; withdrawn
        activities are never overdue."""
        return self.filter(overdue_q(on))

    def scheduled(self):
        return self.filter(first_month__isnull=False)

    def bulk_create(self, objs, *args, history: bool = True, **kwargs):
        """``QuerySet.bulk_create`` that also writes one "created" history row per activity
        (simple-history writes none for it), by the request's user, at the same time.
        ``history=False`` for callers that write richer rows themselves (the importer
        records the parties it links; generate_demo dates its rows in the past)."""
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            if history and created:
                Activity.history.bulk_history_create(created)
        return created

    def bulk_update(self, objs, fields, batch_size=None, *, history: bool = True) -> int:
        """``QuerySet.bulk_update`` that writes one "changed" history row per activity (as
        ``update``); ``history=False`` for callers that write their own rows."""
        objs = list(objs)
        token = _BULK_UPDATE.set(True)
        try:
            with transaction.atomic(using=self.db):
                changed = super().bulk_update(objs, fields, batch_size=batch_size)
                if history and objs:
                    self._history_record([o.pk for o in objs], reason="Changed in bulk")
        finally:
            _BULK_UPDATE.reset(token)
        return changed

    def update(self, **kwargs) -> int:
        """``QuerySet.update`` that also writes one "changed" history row per activity it
        changed, holding the activity's fields and parties after the change, by the
        request's user (django-simple-history's middleware) at the same time.

        django-simple-history writes nothing for ``update()``; without this, a bulk
        change would be missing from the plan as of a later date. Returns the number
        of rows changed. Three more queries whatever the number of rows.
        """
        if _BULK_UPDATE.get():  # inside bulk_update, which records (or not) itself
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))  # after the update the filter may not match
            changed = super().update(**kwargs)
            if ids:
                self._history_record(ids, reason="Changed in bulk")
        return changed

    def _history_record(self, activity_ids, *, reason: str) -> None:
        """One "changed" history row per activity (as simple-history writes for a save,
        by the request's user, now), with its parties then in the many-to-many history.
        Bulk writes send no signals, so without it they would be missing. Three queries."""
        activities = list(Activity.objects.filter(pk__in=activity_ids).order_by("pk"))
        records = Activity.history.bulk_history_create(activities, update=True, default_change_reason=reason)
        record_of = {r.id: r for r in records}
        LinkHistory = Activity.history.model._meta.get_field("historicalactivity_parties").related_model
        LinkHistory.objects.bulk_create([
            LinkHistory(history=record_of[link.activity_id], id=link.id, activity_id=link.activity_id,
                        party_id=link.party_id)
            for link in Activity.parties.through.objects.filter(activity_id__in=activity_ids)])


class Activity(ActivityRules):
    """One row of a work plan topic.

    ``responsible``, ``timeline_text`` and ``remarks`` keep the seed's cell text as
    written; ``parties`` are the parties named in ``responsible``; ``first_month`` and
    ``last_month`` are first-of-month dates parsed from ``timeline_text`` (both null when
    unscheduled). ``version`` grows by one with every saved change, so a form opened on an
    older version can be refused instead of silently overwriting (optimistic locking).
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    CLOSED_STATUSES = (Status.COMPLETED, Status.CANCELLED)

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="activities",
                              verbose_name=_("topic"))
    order = models.PositiveSmallIntegerField(_("order"))
    description = models.TextField(_("activity"), max_length=DESCRIPTION_MAX_LENGTH)
    responsible = models.TextField(_("responsible"), blank=True, max_length=RESPONSIBLE_MAX_LENGTH)
    parties = models.ManyToManyField(Party, blank=True, related_name="activities",
                                     verbose_name=_("responsible parties"))
    timeline_text = models.CharField(_("timeline"), max_length=200, blank=True)
    first_month = models.DateField(_("first month"), null=True, blank=True)
    last_month = models.DateField(_("last month"), null=True, blank=True)
    tentative = models.BooleanField(_("tentative"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.NOT_STARTED)
    remarks = models.TextField(_("remarks"), blank=True, max_length=NOTE_MAX_LENGTH)
    progress_note = models.TextField(_("progress note"), blank=True, max_length=NOTE_MAX_LENGTH)
    # Secretariat-only (workplan/visibility.py): never shown to delegates or coordinators.
    internal_note = models.TextField(_("internal note (Secretariat only)"), blank=True,
                                     max_length=NOTE_MAX_LENGTH)
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("last changed by"))
    # A withdrawn activity stays in the plan and its history (the Council's plan is amended,
    # never erased); it leaves the counts. Null while the activity is part of the plan.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("withdrawn by"))

    # Every save and every change of the parties writes a history row (who, when, all
    # fields, the parties then): the as-of pages and baselines read the plan from it.
    history = HistoricalRecords(m2m_fields=[parties], bases=[ActivityRules])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["topic__group", "topic__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "order"], name="activity_order_unique"),
            models.CheckConstraint(
                condition=Q(first_month__isnull=True, last_month__isnull=True)
                | Q(first_month__isnull=False, last_month__isnull=False, first_month__lte=models.F("last_month")),
                name="activity_months_consistent",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["first_month", "last_month"]),
            # The dashboard's overdue and due-soon lists walk deadlines in order.
            models.Index(fields=["last_month"], name="activity_last_month_idx"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.topic.number}.{self.order} {self.description[:80]}"



class Meeting(models.Model):
    """A meeting the work plan reports to or works at (PTC session, WGEC meeting, ...)."""

    class Kind(models.TextChoices):
        PTC = "ptc", _("PTC session")
        WG = "wg", _("Working group meeting")
        POLICY_COMMISSION = "policy_commission", _("Policy Commission")
        COUNCIL = "council", _("Council")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other meeting")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings",
                              verbose_name=_("working group"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=50, blank=True,
                              help_text=_('As written, e.g. "219th/220th" or "4th".'))
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # The seed dates some meetings to the month only ("April 2018").
    month_only = models.BooleanField(_("dated to the month only"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    # A cancelled meeting is kept (its reports and history stay) and shown as cancelled.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("cancelled by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "title"]
        constraints = [models.CheckConstraint(condition=Q(start_date__lte=models.F("end_date")),
                                              name="meeting_dates_ordered")]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workplan:meeting-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def dates_label(self) -> str:
        """Its dates in the reader's language: "8–12 October 2018", "du 8 au 12 octobre 2018"."""
        return date_range_label(self.start_date, self.end_date, month_only=self.month_only)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Profile(models.Model):
    """What a user is beyond Django's User: the parties they belong to and preferences."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    parties = models.ManyToManyField(Party, blank=True, related_name="users",
                                     verbose_name=_("parties"))
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one e-mail each")
        DAILY = "daily", _("Once a day, in one digest")
        NONE = "none", _("Never")

    reminders_opt_out = models.BooleanField(_("no reminder e-mails"), default=False)
    # Progress notifications (updates submitted, accepted, returned); deadline reminders
    # keep their own switch above.
    notification_delivery = models.CharField(_("progress notifications"), max_length=10,
                                             choices=Delivery.choices, default=Delivery.IMMEDIATE)
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True,
                                      default=_new_token)
    # Pages and mail in this language; blank: the browser's (and mail in LANGUAGE_CODE).
    language = models.CharField(_("language"), max_length=8, blank=True, choices=language_choices,
                                help_text=_("Blank: the browser's language."))

    # Who linked which parties, and when (the token is a credential: not copied).
    history = HistoricalRecords(m2m_fields=[parties], excluded_fields=["calendar_token"])

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    def reset_calendar_token(self) -> None:
        self.calendar_token = _new_token()
        self.save(update_fields=["calendar_token"])


class Membership(models.Model):
    """A user's role in one working group. Coordinators are derived from parties."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        DELEGATE = "delegate", _("Delegate")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships",
                              verbose_name=_("working group"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="membership_unique")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.group})"
