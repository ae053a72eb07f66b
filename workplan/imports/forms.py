"""The upload form of the Secretariat's import page."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a 5,000-activity workbook is about 300 kB


class PlanUploadForm(forms.Form):
    """A work-plan file and what the person knows about it. ``cleaned_data["start"]`` is
    a first-of-month date or None; ``delimiter`` the character or ""."""

    file = forms.FileField(label=_("Work plan file"),
                           help_text=_("Word (.docx), Excel (.xlsx), CSV, or text with pipe tables; "
                                       "at most 10 MB."))
    date_order = forms.ChoiceField(
        label=_("Order of all-numeric dates"), required=False,
        choices=[("", _("not stated (ambiguous dates are refused)")), ("dmy", _("day/month/year (03/05/2018 is 3 May)")),
                 ("mdy", _("month/day/year (03/05/2018 is 5 March)"))])
    start = forms.CharField(label=_("Project start month"), required=False, max_length=7,
                            help_text=_("YYYY-MM, to read timelines such as M18 (month 1 is this month)."))
    encoding = forms.ChoiceField(
        label=_("CSV encoding"), required=False,
        choices=[("", _("detect")), ("utf-8", "UTF-8"), ("utf-16", "UTF-16"), ("cp1252", "Windows-1252")])
    delimiter = forms.ChoiceField(
        label=_("CSV field separator"), required=False,
        choices=[("", _("detect")), (";", _("semicolon")), (",", _("comma")), ("\t", _("tab"))])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload

    def clean_start(self):
        text = self.cleaned_data["start"].strip()
        if not text:
            return None
        try:
            year, month = text.split("-")
            return dt.date(int(year), int(month), 1)
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2021-01.")) from None
