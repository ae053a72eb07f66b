"""URLs of progress updates, the coordinator's page, reviews and changes (namespace
``workplan``: included from workplan/urls.py)."""

from django.urls import path

from . import progress_views as views

urlpatterns = [
    path("my/", views.MyItemsView.as_view(), name="my-items"),
    path("activities/<int:pk>/progress/", views.progress_submit_view, name="progress-submit"),
    path("reviews/", views.ReviewListView.as_view(), name="reviews"),
    path("reviews/<int:pk>/accept/", views.progress_accept_view, name="progress-accept"),
    path("reviews/<int:pk>/return/", views.progress_return_view, name="progress-return"),
    path("changes/", views.ChangesView.as_view(), name="changes"),
]

# TEMPORARY until the pages branch is merged: a bare activity page so that links and the
# pending-update fragment can be tried here. Removed when main brings the real one.
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.shortcuts import get_object_or_404, render  # noqa: E402

from .models import Activity  # noqa: E402


@login_required
def _activity_detail_stub(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    return render(request, "workplan/_activity_detail_stub.html", {"activity": activity})


urlpatterns.append(path("activities/<int:pk>/", _activity_detail_stub, name="activity-detail"))
