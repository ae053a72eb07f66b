"""Links to the activity list, an activity and a meeting, for the dashboard, mail and
calendar feeds.

The activity list's GET parameters (workplan/filters.py ActivityFilter): topic, status,
party, intersessional_group, timeline_from, timeline_to (YYYY-MM), overdue (yes/no).
"""

from urllib.parse import urlencode

from django.urls import reverse


def activity_list_url(**params) -> str:
    """The activity list filtered by ``params`` (None values left out), e.g.
    ``activity_list_url(status="completed")`` -> "/activities/?status=completed"."""
    base = reverse("workplan:activity-list")
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    return f"{base}?{query}" if query else base


def activity_url(activity) -> str:
    return reverse("workplan:activity-detail", args=[getattr(activity, "pk", activity)])


def meeting_url(meeting) -> str:
    return reverse("workplan:meeting-detail", args=[getattr(meeting, "pk", meeting)])
