"""URL map: the work plan at the root, intersessional groups under /groups/."""

from django.contrib import admin
from django.urls import include, path

from wgec.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # load balancers; no login, no secrets
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("groups/", include("intersessional.urls")),
    path("", include("workplan.urls")),
]
