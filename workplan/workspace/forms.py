"""Forms of the Secretariat's workspace. They read input; the services decide.

Each edit form carries the ``version`` it was opened on; after a 409 the form is
``rebound_to`` the current row, keeping the user's input beside the saved values.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from workplan.plan.models import Meeting, Membership, Party
from workplan.plan.timeline import TimelineError, parse_timeline


class VersionedForm(forms.Form):
    """``editing=True``: the version the form was opened on is required (a form without
    it cannot be checked, so it is refused rather than saved over someone's change)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def rebound_to(self, current):
        """The same input with the current row's version: saving again is a choice made
        after seeing the other person's change."""
        data = self.data.copy()
        data["version"] = str(current.version)
        return type(self)(data, editing=True, **self.rebind_kwargs(current))

    def rebind_kwargs(self, current) -> dict:
        return {}


class MeetingForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices, initial=Meeting.Kind.PTC)
    number = forms.CharField(label=_("Number"), required=False, max_length=50,
                             help_text=_('As written, e.g. "223rd/224th".'))
    title = forms.CharField(label=_("Title"), max_length=300)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    month_only = forms.BooleanField(label=_("Dated to the month only"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The meeting ends before it starts."))
        return data

    @classmethod
    def for_meeting(cls, meeting: Meeting):
        return cls(initial={name: getattr(meeting, name) for name in
                            ("kind", "number", "title", "start_date", "end_date", "place", "month_only",
                             "version")})


class TopicForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)


def _party_field():
    return forms.ModelMultipleChoiceField(
        label=_("Responsible parties"), required=False, queryset=Party.objects.order_by("short_name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The parties named in the Responsible text: they see the activity among "
                    "their items. Hold Ctrl (or ⌘) to choose several."))


class ActivityForm(VersionedForm):
    description = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.CharField(label=_("Responsible"), required=False,
                                  help_text=_("As written in the plan, e.g. \"Co-Leads (CBSA and IFCBA)\"."))
    parties = _party_field()
    timeline_text = forms.CharField(
        label=_("Timeline"), required=False, max_length=200,
        help_text=_('As written in the plan, e.g. "September/October 2018", '
                    '"October 2018 to March 2019", "Q1 2019"; blank when unscheduled.'))
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    internal_note = forms.CharField(label=_("Internal note (Secretariat only)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))

    def clean_timeline_text(self):
        text = self.cleaned_data["timeline_text"]
        try:
            parse_timeline(text)
        except TimelineError as error:
            raise forms.ValidationError(str(error), code="timeline") from None
        return text

    @classmethod
    def for_activity(cls, activity):
        return cls(initial={"description": activity.description, "responsible": activity.responsible,
                            "parties": [p.pk for p in activity.parties.all()],
                            "timeline_text": activity.timeline_text, "remarks": activity.remarks,
                            "internal_note": activity.internal_note, "version": activity.version})


class InviteForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150,
                               help_text=_("Used to log in; not an e-mail address."))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"),
                             help_text=_("The invitation, with a link to set a password, goes here."))
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), required=False, queryset=Party.objects.order_by("short_name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The Member, stakeholder or body the person represents."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.DELEGATE)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if "@" in username:
            raise forms.ValidationError(_("A user name is shown to others: do not use an e-mail address."))
        get_user_model().username_validator(username)
        return username


class PersonForm(forms.Form):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), required=False, queryset=Party.objects.order_by("short_name"),
        widget=forms.SelectMultiple(attrs={"size": 8}))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
