"""What an activity row means (timeline, overdue, deadline, number), shared by ``Activity``
and its history rows, which the as-of pages and baselines read."""

import datetime as dt

from django.db import models
from django.urls import reverse

from workplan.plan.labels import timeline_label
from workplan.plan.months import first_of_month, last_day
from workplan.plan.timeline import Timeline


class ActivityRules(models.Model):
    """What an activity row means, shared by ``Activity`` and its history rows.

    The historical model takes this as a base, so a past version (the as-of pages read
    those) answers ``timeline``, ``is_overdue`` and ``get_absolute_url`` as the current
    row does. Only fields both have are used (``id``: a history row's ``pk`` differs).
    """

    # Activity.Status.COMPLETED and CANCELLED (equal strings): a history row has no Status.
    CLOSED_STATUSES = ("completed", "cancelled")

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse("workplan:activity-detail", args=[self.id])

    @property
    def number(self) -> str:
        """The activity's number as the seed writes it: topic number, then order ("2.3")."""
        return f"{self.topic.number}.{self.order}"

    @property
    def timeline(self) -> Timeline:
        return Timeline(text=self.timeline_text, first=self.first_month, last=self.last_month,
                        tentative=self.tentative)

    @property
    def timeline_label(self) -> str:
        """The timeline in the reader's language (see ``timeline_label``); "" when unscheduled
        and read in another language than the plan's."""
        return timeline_label(self.timeline)

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

        Overdue: scheduled, its last timeline month ended before ``on``'s month began ("October
        2018" is overdue from 1 November), neither completed nor cancelled, not withdrawn. A
        postponed activity stays overdue (postponing stops only its reminders). Derived, never
        stored; ``overdue_q`` is the same rule in SQL.
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
