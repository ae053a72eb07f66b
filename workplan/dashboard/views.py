"""/ : the dashboard, the current working group at a glance on a date.

Thin view: parse the request, call a selector, render.
"""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from workplan.feeds.ical import deadline_day
from workplan.plan import selectors
from workplan.plan.asof import activities_as_of, as_of_for, parse_day, today_url
from workplan.plan.links import activity_list_url as _activity_list_url, activity_url, meeting_url
from workplan.plan.models import Activity

def parse_as_of(value: str | None, *, default: dt.date) -> dt.date:
    """``?as_of=YYYY-MM-DD`` as a date; ``default`` when absent or blank.
    Raises ValueError with a message for anything else (wrong form, no such day,
    a year outside 1900-9000 where the 90-day window would leave the calendar)."""
    if value is None or not value.strip():
        return default
    return parse_day(value)


class DashboardView(LoginRequiredMixin, TemplateView):
    """/ : the current working group at a glance on a date (today in the group's time
    zone, or ``?as_of=YYYY-MM-DD``); 400 with the reason for a bad date."""

    template_name = "workplan/dashboard.html"

    def get(self, request, *args, **kwargs):
        group = request.working_group
        today = group.today() if group else dt.date.today()
        try:
            as_of = parse_as_of(request.GET.get("as_of"), default=today)
            past = as_of_for(group=group, raw=request.GET.get("as_of"), today=today)
        except ValueError as error:
            return self.render_to_response(
                self.get_context_data(error=str(error), as_of_value=request.GET.get("as_of", "")[:40]),
                status=400)
        # A past day counts that day's plan; today and later days count today's.
        activities = activities_as_of(group=group, cut_off=past.cut_off) if past else None
        figures = selectors.dashboard_figures(group=group, as_of=as_of, activities=activities) if group else None
        return self.render_to_response(self.get_context_data(
            figures=figures, as_of=as_of, today=today, as_of_value=as_of.isoformat(),
            as_of_view=past, today_url=today_url(request),
            links=_dashboard_links(figures, past=past) if figures else {}))


def _dashboard_links(figures, past=None) -> dict:
    """The activity-list URL behind each number on the dashboard; also sets ``url``
    (and ``done_url``, ``deadline_day``, ``prev_status_label``) on the rows shown.
    On a past view (``past``) the list links show the list as of that day too."""
    as_of = figures.as_of
    day = past.day.isoformat() if past else None

    def activity_list_url(**params):
        return _activity_list_url(**params, as_of=day)

    statuses = dict(Activity.Status.choices)
    figures.status_tiles = [{"value": value, "label": label, "n": n, "url": activity_list_url(status=value)}
                            for value, label, n in figures.by_status]
    for share in figures.topics:
        share.url = activity_list_url(topic=share.obj.pk)
        share.done_url = activity_list_url(topic=share.obj.pk, status="completed")
    for share in figures.intersessional_groups:
        share.url = activity_list_url(intersessional_group=share.obj.pk)
        share.done_url = activity_list_url(intersessional_group=share.obj.pk, status="completed")
    for activity in [*figures.overdue, *figures.due_soon]:
        activity.url = activity_url(activity)
        activity.deadline_day = deadline_day(activity)
    for change in figures.recent_changes:
        change.url = activity_url(change.id)
        change.prev_status_label = statuses.get(change.prev_status, change.prev_status)
    if figures.next_meeting:
        figures.next_meeting.url = meeting_url(figures.next_meeting)
    return {
        "all": activity_list_url(),
        "overdue": activity_list_url(overdue="yes"),
        # The list has no "due between" filter: this is the nearest (not overdue, ending
        # by the window's last month); the count shown beside it is exact.
        "due_soon": activity_list_url(overdue="no", timeline_from=f"{as_of:%Y-%m}",
                                      timeline_to=f"{figures.due_soon_until:%Y-%m}"),
    }


# --- calendar feeds -------------------------------------------------------------------


