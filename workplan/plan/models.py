"""The work plan: working groups, parties, topics, activities and meetings.

Shapes follow the seed document's Annex I (Work Plan for the Working Group on
E-Commerce): a topic is a numbered row group ("1. Technical Specifications"), each
activity row has Activity / Responsible / Timeline / Remarks cells kept as written.
"""

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.plan.limits import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH, RESPONSIBLE_MAX_LENGTH
from workplan.plan.months import first_of_month, last_day
from workplan.plan.timeline import Timeline


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


class Activity(models.Model):
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

    history = HistoricalRecords(m2m_fields=[parties])
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

    def get_absolute_url(self):
        return reverse("workplan:activity-detail", args=[self.pk])

    @property
    def timeline(self) -> Timeline:
        return Timeline(text=self.timeline_text, first=self.first_month, last=self.last_month,
                        tentative=self.tentative)

    def set_timeline(self, timeline: Timeline) -> None:
        self.timeline_text = timeline.text
        self.first_month = timeline.first
        self.last_month = timeline.last
        self.tentative = timeline.tentative

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    def is_overdue(self, on: dt.date) -> bool:
        """True when the activity is overdue on the day ``on`` (a date in its working
        group's time zone).

        Overdue: scheduled, the last month of its timeline ended before ``on``'s month began
        (an activity planned for "October 2018" is due on 31 October and overdue from
        1 November), and neither completed nor cancelled. A postponed activity past its last
        month is overdue too: postponing stops its reminders (``workplan.reminders``), not
        the flag, until its timeline is moved. Unscheduled and withdrawn activities are never overdue.
        Derived, never stored: it depends on the day asked about. ``overdue_q`` is the same
        rule in SQL.
        """
        return bool(self.last_month and not self.is_closed and not self.is_withdrawn
                    and self.last_month < first_of_month(on))

    def deadline(self) -> dt.datetime | None:
        """End of the last timeline month in the working group's time zone (aware), or None.

        Exactly: midnight at the start of the day after the month's last day, local time.
        """
        if not self.last_month:
            return None
        day_after = last_day(self.last_month) + dt.timedelta(days=1)
        return dt.datetime.combine(day_after, dt.time(0, 0), tzinfo=self.topic.group.tzinfo)


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


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Profile(models.Model):
    """What a user is beyond Django's User: the parties they belong to and preferences."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    parties = models.ManyToManyField(Party, blank=True, related_name="users",
                                     verbose_name=_("parties"))
    reminders_opt_out = models.BooleanField(_("no reminder e-mails"), default=False)
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True,
                                      default=_new_token)

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
