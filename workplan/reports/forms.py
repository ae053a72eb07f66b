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
