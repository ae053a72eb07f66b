from django.urls import path

from . import views

app_name = "intersessional"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="group-list"),
    path("<int:number>/", views.GroupDetailView.as_view(), name="group-detail"),
]
