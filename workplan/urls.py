from django.urls import include, path

from . import report_views, views

app_name = "workplan"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("workplan/", views.WorkPlanView.as_view(), name="workplan"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("switch-group/", views.switch_group, name="switch-group"),
    path("framework/", include("workplan.framework_urls")),
    path("baselines/", include("workplan.baselines.urls")),
    path("", include("workplan.timeline_urls")),
    # Meetings and their PTC progress reports (issue 5).
    path("meetings/", report_views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", report_views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/reports/", report_views.report_generate_view, name="report-generate"),
    path("meetings/<int:pk>/reports/status/", report_views.report_status_view, name="report-status"),
    path("reports/<int:pk>/download/", report_views.report_download_view, name="report-download"),
    path("reports/<int:pk>/retry/", report_views.report_retry_view, name="report-retry"),
    path("", include("workplan.progress_urls")),
]
