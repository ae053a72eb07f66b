"""Forms for the Framework pages: tagging with standards, editing a standard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Principle, Standard


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


class StandardForm(forms.ModelForm):
    """The Secretariat completes a standard the seed names only by number."""

    principle = forms.ModelChoiceField(label=_("Principle"), queryset=Principle.objects.all(), required=False)

    class Meta:
        model = Standard
        fields = ["title", "text", "principle"]
        widgets = {"title": forms.TextInput(), "text": forms.Textarea(attrs={"rows": 5})}
