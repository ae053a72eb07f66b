"""Meetings and their PTC progress reports, in the workplan namespace."""

from django.urls import path

from workplan.reports import views

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/reports/", views.report_generate_view, name="report-generate"),
    path("meetings/<int:pk>/reports/status/", views.report_status_view, name="report-status"),
    path("reports/<int:pk>/download/", views.report_download_view, name="report-download"),
    path("reports/<int:pk>/retry/", views.report_retry_view, name="report-retry"),
]
