"""Template helpers of the work-plan pages."""

from django import template

register = template.Library()


@register.filter
def overdue_on(activity, day):
    """``activity.is_overdue(on=day)``; False when ``day`` is missing."""
    return bool(day) and activity.is_overdue(on=day)
