"""Calendar pages and iCalendar feeds: the user's own deadlines and the working group's
meetings, behind a private token (the feed readers cannot log in)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workplan.feeds.ical import calendar_feed
from workplan.plan import selectors
from workplan.plan.models import Profile


def _profile_for_token(token: str) -> Profile:
    """The token's owner; the feed is then written in their profile's language, when set
    (a calendar program's own Accept-Language otherwise)."""
    profile = get_object_or_404(Profile.objects.select_related("user"), calendar_token=token)
    if not profile.user.is_active:
        raise Http404
    if profile.language in dict(settings.LANGUAGES):
        translation.activate(profile.language)
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
