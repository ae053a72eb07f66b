"""URL map: the work plan at the root, intersessional groups under /groups/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wgec.health import healthz
from workplan.plan.language import PasswordResetForm, language_set

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # load balancers; no login, no secrets
    path("admin/", admin.site.urls),
    # Before Django's own: the reset mail goes out in the account holder's language.
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
         name="password_reset"),
    # Django's set_language, also saving a logged-in user's choice in their profile.
    path("i18n/setlang/", language_set, name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("groups/", include("intersessional.urls")),
    path("", include("workplan.urls")),
]
