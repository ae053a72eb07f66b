"""A timeline as a reader reads it: the text as written in the plan's own language, rebuilt
from its months in another ("septembre/octobre 2018", "octobre 2018 à mars 2019")."""

from django.conf import settings
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workplan.plan.timeline import Timeline

__all__ = ["timeline_label"]


def timeline_label(timeline: Timeline) -> str:
    """The timeline as read in the active language.

    In the plan's own language (``settings.LANGUAGE_CODE``, English) it is the text as
    written ("Q1 2019", "mid-October 2018" stay so). In another language it is rebuilt
    from the months with that language's month names, e.g. in French "octobre 2018",
    "septembre/octobre 2018" (two months of one year), "mars à juin 2019",
    "octobre 2018 à mars 2019"; "" when unscheduled (pages then say so in words).
    """
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == settings.LANGUAGE_CODE.split("-")[0]:
        return timeline.text
    if not timeline.scheduled:
        return ""
    first, last = timeline.first, timeline.last
    if first == last:
        return date_format(first, "F Y")
    if first.year == last.year:
        names = {"first_month": date_format(first, "F"), "last_month": date_format(last, "F"), "year": first.year}
        if last.month == first.month + 1:
            return _("%(first_month)s/%(last_month)s %(year)s") % names
        return _("%(first_month)s to %(last_month)s %(year)s") % names
    return _("%(first)s to %(last)s") % {"first": date_format(first, "F Y"), "last": date_format(last, "F Y")}
