"""Forms of the baseline pages: freeze a baseline, choose what to compare."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Baseline


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _year_checked(day: dt.date | None) -> dt.date | None:
    if day and not 1900 <= day.year <= 9000:
        raise forms.ValidationError(_("Choose a date between the years 1900 and 9000."))
    return day


class BaselineFreezeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Baseline._meta.get_field("name").max_length,
                           help_text=_("For example “Plan after the 229th/230th PTC sessions”."))
    as_of = forms.DateField(label=_("Plan as of"), required=False, widget=DateInput,
                            help_text=_("Blank: the plan as it is now."))

    def clean_as_of(self):
        return _year_checked(self.cleaned_data.get("as_of"))


class CompareForm(forms.Form):
    """From a baseline or the end of a day, to the end of a later day or now."""

    baseline = forms.ModelChoiceField(label=_("From the baseline"), queryset=Baseline.objects.none(),
                                      required=False, empty_label=_("(none: use the date)"))
    start = forms.DateField(label=_("or from the plan at the end of"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To the plan at the end of"), required=False, widget=DateInput,
                          help_text=_("Blank: the plan now."))

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["baseline"].queryset = Baseline.objects.filter(group=group).order_by("as_of", "taken_at")

    def clean_start(self):
        return _year_checked(self.cleaned_data.get("start"))

    def clean_end(self):
        return _year_checked(self.cleaned_data.get("end"))

    def clean(self):
        cleaned = super().clean()
        baseline, start, end = cleaned.get("baseline"), cleaned.get("start"), cleaned.get("end")
        if self.errors:
            return cleaned
        if bool(baseline) == bool(start):
            raise forms.ValidationError(_("Choose either a baseline or a start date."))
        if start and end and end <= start:
            self.add_error("end", _("The end date must be after the start date."))
        return cleaned
