"""``{% pending_update_of activity as pending %}``: the activity's pending progress update."""

from django import template

from workplan.progress.forms import ProgressForm
from workplan.progress.selectors import pending_update_of as _pending_update_of
from workplan.progress.selectors import progress_log as _progress_log

register = template.Library()


@register.simple_tag
def pending_update_of(activity):
    """The pending ``ProgressUpdate`` of ``activity`` or None (uses a prefetch when present)."""
    return _pending_update_of(activity) if activity is not None else None


@register.simple_tag
def progress_form_for(activity):
    """An unbound progress form for ``activity`` (status preset to its current status)."""
    return ProgressForm(activity=activity)


@register.simple_tag
def progress_log_of(activity):
    """The activity's progress log entries, newest first (one query)."""
    return list(_progress_log(activity=activity)) if activity is not None else []
