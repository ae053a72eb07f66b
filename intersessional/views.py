"""Intersessional group pages (the seed's Annex II)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from workplan.plan.models import Party
from workplan.plan.rules import party_ids
from workplan.plan.asof_views import AsOfMixin
from workplan.plan.selectors import current_group
from workplan.workspace.common import VersionConflict, WorkspaceError
from workplan.workspace.views import STALE, stale_values

from .forms import GroupForm, JoinForm
from .models import IntersessionalGroup, JoinRequest
from .selectors import intersessional_group_as_of, intersessional_group_detail, intersessional_groups, join_requests_for
from .services import intersessional_group_update, join_request_create, join_request_decide


class GroupListView(LoginRequiredMixin, TemplateView):
    template_name = "intersessional/group_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            groups=intersessional_groups(group=current_group(self.request)), **kwargs)


class GroupDetailView(LoginRequiredMixin, AsOfMixin, TemplateView):
    """One intersessional group: members, linked topics and their activities; with
    ``?as_of=`` as they stood at the end of that day (404 if the group did not exist)."""

    template_name = "intersessional/group_detail.html"

    def get_context_data(self, **kwargs):
        wg = current_group(self.request)
        try:
            if self.as_of:
                group = intersessional_group_as_of(group=wg, number=self.kwargs["number"],
                                                   cut_off=self.as_of.cut_off)
            else:
                group = intersessional_group_detail(group=wg, number=self.kwargs["number"])
        except IntersessionalGroup.DoesNotExist:
            raise Http404(_("No such intersessional group.")) from None
        user = self.request.user
        context = {"group": group, "today": self.as_of_today(wg),
                   "can_change": user.has_perm("intersessional.change_group", group)}
        # A user whose parties do not all volunteer yet may ask to join (the seed's Annex II).
        joining = Party.objects.filter(pk__in=party_ids(user)).exclude(pk__in=[p.pk for p in group.volunteers()])
        if joining.exists() and not self.as_of:  # a past view asks nothing
            pending = set(JoinRequest.objects.filter(group=group, state=JoinRequest.State.PENDING)
                          .values_list("party_id", flat=True))
            can_ask = list(joining.exclude(pk__in=pending))
            # One party (the usual case): chosen already, so asking is one button.
            context["join_form"] = JoinForm(parties=joining.exclude(pk__in=pending),
                                            initial={"party": can_ask[0].pk} if len(can_ask) == 1 else {})
            context["join_pending"] = Party.objects.filter(pk__in=pending & party_ids(user))
        return super().get_context_data(**context, **kwargs)


# --- the Secretariat's changes and requests to join ------------------------------------

def _group_or_404(request, number) -> IntersessionalGroup:
    wg = current_group(request)
    group = (IntersessionalGroup.objects.select_related("working_group")
             .filter(working_group=wg, number=number).first()) if wg else None
    if group is None:
        raise Http404(_("No such intersessional group."))
    return group


def _ordered(parties, posted_ids):
    """The chosen parties in the order they were listed before (kept rows keep their
    place), new ones after, by name."""
    return sorted(parties, key=lambda p: (posted_ids.get(p.pk, 10_000), p.short_name))


@login_required
def group_edit(request, number):
    group = _group_or_404(request, number)
    if not request.user.has_perm("intersessional.change_group", group):
        raise PermissionDenied(_("Only the Secretariat of this working group may change a group."))
    wg = group.working_group
    if request.method != "POST":
        form = GroupForm(working_group=wg, initial={
            "coordinators": [p.pk for p in group.coordinators()], "volunteers": [p.pk for p in group.volunteers()],
            "topics": list(group.topics.values_list("pk", flat=True)), "version": group.version})
        return render(request, "intersessional/group_form.html", {"group": group, "form": form})
    form, status, current = GroupForm(request.POST, working_group=wg, editing=True), 400, None
    if form.is_valid():
        position = {p.pk: i for i, p in enumerate(group.coordinators() + group.volunteers())}
        try:
            intersessional_group_update(
                group=group, expected_version=form.cleaned_data["version"], by=request.user,
                coordinators=_ordered(form.cleaned_data["coordinators"], position),
                volunteers=_ordered(form.cleaned_data["volunteers"], position),
                topics=list(form.cleaned_data["topics"]))
        except VersionConflict as stale:
            messages.error(request, STALE)
            current, form, status = stale.current, form.rebound_to(stale.current), 409
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The group was saved."))
            return redirect(group)
    return render(request, "intersessional/group_form.html",
                  {"group": group, "form": form, "current": current,
                   "current_values": current and [
                       (_("Coordinators"), ", ".join(map(str, current.coordinators()))),
                       (_("Volunteers"), ", ".join(map(str, current.volunteers()))),
                       *stale_values(current, ("topics",))]}, status=status)


@login_required
@require_POST
def group_join(request, number):
    """A request that one of the user's parties join the group (a pending JoinRequest)."""
    group = _group_or_404(request, number)
    form = JoinForm(request.POST, parties=Party.objects.filter(pk__in=party_ids(request.user)))
    if not form.is_valid():
        if not party_ids(request.user):
            raise PermissionDenied(_("Your account is linked to no party; ask the Secretariat."))
        messages.error(request, _("Choose the party that asks to join."))
        return redirect(group)
    try:
        join_request_create(group=group, party=form.cleaned_data["party"], by=request.user,
                            message=form.cleaned_data["message"])
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request was sent to the Secretariat."))
    return redirect(group)


@login_required
def join_requests(request):
    wg = current_group(request)
    if wg is None or not request.user.has_perm("intersessional.change_group", wg):
        raise PermissionDenied(_("Only the Secretariat of this working group may answer requests."))
    return render(request, "intersessional/join_requests.html", {"requests": join_requests_for(group=wg)})


@login_required
@require_POST
def join_request_answer(request, pk):
    wg = current_group(request)
    join = JoinRequest.objects.select_related("group", "group__working_group").filter(
        pk=pk, group__working_group=wg).first() if wg else None
    if join is None:
        raise Http404(_("No such request."))
    if not request.user.has_perm("intersessional.change_group", join.group):
        raise PermissionDenied(_("Only the Secretariat of this working group may answer requests."))
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        return HttpResponseBadRequest(_("Accept or decline."))
    try:
        join_request_decide(request=join, accept=decision == "accept", by=request.user)
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(party)s joined the group.") % {"party": join.party} if decision == "accept"
                         else _("The request of %(party)s was declined.") % {"party": join.party})
    return redirect("intersessional:join-requests")
