"""Every URL of the workplan app, one line per package (namespace ``workplan``): a path's
prefix here names the package whose urls.py and views.py serve it."""

from django.urls import include, path

app_name = "workplan"

urlpatterns = [
    path("", include("workplan.dashboard.urls")),  # /
    path("", include("workplan.plan.urls")),  # /workplan/, /activities/..., /switch-group/
    path("timeline/", include("workplan.charts.urls")),
    path("calendar/", include("workplan.feeds.urls")),
    path("framework/", include("workplan.framework.urls")),
    path("baselines/", include("workplan.baselines.urls")),
    path("imports/", include("workplan.imports.urls")),
    path("", include("workplan.reports.urls")),  # /meetings/..., /reports/...
    path("", include("workplan.progress.urls")),  # /my/, /reviews/..., /changes/, /activities/<pk>/progress/
    path("secretariat/", include("workplan.workspace.urls")),  # the Secretariat's workspace
]
