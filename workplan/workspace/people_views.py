"""The workspace's people pages: the working group's users, invitations, parties and
role, deactivation. Another group's users and superusers are not found here (404)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import people
from .common import WorkspaceError
from .forms import InviteForm, PersonForm
from .views import _group_for_secretariat as _group_for_meetings

User = get_user_model()


def _group_for_secretariat(request):
    return _group_for_meetings(request, perm="workplan.manage_users")


def _person(group, pk):
    try:
        return people.person_for_group(group=group, pk=pk)
    except User.DoesNotExist:
        raise Http404(_("No such person in this working group.")) from None


@login_required
def people_list(request):
    group = _group_for_secretariat(request)
    return render(request, "workplan/workspace/people.html",
                  {"people": people.people_for_group(group=group), "group": group})


@login_required
def person_invite(request):
    group = _group_for_secretariat(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = people.user_invite(group=group, by=request.user, **form.cleaned_data)
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s was invited; the e-mail went to %(email)s.") % {
                "name": user.get_full_name() or user.username, "email": user.email})
            return redirect("workplan:workspace-people")
    return render(request, "workplan/workspace/person_invite.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def person_edit(request, pk):
    group = _group_for_secretariat(request)
    person = _person(group, pk)
    membership = person.group_membership[0]
    if request.method != "POST":
        form = PersonForm(initial={"parties": [p.pk for p in person.profile.parties.all()]
                                   if hasattr(person, "profile") else [], "role": membership.role})
        return render(request, "workplan/workspace/person_form.html", {"form": form, "person": person})
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            people.user_update(user=person, group=group, by=request.user, **form.cleaned_data)
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes to %(name)s were saved.") % {
                "name": person.get_full_name() or person.username})
            return redirect("workplan:workspace-people")
    return render(request, "workplan/workspace/person_form.html", {"form": form, "person": person}, status=400)


@login_required
@require_POST
def person_resend(request, pk):
    group = _group_for_secretariat(request)
    person = _person(group, pk)
    try:
        people.user_invite_resend(user=person, group=group, by=request.user)
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A new invitation went to %(email)s.") % {"email": person.email})
    return redirect("workplan:workspace-people")


@login_required
@require_POST
def person_set_active(request, pk):
    group = _group_for_secretariat(request)
    person = _person(group, pk)
    active = request.POST.get("active") == "1"
    try:
        people.user_set_active(user=person, group=group, active=active, by=request.user)
    except WorkspaceError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        raise
    else:
        name = person.get_full_name() or person.username
        messages.success(request, (_("%(name)s can log in again.") if active
                                   else _("%(name)s was deactivated and can no longer log in.")) % {"name": name})
    return redirect("workplan:workspace-people")
