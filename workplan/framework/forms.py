"""Forms for the Framework pages: tagging with standards, editing a standard."""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.framework.models import Principle, Standard
from workplan.plan.limits import STANDARD_TEXT_MAX_LENGTH, limit_help


class StandardChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class StandardsTagForm(forms.Form):
    """Check the standards an object serves. ``shown`` carries the tags the form was
    opened with, so that saving applies only this user's additions and removals."""

    standards = StandardChoiceField(
        label=_("Standards"), queryset=Standard.objects.select_related("principle"),
        widget=forms.CheckboxSelectMultiple, required=False)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_shown(self) -> set[int]:
        raw = self.cleaned_data.get("shown") or ""
        try:
            return {int(part) for part in raw.split(",") if part.strip()}
        except ValueError:
            raise forms.ValidationError(_("The form was altered; reload the page and try again.")) from None


def standard_fingerprint(standard: Standard) -> str:
    """A short digest of what the form edits, to notice a change made since it opened."""
    raw = "\x1f".join([standard.title, standard.text, str(standard.principle_id or "")])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class StandardForm(forms.ModelForm):
    """The Secretariat completes a standard the seed names only by number.

    ``opened`` holds the standard's fingerprint when the form was shown; saving over a
    change someone else made in between is refused rather than silently undone.
    """

    principle = forms.ModelChoiceField(label=_("Principle"), queryset=Principle.objects.all(), required=False)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Standard
        fields = ["title", "text", "principle"]
        widgets = {"title": forms.TextInput(), "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"title": limit_help(Standard._meta.get_field("title").max_length),
                      "text": limit_help(STANDARD_TEXT_MAX_LENGTH)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fingerprint = standard_fingerprint(self.instance)
        self.fields["opened"].initial = self.fingerprint

    def clean_opened(self):
        if self.cleaned_data.get("opened") != self.fingerprint:
            raise forms.ValidationError(_("Someone changed this standard after you opened the form. Reload the "
                                          "page to see their change, then make yours again."))
        return self.cleaned_data["opened"]
