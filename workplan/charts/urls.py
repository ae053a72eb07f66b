"""The timeline chart, included under /timeline/ in the workplan namespace."""

from django.urls import path

from workplan.charts import views

urlpatterns = [
    path("", views.TimelineView.as_view(), name="timeline"),
]
