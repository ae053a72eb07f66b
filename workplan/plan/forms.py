"""Forms of the work-plan pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.plan.models import Activity
from workplan.plan.timeline import TimelineError, parse_timeline


class ActivityStatusForm(forms.Form):
    """Status, progress note and (optionally) timeline of one activity, for the Secretariat.

    ``version`` is the activity's version when the form was opened; the service refuses
    the save when it has moved on. ``cleaned_data["timeline"]`` is a ``Timeline`` when the
    timeline text was changed, else None.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    progress_note = forms.CharField(
        label=_("Progress note"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What has been done, what is next. Replaces the current note."))
    timeline_text = forms.CharField(
        label=_("Timeline"), required=False, max_length=200,
        help_text=_('As written in the plan, e.g. "September/October 2018", '
                    '"October 2018 to March 2019", "Q1 2019"; blank when unscheduled.'))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, activity: Activity, **kwargs):
        self.activity = activity
        kwargs.setdefault("initial", {
            "status": activity.status,
            "progress_note": activity.progress_note,
            "timeline_text": activity.timeline_text,
            "version": activity.version,
        })
        super().__init__(*args, **kwargs)

    def clean_timeline_text(self):
        text = self.cleaned_data["timeline_text"]
        if text.strip() == self.activity.timeline_text.strip():
            self.cleaned_data["timeline"] = None
            return text
        try:
            self.cleaned_data["timeline"] = parse_timeline(text)
        except TimelineError as error:
            raise forms.ValidationError(str(error), code="timeline") from None
        return text

    def rebound_to(self, current: Activity) -> "ActivityStatusForm":
        """The same input, bound to the activity as it is now (its current version), so
        that saving it again is a choice made after seeing the other person's change."""
        data = self.data.copy()
        data["version"] = str(current.version)
        return type(self)(data, activity=current)
