from django.urls import include, path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("workplan/", views.WorkPlanView.as_view(), name="workplan"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("switch-group/", views.switch_group, name="switch-group"),
    path("framework/", include("workplan.framework_urls")),
    path("", include("workplan.timeline_urls")),
    path("", include("workplan.progress_urls")),
]
