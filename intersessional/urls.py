from django.urls import path

from . import views

app_name = "intersessional"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="group-list"),
    path("<int:number>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("<int:number>/edit/", views.group_edit, name="group-edit"),
    path("<int:number>/join/", views.group_join, name="group-join"),
    path("requests/", views.join_requests, name="join-requests"),
    path("requests/<int:pk>/answer/", views.join_request_answer, name="join-request-answer"),
]
