"""URLs of progress updates, the coordinator's page, reviews and changes (namespace
``workplan``: included from workplan/urls.py)."""

from django.urls import path

from workplan.progress import views

urlpatterns = [
    path("my/", views.MyItemsView.as_view(), name="my-items"),
    path("activities/<int:pk>/progress/", views.progress_submit_view, name="progress-submit"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reviews/<int:pk>/", views.progress_review_view, name="progress-review"),
    path("reviews/<int:pk>/accept/", views.progress_accept_view, name="progress-accept"),
    path("reviews/<int:pk>/return/", views.progress_return_view, name="progress-return"),
    path("settings/", views.ProfileSettingsView.as_view(), name="profile-settings"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
]

