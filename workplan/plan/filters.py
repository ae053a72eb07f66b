"""Filters of the activity list (django-filter).

Every choice list is limited to the current working group. Bad input (an unknown
status, a month that is not YYYY-MM, an unknown id) never widens a result:
``RefusedFilterMixin`` answers 400 with the error on the form and no rows (and no
filter applied at all: a valid subset alone would be a different question), and an
export answers 400 naming the parameters instead of a file.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from intersessional.models import IntersessionalGroup

from workplan.framework.selectors import activity_ids_with_standard, filter_by_standard
from workplan.plan.models import Activity, Party, Topic, WorkingGroup, overdue_q
from workplan.framework.models import Standard
from workplan.plan.asof import HistoricalActivityParties, activity_ids_with_party
from workplan.plan.widgets import FastSelect


class MonthInput(forms.DateInput):
    """``<input type="month">``: browsers send "2018-10"."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "YYYY-MM", **(attrs or {})}, format="%Y-%m")


MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]
MONTH_ERRORS = {"invalid": _("Enter a month as YYYY-MM, for example 2018-10.")}


class ActivityFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("timeline_from"), cleaned.get("timeline_to")
        if start and end and end < start:
            self.add_error("timeline_to", _("The end month is before the start month."))
        return cleaned


class ActivityFilter(django_filters.FilterSet):
    """Topic, status, responsible party, intersessional group, timeline overlapping a
    span of months (from/to, inclusive, "YYYY-MM"), and overdue as of today in the working
    group's time zone. Unscheduled activities never match a month filter."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=Topic.objects.none(), empty_label=_("All topics"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("Any status"))
    party = django_filters.ModelChoiceFilter(
        label=_("Responsible party"), queryset=Party.objects.none(),
        empty_label=_("Any party"), method="filter_party")
    intersessional_group = django_filters.ModelChoiceFilter(
        label=_("Intersessional group"), queryset=IntersessionalGroup.objects.none(),
        empty_label=_("Any group"), method="filter_intersessional_group")
    timeline_from = django_filters.DateFilter(
        label=_("Timeline from"), method="filter_timeline_from", widget=MonthInput,
        input_formats=MONTH_FORMATS, error_messages=MONTH_ERRORS)
    timeline_to = django_filters.DateFilter(
        label=_("Timeline to"), method="filter_timeline_to", widget=MonthInput,
        input_formats=MONTH_FORMATS, error_messages=MONTH_ERRORS)
    standard = django_filters.ModelChoiceFilter(
        label=_("Framework standard"), queryset=Standard.objects.all(), empty_label=_("Any standard"),
        method="filter_standard")
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"), choices=[("yes", _("Yes")), ("no", _("No"))],
        empty_label=_("Either"), method="filter_overdue")

    class Meta:
        model = Activity
        fields = []
        form = ActivityFilterForm

    def __init__(self, data=None, queryset=None, *, group: WorkingGroup | None = None, as_of=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.group = group
        # A past view (workplan.plan.asof.AsOf): ``queryset`` holds history rows, and
        # parties, tags and "overdue" are those of that day.
        self.as_of = as_of
        for f in self.filters.values():  # options built in Python (workplan.plan.widgets)
            if isinstance(f, django_filters.ChoiceFilter):
                f.extra.setdefault("widget", FastSelect)
        if group is not None:
            self.filters["topic"].queryset = Topic.objects.filter(group=group).order_by("number")
            # EXISTS per party (stops at its first activity in the group) rather than a
            # DISTINCT over every link of the group's activities: 40,000 rows at 100,000.
            links = Activity.parties.through.objects.filter(party=OuterRef("pk"), activity__topic__group=group)
            if as_of is not None and queryset is not None:
                # The parties named on that day's rows, as the live list offers today's.
                links = HistoricalActivityParties.objects.filter(
                    party=OuterRef("pk"), history_id__in=queryset.order_by().values("history_id"))
            self.filters["party"].queryset = Party.objects.filter(Exists(links)).order_by("short_name")
            self.filters["intersessional_group"].queryset = (
                IntersessionalGroup.objects.filter(working_group=group).order_by("number"))

    def filter_party(self, queryset, name, value):
        # A semi-join (IN) rather than a join: no DISTINCT over whole rows, which made the
        # paginator count 20,000 rows through a sort (bench/RESULTS.md, EXPLAIN).
        if self.as_of:
            return queryset.filter(history_id__in=activity_ids_with_party(party=value, rows=queryset))
        links = Activity.parties.through.objects.filter(party=value).values("activity_id")
        return queryset.filter(pk__in=links)

    def filter_intersessional_group(self, queryset, name, value):
        return queryset.filter(topic__intersessional_groups=value)

    def filter_timeline_from(self, queryset, name, value):
        return queryset.filter(last_month__gte=value.replace(day=1))

    def filter_timeline_to(self, queryset, name, value):
        return queryset.filter(first_month__lte=value.replace(day=1))

    def filter_standard(self, queryset, name, value):
        if self.as_of and value:
            return queryset.filter(id__in=activity_ids_with_standard(standard=value, cut_off=self.as_of.cut_off))
        return filter_by_standard(queryset, value)

    def filter_overdue(self, queryset, name, value):
        if self.group is None:
            return queryset
        # On the rows themselves (live or past), by the one overdue rule.
        on = self.as_of.day if self.as_of else self.group.today()
        overdue = overdue_q(on)
        if value == "yes":
            return queryset.filter(overdue)
        return queryset.exclude(overdue)


class RefusedFilterMixin:
    """For a ``FilterView``: a filter value that cannot be read gives no rows, never more.

    ``strict`` makes django-filter show an empty list when the filter form is invalid;
    the page then answers 400 (the form with its errors, no rows). A request for an
    export (``?_export=`` one of the view's ``export_formats``) answers 400 in plain text
    naming each refused parameter and why, instead of a file. Put it before
    django-tables2's ``ExportMixin`` in the bases.
    """

    strict = True

    def filter_refused(self) -> bool:
        return self.filterset.is_bound and not self.filterset.is_valid()

    def render_to_response(self, context, **kwargs):
        if not self.filter_refused():
            return super().render_to_response(context, **kwargs)
        if self.request.GET.get("_export") in getattr(self, "export_formats", ()):
            lines = [gettext("The filter was refused; nothing was exported.")]
            for name, errors in self.filterset.form.errors.items():
                for error in errors:
                    lines.append(gettext("%(parameter)s: %(error)s") % {
                        "parameter": name if name != "__all__" else gettext("filter"), "error": error})
            return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")
        response = super().render_to_response(context, **kwargs)
        response.status_code = 400
        return response
