from django.urls import path

from . import views

app_name = "intersessional"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="group-list"),
]
