"""Template helpers of the work-plan pages."""

from django import template

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
