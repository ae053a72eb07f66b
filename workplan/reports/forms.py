"""Form of the "Generate report" button."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workplan.reports.models import Report


class ReportRequestForm(forms.Form):
    """Optional header lines of the report; blank takes the previous version's."""

    title = forms.CharField(label=_("Subject"), required=False,
                            max_length=Report._meta.get_field("title").max_length,
                            help_text=_("Blank: as the previous version, else “Progress on the work plan”."))
    agenda_item = forms.CharField(label=_("Agenda item"), required=False,
                                  max_length=Report._meta.get_field("agenda_item").max_length,
                                  help_text=_("As written on the agenda, e.g. V.b."))
    cut_off = forms.DateField(label=_("Report as of (date)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                              help_text=_("Every figure, table and chart shows the plan as it stood at the end of "
                                          "this day. Blank: the day before the session opens (or today, if that "
                                          "is earlier)."))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        # The date widget renders itself (ISO value for <input type="date">); its help
        # text's id is named after the field's id, as for the text fields.
        self.fields["cut_off"].widget.attrs["aria-describedby"] = "id_cut_off-help"

    def clean_cut_off(self):
        day = self.cleaned_data.get("cut_off")
        if day is None or self.meeting is None:
            return day
        if not 1900 <= day.year <= 9000:
            raise forms.ValidationError(_("Choose a date between the years 1900 and 9000."))
        if day > self.meeting.group.today():
            raise forms.ValidationError(_("The report cannot be as of a day after today."))
        return day
