"""/timeline/: the work plan as a Gantt chart, filtered like the activity list.

Thin view: parse the filter, read the activities, draw (cached), render."""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django.db.models import Subquery
from django_filters.views import FilterView

from workplan.charts.cache import cached_gantt_svg
from workplan.baselines.models import Baseline
from workplan.baselines.selectors import baseline_for, baseline_months, span_with
from workplan.plan import selectors
from workplan.plan.asof import activities_as_of
from workplan.plan.asof_views import AsOfMixin
from workplan.plan.filters import ActivityFilter, RefusedFilterMixin

# A chart of more rows is no longer readable (nor quick: ~0.5 ms a row); beyond it the
# page says how many matched and asks to filter.
TIMELINE_LIMIT = 300


class TimelineView(LoginRequiredMixin, AsOfMixin, RefusedFilterMixin, FilterView):
    """/timeline/: the current working group's plan as a Gantt chart, filtered; the first
    TIMELINE_LIMIT matching activities in plan order, with the number that matched.
    With ``?as_of=`` the plan as it stood at the end of that day, "today" drawn there. A
    filter value that cannot be read: 400, the error shown and an empty chart."""

    template_name = "workplan/timeline.html"
    filterset_class = ActivityFilter  # the same filters as the activity list

    def get_queryset(self):
        if self.as_of:
            return activities_as_of(group=self.request.working_group, cut_off=self.as_of.cut_off)
        return selectors.plan_activities(group=self.request.working_group)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "group": self.request.working_group,
                "as_of": self.as_of}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.request.working_group
        # The whole plan's span rides along in the rows' query (two uncorrelated
        # subqueries, run once); a separate query only when no row matches the filters.
        whole = self.get_queryset().order_by()
        rows = context["object_list"].annotate(
            plan_first=Subquery(whole.filter(first_month__isnull=False).order_by("first_month")
                                .values("first_month")[:1]),
            plan_last=Subquery(whole.filter(last_month__isnull=False).order_by("-last_month")
                               .values("last_month")[:1]))
        activities, matching = selectors.first_of(rows, limit=TIMELINE_LIMIT)
        today = self.as_of_today(group) or dt.date.today()
        if activities:
            span = (activities[0].plan_first, activities[0].plan_last) if activities[0].plan_first else None
        else:
            span = selectors.plan_span(group=group, activities=whole)
        baseline = baseline_for(group=group, raw=self.request.GET.get("baseline"))
        months = baseline_months(baseline=baseline)
        if baseline is not None:
            span = span_with(span, months)
        context.update(
            baselines=list(Baseline.objects.filter(group=group).order_by("as_of", "taken_at")) if group else [],
            baseline=baseline,
            activities=activities,
            matching_count=matching,
            today=today,
            chart_svg=cached_gantt_svg(activities=activities, meetings=list(selectors.group_meetings(group=group)),
                                today=today, span=span,
                                baseline=months if baseline is not None else None,
                                baseline_name=baseline.name if baseline is not None else "",
                                title=_("Work plan of %(group)s") % {"group": group.acronym} if group else None),
        )
        return context
