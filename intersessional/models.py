"""Intersessional groups: the seed's Annex II (Intersessional Work).

Each row of that table is a group: "No.", "Item of Work", and a "Volunteers" cell that
starts with "Coordinator: A and B" and then lists volunteer delegations. The cell is
kept as written in ``volunteers_text``; the parties it names are ``Participation`` rows
in the order written.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.plan.models import Party, Topic, WorkingGroup


class IntersessionalGroup(models.Model):
    working_group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE,
                                      related_name="intersessional_groups",
                                      verbose_name=_("working group"))
    number = models.PositiveSmallIntegerField(_("number"))
    item_of_work = models.CharField(_("item of work"), max_length=300)
    volunteers_text = models.TextField(_("volunteers (as written)"), blank=True, max_length=NOTE_MAX_LENGTH)
    topics = models.ManyToManyField(Topic, blank=True, related_name="intersessional_groups",
                                    verbose_name=_("topics"))
    parties = models.ManyToManyField(Party, through="Participation", related_name="intersessional_groups")
    # Grows by one with every change made in the Secretariat's pages (optimistic lock).
    version = models.PositiveIntegerField(_("version"), default=1)

    # Topic links are recorded with each history row, so the group as of a date has them.
    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        ordering = ["working_group", "number"]
        constraints = [models.UniqueConstraint(fields=["working_group", "number"],
                                               name="intersessional_group_number_unique")]
        verbose_name = _("intersessional group")
        verbose_name_plural = _("intersessional groups")

    def __str__(self):
        return f"{self.number}. {self.item_of_work}"

    def get_absolute_url(self):
        return reverse("intersessional:group-detail", args=[self.number])

    def coordinators(self) -> list[Party]:
        """Coordinating parties in the order written (uses a prefetch when present)."""
        return [p.party for p in self._participations() if p.role == Participation.Role.COORDINATOR]

    def volunteers(self) -> list[Party]:
        return [p.party for p in self._participations() if p.role == Participation.Role.VOLUNTEER]

    def _participations(self):
        return sorted(self.participations.all(), key=lambda p: (p.role, p.position))


class Participation(models.Model):
    """A party's place in an intersessional group, as coordinator or volunteer."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        VOLUNTEER = "volunteer", _("Volunteer")

    group = models.ForeignKey(IntersessionalGroup, on_delete=models.CASCADE, related_name="participations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Who joined or left a group, and when: the group page as of a date reads it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "position"]
        # Australia both coordinates and volunteers for group 4 in the seed: unique per role.
        constraints = [models.UniqueConstraint(fields=["group", "party", "role"], name="participation_unique")]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self):
        return f"{self.party} – {self.get_role_display()} – {self.group}"


class JoinRequest(models.Model):
    """A user's request that their party join an intersessional group as a volunteer.

    The seed's Annex II: groups "remain open to Members and stakeholders, enabling them
    to join at any time". The Secretariat of the group's working group accepts (the party
    becomes a volunteer) or declines; the row is kept either way.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(IntersessionalGroup, on_delete=models.CASCADE, related_name="join_requests",
                              verbose_name=_("intersessional group"))
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="join_requests",
                              verbose_name=_("party"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="join_requests", verbose_name=_("requested by"))
    message = models.TextField(_("message"), blank=True, max_length=2000)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "party"], condition=models.Q(state="pending"),
                                               name="join_request_one_pending")]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self):
        return f"{self.party} → {self.group}"
