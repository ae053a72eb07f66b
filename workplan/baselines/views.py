"""Baseline pages: the list (and, for the Secretariat, freezing one) and the comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import BaselineFreezeForm, CompareForm
from .models import Baseline
from .selectors import Side, plan_compare
from .services import BaselineError, baseline_freeze


def _can_freeze(user, group) -> bool:
    return group is not None and user.has_perm("workplan.change_activity", group)


@login_required
def baseline_list(request):
    """/baselines/: the group's baselines; POST (Secretariat): freeze a new one."""
    group = request.working_group or None
    can_freeze = _can_freeze(request.user, group)
    form = BaselineFreezeForm(request.POST or None) if can_freeze else None
    status = 200
    if request.method == "POST":
        if not can_freeze:
            raise PermissionDenied(_("Only the Secretariat may take a baseline."))
        if form.is_valid():
            try:
                baseline = baseline_freeze(group=group, name=form.cleaned_data["name"], by=request.user,
                                           as_of=form.cleaned_data["as_of"])
            except BaselineError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Baseline “%(name)s” taken.") % {"name": baseline.name})
                return redirect(baseline.get_absolute_url())
        status = 400
    baselines = Baseline.objects.filter(group=group).select_related("created_by").order_by("as_of", "taken_at") \
        if group else Baseline.objects.none()
    return render(request, "workplan/baselines/list.html",
                  {"baselines": baselines, "form": form, "compare_form": CompareForm(group=group)}, status=status)


@login_required
def baseline_compare(request):
    """/baselines/compare/?baseline=ID or ?start=YYYY-MM-DD, and &end=YYYY-MM-DD (blank:
    now): added, withdrawn, completed and slipped activities, totals per topic. 400 with
    the form's errors for a bad choice."""
    group = request.working_group or None
    data = request.GET if request.GET else None
    if data is None and group is not None:
        first = Baseline.objects.filter(group=group).order_by("as_of", "taken_at").first()
        data = {"baseline": str(first.pk)} if first else None
    form = CompareForm(data, group=group)
    comparison = None
    status = 200
    if data is not None:
        if form.is_valid():
            before = Side(baseline=form.cleaned_data["baseline"], day=form.cleaned_data["start"])
            after = Side(day=form.cleaned_data["end"])
            comparison = plan_compare(group=group, before=before, after=after)
        else:
            status = 400
    return render(request, "workplan/baselines/compare.html",
                  {"form": form, "comparison": comparison, "list_url": reverse("workplan:baselines")},
                  status=status)
