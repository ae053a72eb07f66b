"""Framework of Standards pages: /framework/ (principles, standards, tagged work),
/framework/tfa/ (Annex III), and the Secretariat's tagging and editing forms.
Views stay thin: permission, one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from intersessional.models import IntersessionalGroup

from workplan.framework.forms import StandardForm, StandardsTagForm
from workplan.framework.selectors import mapping_rows, standards_for_framework
from workplan.framework.services import activity_set_standards, intersessional_group_set_standards
from workplan.plan.models import Activity
from workplan.framework.models import Standard


@login_required
def framework(request):
    group = request.working_group or None
    blocks, unplaced = standards_for_framework(group=group)
    return render(request, "workplan/framework/index.html", {
        "blocks": blocks,
        "unplaced": unplaced,
        "can_tag": group is not None and request.user.has_perm("workplan.change_activity", group),
        "can_edit": request.user.has_perm("workplan.change_framework"),
    })


@login_required
def tfa_mapping(request):
    return render(request, "workplan/framework/tfa.html", {"mapping_rows": mapping_rows()})


@login_required
def tag_overview(request):
    """The Secretariat's starting point: every activity and group of the working group
    with its standards and a link to change them."""
    group = request.working_group or None
    if group is None or not request.user.has_perm("workplan.change_activity", group):
        raise PermissionDenied
    activities = Activity.objects.for_group(group).select_related("topic").prefetch_related("standards")
    groups = IntersessionalGroup.objects.filter(working_group=group).prefetch_related("standards")
    return render(request, "workplan/framework/tag_overview.html",
                  {"activities": activities, "groups": groups})


def _tag(request, obj, service, kwarg: str, heading: str):
    if not request.user.has_perm("workplan.change_activity", obj):
        raise PermissionDenied
    current = set(obj.standards.values_list("pk", flat=True))
    if request.method == "POST":
        form = StandardsTagForm(request.POST)
        if form.is_valid():
            chosen = {s.pk for s in form.cleaned_data["standards"]}
            service(**{kwarg: obj}, shown=form.cleaned_data["shown"], chosen=chosen)
            messages.success(request, _("Standards saved for %(object)s.") % {"object": obj})
            return redirect(reverse("workplan:framework-tag-overview"))
        status = 400
    else:
        form = StandardsTagForm(initial={"standards": sorted(current), "shown": ",".join(map(str, sorted(current)))})
        status = 200
    return render(request, "workplan/framework/tag_form.html",
                  {"form": form, "object": obj, "heading": heading}, status=status)


@login_required
def tag_activity(request, pk: int):
    activity = get_object_or_404(Activity.objects.select_related("topic__group"), pk=pk)
    return _tag(request, activity, activity_set_standards, "activity", _("Standards this activity serves"))


@login_required
def tag_group(request, pk: int):
    group = get_object_or_404(IntersessionalGroup.objects.select_related("working_group"), pk=pk)
    return _tag(request, group, intersessional_group_set_standards, "group",
                _("Standards this intersessional group serves"))


@login_required
def standard_edit(request, number: int):
    if not request.user.has_perm("workplan.change_framework"):
        raise PermissionDenied
    standard = get_object_or_404(Standard, number=number)
    form = StandardForm(request.POST or None, instance=standard)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("%(standard)s saved.") % {"standard": standard})
            return redirect(standard.get_absolute_url())
        return render(request, "workplan/framework/standard_form.html", {"form": form, "standard": standard},
                      status=400)
    return render(request, "workplan/framework/standard_form.html", {"form": form, "standard": standard})
