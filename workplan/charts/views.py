"""/timeline/: the work plan as a Gantt chart, filtered like the activity list.

Thin view: parse the filter, read the activities, draw (cached), render."""

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from workplan.charts.cache import cached_gantt_svg
from workplan.plan import selectors
from workplan.plan.filters import ActivityFilter, RefusedFilterMixin

# A chart of more rows is no longer readable (nor quick: ~0.5 ms a row); beyond it the
# page says how many matched and asks to filter.
TIMELINE_LIMIT = 300


class TimelineView(LoginRequiredMixin, RefusedFilterMixin, FilterView):
    """/timeline/: the current working group's plan as a Gantt chart, filtered; the first
    TIMELINE_LIMIT matching activities in plan order, with the number that matched. A
    filter value that cannot be read: 400, the error shown and an empty chart."""

    template_name = "workplan/timeline.html"
    filterset_class = ActivityFilter  # the same filters as the activity list

    def get_queryset(self):
        return selectors.plan_activities(group=self.request.working_group)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "group": self.request.working_group}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.request.working_group
        activities, matching = selectors.first_of(context["object_list"], limit=TIMELINE_LIMIT)
        today = group.today() if group else dt.date.today()
        context.update(
            activities=activities,
            matching_count=matching,
            today=today,
            chart_svg=cached_gantt_svg(activities=activities, meetings=list(selectors.group_meetings(group=group)),
                                today=today, span=selectors.plan_span(group=group),
                                title=_("Work plan of %(group)s") % {"group": group.acronym} if group else None),
        )
        return context
