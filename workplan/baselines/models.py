"""Baselines: a named, frozen copy of a working group's plan ("Work plan approved by the
Council, June 2018"), to compare the plan of any later day with.

A baseline's rows never change once written: each holds what the activity row said
(topic number and title, activity number, text, timeline, status, parties), so the
comparison stays right whatever happens to the activity later, even its deletion.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplan.plan.limits import DESCRIPTION_MAX_LENGTH, RESPONSIBLE_MAX_LENGTH
from workplan.plan.models import Activity, WorkingGroup

__all__ = ["Baseline", "BaselineActivity"]


class Baseline(models.Model):
    """The plan of ``group`` frozen at ``taken_at``, as it stood at the end of ``as_of``
    (a day in the group's time zone; the day it was taken when frozen from the current plan)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="baselines",
                              verbose_name=_("working group"))
    name = models.CharField(_("name"), max_length=200)
    as_of = models.DateField(_("plan as of"))
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("taken by"))

    class Meta:
        ordering = ["group", "as_of", "taken_at"]
        constraints = [models.UniqueConstraint(fields=["group", "name"], name="baseline_name_unique")]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workplan:baseline-compare") + f"?baseline={self.pk}"


class BaselineActivity(models.Model):
    """One activity as a baseline froze it. ``activity_id`` is the activity's id (kept
    as a number: the activity may be deleted later); months are first-of-month dates."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="rows")
    activity_id = models.PositiveBigIntegerField(_("activity id"), db_index=True)
    topic_number = models.PositiveSmallIntegerField(_("topic number"))
    topic_title = models.CharField(_("topic"), max_length=300)
    order = models.PositiveSmallIntegerField(_("activity number"))
    description = models.TextField(_("activity"), max_length=DESCRIPTION_MAX_LENGTH)
    responsible = models.TextField(_("responsible"), blank=True, max_length=RESPONSIBLE_MAX_LENGTH)
    parties = models.JSONField(_("responsible parties"), default=list)  # short names, as then
    timeline_text = models.CharField(_("timeline"), max_length=200, blank=True)
    first_month = models.DateField(_("first month"), null=True, blank=True)
    last_month = models.DateField(_("last month"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Activity.Status.choices)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        ordering = ["baseline", "topic_number", "order", "activity_id"]
        constraints = [models.UniqueConstraint(fields=["baseline", "activity_id"], name="baseline_activity_unique")]
        verbose_name = _("baseline activity")
        verbose_name_plural = _("baseline activities")

    def __str__(self):
        return f"{self.topic_number}.{self.order} {self.description[:80]}"
