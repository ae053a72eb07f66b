"""The dashboard (/), in the workplan namespace."""

from django.urls import path

from workplan.dashboard import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
]
