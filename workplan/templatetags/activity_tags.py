"""Template helpers of the work-plan pages."""

from django import template

from workplan.plan.limits import NOTE_MAX_LENGTH
from workplan.plan.limits import limit_help as _limit_help
from workplan.plan.visibility import person_name as _person_name

register = template.Library()


@register.filter
def overdue_on(activity, day):
    """``activity.is_overdue(on=day)``; False when ``day`` is missing."""
    return bool(day) and activity.is_overdue(on=day)


@register.filter
def person_name(person, viewer=None):
    """``{{ someone|person_name:user }}``: how ``someone`` is named to ``viewer``
    (``workplan.plan.visibility.person_name``: never an e-mail address to others)."""
    return _person_name(person, viewer=viewer or None)


@register.simple_tag
def note_max_length() -> int:
    """``{% note_max_length as n %}``: the limit of notes and comments (characters)."""
    return NOTE_MAX_LENGTH


@register.filter
def limit_help(limit):
    """``{{ n|limit_help }}``: "At most 4,000 characters." in the user's language."""
    return _limit_help(int(limit))
