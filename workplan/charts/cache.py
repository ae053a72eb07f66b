"""Rendered timeline SVG kept in Django's cache, keyed on exactly what it is drawn from.

Drawing the chart costs about 0.5 ms per activity in Python; the rows it is drawn from
are loaded anyway for the page's table. So the key is a digest of those rows' drawn
fields (topic number and title, order, text, responsible, timeline, status), the
meetings, the date, the span, the title, the language and the options: any edit, by
any path (form, import, admin, ``update()``), gives a new key, and no extra query is
needed to check freshness. Entries expire after ``CHART_CACHE_SECONDS`` (default one day).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from workplan.charts.gantt import gantt_svg

_ACTIVITY_FIELDS = ("id", "order", "description", "responsible", "timeline_text", "first_month",
                    "last_month", "tentative", "status")
_MEETING_FIELDS = ("pk", "title", "start_date", "end_date", "place")


def chart_key(*, activities, meetings, **options) -> str:
    """A cache key for ``gantt_svg(activities=..., meetings=..., **options)``."""
    digest = hashlib.sha256()
    for a in activities:
        row = [getattr(a, f) for f in _ACTIVITY_FIELDS] + [a.topic.number, a.topic.title]
        digest.update(repr(row).encode())
    digest.update(b"|meetings")
    for m in meetings:
        digest.update(repr([getattr(m, f) for f in _MEETING_FIELDS]).encode())
    digest.update(repr(sorted(options.items())).encode())
    digest.update(f"|{get_language()}|".encode())
    return "gantt-svg:" + digest.hexdigest()


def cached_gantt_svg(*, activities, meetings=(), **options) -> str:
    """``charts.gantt_svg`` through the cache: same arguments, same SVG string."""
    activities, meetings = list(activities), list(meetings)
    key = chart_key(activities=activities, meetings=meetings, **options)
    svg = cache.get(key)
    if svg is None:
        svg = gantt_svg(activities=activities, meetings=meetings, **options)
        cache.set(key, svg, getattr(settings, "CHART_CACHE_SECONDS", 24 * 3600))
    return svg
