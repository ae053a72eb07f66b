"""Forms for progress updates, their review, and the /changes/ filter."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from intersessional.models import IntersessionalGroup

from workplan.plan.limits import NOTE_MAX_LENGTH, limit_help
from workplan.plan.models import Activity, Profile, Topic, WorkingGroup

# Dates outside these years are typos; refusing them also keeps date arithmetic in range.
_EARLIEST = dt.date(1990, 1, 1)
_LATEST = dt.date(2100, 12, 31)


class ProgressForm(forms.Form):
    """A coordinator's proposal: a status and a progress note."""

    status = forms.ChoiceField(label=_("Proposed status"), choices=Activity.Status.choices)
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=NOTE_MAX_LENGTH, help_text=limit_help(NOTE_MAX_LENGTH))

    def __init__(self, *args, activity: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if activity is not None:
            # Unique ids per activity: /my/ shows one form per row, each with its labels.
            self.auto_id = f"id_a{activity.pk}_%s"
            self.initial.setdefault("status", activity.status)


class ReviewForm(forms.Form):
    """One review of one pending update: the activity version the reviewer saw, the
    action (accept, accept with edits, return), a comment for the coordinator (kept
    with every action), the status and note to accept (pre-filled with the proposal;
    changed for "accept with edits"), and "accept anyway" for a stale update."""

    ACCEPT, EDIT, RETURN = "accept", "edit", "return"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (EDIT, _("Accept with edits")),
                                        (RETURN, _("Return"))], required=False)
    comment = forms.CharField(label=_("Comment for the coordinator"), required=False, max_length=NOTE_MAX_LENGTH,
                              help_text=limit_help(NOTE_MAX_LENGTH),
                              widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(label=_("Status to accept"), choices=Activity.Status.choices, required=False)
    note = forms.CharField(label=_("Note to accept"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))
    accept_stale = forms.BooleanField(label=_("Accept anyway, over the later change"), required=False)


class ProfileSettingsForm(forms.Form):
    """A user's e-mail settings: deadline reminders on or off, and how progress
    notifications arrive (``Profile.notification_delivery``)."""

    reminders = forms.BooleanField(
        label=_("Send me deadline reminders"), required=False,
        help_text=_("Before and after the deadlines of the activities your delegation is responsible "
                    "for or coordinates."))
    notification_delivery = forms.ChoiceField(
        label=_("Progress notifications"), choices=Profile.Delivery.choices, widget=forms.RadioSelect,
        help_text=_("Updates sent to the Secretariat for review, and their acceptance or return."))


class ChangesForm(forms.Form):
    """Filter for /changes/: two dates (inclusive), a topic and an intersessional group."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Intersessional group"), queryset=IntersessionalGroup.objects.none(),
                                   required=False, to_field_name="number")

    def __init__(self, *args, working_group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(group=working_group)
        self.fields["group"].queryset = IntersessionalGroup.objects.filter(working_group=working_group)

    def _clean_date(self, name):
        value = self.cleaned_data.get(name)
        if value and not (_EARLIEST <= value <= _LATEST):
            raise forms.ValidationError(_("Enter a date between %(first)s and %(last)s."),
                                        params={"first": _EARLIEST.isoformat(), "last": _LATEST.isoformat()})
        return value

    def clean_start(self):
        return self._clean_date("start")

    def clean_end(self):
        return self._clean_date("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return data
