"""Links to pages other modules own, built so that a page still renders while the
target page is being written on another branch (then the fallback path is used).

The activity list's GET parameters (issue 3): topic, status, party, group,
timeline_from, timeline_to (YYYY-MM), overdue (yes/no).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse

# (urlconf, name) pairs found missing: a feed of 2,000 deadlines would otherwise raise
# and catch NoReverseMatch 2,000 times.
_missing: set[tuple[str, str]] = set()


def _reverse(name: str, fallback: str, args=()) -> str:
    key = (str(get_urlconf() or settings.ROOT_URLCONF), name)
    if key in _missing:
        return fallback
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        _missing.add(key)
        return fallback


def activity_list_url(**params) -> str:
    """The activity list filtered by ``params`` (None values left out), e.g.
    ``activity_list_url(status="completed")`` -> "/activities/?status=completed"."""
    base = _reverse("workplan:activity-list", "/activities/")
    query = urlencode({k: v for k, v in params.items() if v is not None and v != ""})
    return f"{base}?{query}" if query else base


def activity_url(activity) -> str:
    pk = getattr(activity, "pk", activity)
    return _reverse("workplan:activity-detail", f"/activities/{pk}/", args=[pk])


def meeting_url(meeting) -> str:
    pk = getattr(meeting, "pk", meeting)
    return _reverse("workplan:meeting-detail", f"/meetings/{pk}/", args=[pk])
