"""The work plan's own pages (the plan, the activity list, an activity), in the workplan
namespace."""

from django.urls import path

from workplan.plan import views

urlpatterns = [
    path("workplan/", views.WorkPlanView.as_view(), name="workplan"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("switch-group/", views.switch_group, name="switch-group"),
]
