"""Work-plan pages. Views stay thin: permission, one selector or service, render."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from .selectors import SESSION_KEY, groups_for_user
from .timeline_views import DashboardView  # noqa: F401  (issue 6: the dashboard lives there)


class WorkPlanView(LoginRequiredMixin, TemplateView):
    template_name = "workplan/workplan.html"


@login_required
@require_POST
def switch_group(request):
    """Remember the working group chosen in the header switcher; 400 for an unknown id."""
    try:
        group = groups_for_user(user=request.user).get(pk=int(request.POST.get("group", "")))
    except (ValueError, groups_for_user(user=request.user).model.DoesNotExist):
        return HttpResponseBadRequest("Unknown working group.")
    request.session[SESSION_KEY] = group.pk
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
