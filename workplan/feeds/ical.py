"""iCalendar feeds (RFC 5545, the ``icalendar`` library) of activity deadlines and meetings.

Pure: rows in, bytes out. Deadlines are all-day events on the last day of an activity's
last timeline month (``Activity.deadline()`` is midnight after it, in the group's time
zone); meetings are all-day events from their start to their end date. UIDs are stable
across requests and token resets ("activity-<pk>-deadline@<host>", "meeting-<pk>@<host>"),
so calendar clients update events in place instead of duplicating them.
"""

import datetime as dt
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.links import activity_url, meeting_url
from workplan.plan.months import last_day
from workplan.plan.models import Activity

PRODID = "-//WCO//WGEC Tracker//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "wgec.invalid"


def deadline_day(activity) -> dt.date | None:
    """The last day of the activity's last timeline month, or None when unscheduled."""
    if not activity.last_month:
        return None
    return last_day(activity.last_month)


def _labels() -> dict[str, str]:
    # Translated once per feed, not once per event: gettext shows in profiles of big feeds.
    return {"deadline": _("Deadline %(number)s: %(activity)s"), "topic": _("Topic"), "timeline": _("Timeline"),
            "status": _("Status"), "responsible": _("Responsible"), "category": _("Deadline"),
            "statuses": {value: str(label) for value, label in Activity.Status.choices}}


def activity_event(activity, *, stamp: dt.datetime, labels: dict | None = None) -> icalendar.Event | None:
    labels = labels or _labels()
    day = deadline_day(activity)
    if day is None:
        return None
    number = f"{activity.topic.number}.{activity.order}"
    short = " ".join(activity.description.split())
    if len(short) > 90:
        short = short[:89].rstrip() + "…"
    event = icalendar.Event()
    event.add("uid", f"activity-{activity.pk}-deadline@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", labels["deadline"] % {"number": number, "activity": short})
    lines = [activity.description, "",
             f"{labels['topic']}: {activity.topic}",
             f"{labels['timeline']}: {activity.timeline_label}",
             f"{labels['status']}: {labels['statuses'].get(activity.status, activity.status)}"]
    if activity.responsible:
        lines.append(f"{labels['responsible']}: {activity.responsible}")
    event.add("description", "\n".join(lines))
    event.add("url", settings.SITE_URL + activity_url(activity))
    event.add("categories", [labels["category"]])
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def meeting_event(meeting, *, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.end_date + dt.timedelta(days=1))
    event.add("summary", meeting.title)
    description = meeting.get_kind_display()
    if meeting.month_only:
        description += "\n" + _("Dated to the month only; the exact days are not fixed yet.")
    event.add("description", description)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", settings.SITE_URL + meeting_url(meeting))
    event.add("categories", [_("Meeting")])
    return event


def calendar_feed(*, name: str, activities=(), meetings=(), now: dt.datetime | None = None) -> bytes:
    """An iCalendar document (bytes, CRLF lines) named ``name``: one all-day VEVENT per
    scheduled activity (unscheduled ones are left out) and one per meeting.

    ``activities`` need ``topic`` loaded; ``now`` (aware) stamps the events (DTSTAMP).
    """
    stamp = now or timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    # How often clients should poll (Outlook reads the X- form, RFC 7986 clients the other).
    cal.add("x-published-ttl", "PT6H")
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    labels = _labels()
    for activity in activities:
        event = activity_event(activity, stamp=stamp, labels=labels)
        if event is not None:
            cal.add_component(event)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, stamp=stamp))
    return cal.to_ical()
