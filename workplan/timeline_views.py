"""Pages of issue 6: the timeline chart, the dashboard and the calendar feeds.

Thin views: parse the request, call a selector and a pure renderer, render.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_filters.views import FilterView

from . import selectors
from .chart_cache import cached_gantt_svg
from .filters import ActivityFilter
from .ical import calendar_feed, deadline_day
from .links import activity_list_url as _activity_list_url, activity_url, meeting_url
from .models import Activity, Profile
from .plan.asof import activities_as_of, as_of_for, parse_day, today_url
from .plan.asof_views import AsOfMixin


# A chart of more rows is no longer readable (nor quick: ~0.5 ms a row); beyond it the
# page says how many matched and asks to filter.
TIMELINE_LIMIT = 300


class TimelineView(LoginRequiredMixin, AsOfMixin, FilterView):
    """/timeline/: the current working group's plan as a Gantt chart, filtered; the first
    TIMELINE_LIMIT matching activities in plan order, with the number that matched.
    With ``?as_of=`` the plan as it stood at the end of that day, "today" drawn there."""

    template_name = "workplan/timeline.html"
    filterset_class = ActivityFilter  # the same filters as the activity list
    # As on the activity list: a bad filter value shows its error and is not applied.
    strict = False

    def get_queryset(self):
        if self.as_of:
            return activities_as_of(group=self.request.working_group, cut_off=self.as_of.cut_off)
        return selectors.plan_activities(group=self.request.working_group)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "group": self.request.working_group,
                "as_of": self.as_of}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.request.working_group
        activities, matching = selectors.first_of(context["object_list"], limit=TIMELINE_LIMIT)
        today = self.as_of_today(group) or dt.date.today()
        span = selectors.plan_span(group=group, activities=self.get_queryset() if self.as_of else None)
        context.update(
            activities=activities,
            matching_count=matching,
            today=today,
            chart_svg=cached_gantt_svg(activities=activities, meetings=list(selectors.group_meetings(group=group)),
                                today=today, span=span,
                                title=_("Work plan of %(group)s") % {"group": group.acronym} if group else None),
        )
        return context


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

def _profile_for_token(token: str) -> Profile:
    profile = get_object_or_404(Profile.objects.select_related("user"), calendar_token=token)
    if not profile.user.is_active:
        raise Http404
    return profile


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The URL is a secret: keep it and the feed out of shared caches and search engines.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def user_feed(request, token: str):
    """/calendar/<token>.ics: the token owner's deadlines and meetings, no session
    needed (calendar clients subscribe to the URL); 404 for an unknown token."""
    profile = _profile_for_token(token)
    activities, meetings = selectors.calendar_items_for_user(user=profile.user)
    name = _("WGEC Tracker: my deadlines and meetings")
    return _ics_response(calendar_feed(name=name, activities=activities, meetings=meetings), "my-items.ics")


def group_feed(request, token: str):
    """/calendar/<token>/group.ics: all deadlines and meetings of the token owner's
    working group (the first they belong to); 404 for an unknown token."""
    profile = _profile_for_token(token)
    group = selectors.calendar_group_for(user=profile.user)
    if group is None:
        raise Http404
    activities = selectors.plan_activities(group=group).filter(last_month__isnull=False)
    body = calendar_feed(name=_("%(group)s work plan") % {"group": group.acronym},
                         activities=activities, meetings=selectors.group_meetings(group=group))
    return _ics_response(body, f"{group.acronym.lower()}.ics")


def _profile_of(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@login_required
def calendar_page(request):
    """/calendar/: the user's two subscription URLs and a button to reset the token."""
    from django.conf import settings

    profile = _profile_of(request.user)
    token = profile.calendar_token
    return render(request, "workplan/calendar.html", {
        "user_feed_url": settings.SITE_URL + reverse("workplan:calendar-user-feed", args=[token]),
        "group_feed_url": settings.SITE_URL + reverse("workplan:calendar-group-feed", args=[token]),
        "feed_group": selectors.calendar_group_for(user=request.user),
    })


@login_required
@require_POST
def calendar_reset(request):
    """POST: a new token; the old URLs stop working at once (404)."""
    _profile_of(request.user).reset_calendar_token()
    messages.success(request, _("Your calendar address was reset. Subscribe again with the new address; "
                                "the old one no longer works."))
    return redirect("workplan:calendar")
