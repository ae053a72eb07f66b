"""Framework of Standards URLs, included under /framework/ in the workplan namespace."""

from django.urls import path

from workplan.framework import views

urlpatterns = [
    path("", views.framework, name="framework"),
    path("tfa/", views.tfa_mapping, name="framework-tfa"),
    path("tag/", views.tag_overview, name="framework-tag-overview"),
    path("tag/activity/<int:pk>/", views.tag_activity, name="framework-tag-activity"),
    path("tag/group/<int:pk>/", views.tag_group, name="framework-tag-group"),
    path("standard/<int:number>/edit/", views.standard_edit, name="framework-standard-edit"),
]
