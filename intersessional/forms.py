"""Forms of the intersessional group pages: the Secretariat's edit form and a
delegate's request to join."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.plan.models import Party, Topic
from workplan.workspace.forms import VersionedForm


def _parties(label, help_text):
    return forms.ModelMultipleChoiceField(label=label, required=False, help_text=help_text,
                                          queryset=Party.objects.order_by("short_name"),
                                          widget=forms.SelectMultiple(attrs={"size": 8}))


class GroupForm(VersionedForm):
    coordinators = _parties(_("Coordinators"), _("Their users report progress on the group's activities."))
    volunteers = _parties(_("Volunteers"), _("Members and stakeholders taking part in the group's work."))
    topics = forms.ModelMultipleChoiceField(label=_("Linked topics"), required=False,
                                            queryset=Topic.objects.none(),
                                            widget=forms.SelectMultiple(attrs={"size": 6}))

    def __init__(self, *args, working_group, **kwargs):
        self.working_group = working_group
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(group=working_group).order_by("number")

    def rebind_kwargs(self, current):
        return {"working_group": self.working_group}


class JoinForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Party joining"), queryset=Party.objects.none())
    message = forms.CharField(label=_("Message to the Secretariat"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
