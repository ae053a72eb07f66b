from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("workplan/", views.WorkPlanView.as_view(), name="workplan"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("switch-group/", views.switch_group, name="switch-group"),
]
