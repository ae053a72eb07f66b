"""The Secretariat's workspace pages: index, meetings, the plan's topics and activities.

Thin: the permission (the Secretariat of the current working group, or of the object's),
one service, then a redirect or the form again: 400 for bad input, 409 when the row
changed since the form was opened (the user's input kept, the saved values shown).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from workplan.plan.models import Activity, Meeting, Topic
from workplan.reports.selectors import meetings_for_group
from workplan.plan.selectors import current_group
from workplan.plan.timeline import TimelineError

from . import meetings as meeting_services
from . import plan as plan_services
from .common import VersionConflict, WorkspaceError
from .forms import ActivityForm, MeetingForm, TopicForm
from .selectors import plan_for_workspace, workspace_counts

STALE = gettext_lazy("This was changed by someone else since you opened it; your changes were not saved. "
          "The saved values are shown beside your input: review them, then save again.")


def stale_values(obj, names) -> list[tuple[str, str]]:
    """(label, display text) of ``names`` on ``obj`` as saved now, for the 409 page."""
    values = []
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            text = ", ".join(str(o) for o in getattr(obj, name).all())
        elif field.choices:
            text = getattr(obj, f"get_{name}_display")()
        else:
            value = getattr(obj, name)
            text = "" if value is None else str(value)
        values.append((capfirst(field.verbose_name), text))
    return values


MEETING_SHOWN = ("kind", "number", "title", "start_date", "end_date", "place")
ACTIVITY_SHOWN = ("description", "responsible", "parties", "timeline_text", "remarks", "internal_note")


def _group_for_secretariat(request, perm: str = "workplan.manage_meetings"):
    group = current_group(request)
    if group is None:
        raise Http404(_("No working group exists yet."))
    if not request.user.has_perm(perm, group):
        raise PermissionDenied(_("Only the Secretariat of this working group may use these pages."))
    return group


def _require(request, obj):
    if not request.user.has_perm("workplan.manage_meetings", obj):
        raise PermissionDenied(_("Only the Secretariat of this working group may do this."))


class MissingVersion(WorkspaceError):
    pass


def _version(request) -> int:
    """The version the page showed; a POST without it cannot be checked and is refused."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        raise MissingVersion(_("The page sent no version; reload it and try again. Nothing was changed.")) from None


@login_required
def workspace_index(request):
    group = _group_for_secretariat(request)
    return render(request, "workplan/workspace/index.html", {"group": group, **workspace_counts(group=group)})


# --- meetings -------------------------------------------------------------------------

@login_required
def meeting_list(request):
    group = _group_for_secretariat(request)
    return render(request, "workplan/workspace/meetings.html",
                  {"meetings": meetings_for_group(group=group).select_related("cancelled_by")})


@login_required
def meeting_add(request):
    group = _group_for_secretariat(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            meeting = meeting_services.meeting_create(group=group, by=request.user, **data)
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting was added."))
            return redirect(meeting)
    return render(request, "workplan/workspace/meeting_form.html", {"form": form, "meeting": None},
                  status=400 if request.method == "POST" else 200)


@login_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    _require(request, meeting)
    if request.method != "POST":
        return render(request, "workplan/workspace/meeting_form.html",
                      {"form": MeetingForm.for_meeting(meeting), "meeting": meeting})
    form, status, current = MeetingForm(request.POST, editing=True), 400, None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            meeting_services.meeting_update(meeting=meeting, by=request.user,
                                            expected_version=form.cleaned_data["version"], **data)
        except VersionConflict as stale:
            messages.error(request, STALE)
            current, form, status = stale.current, form.rebound_to(stale.current), 409
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(request, "workplan/workspace/meeting_form.html",
                  {"form": form, "meeting": meeting, "current": current,
                   "current_values": current and stale_values(current, MEETING_SHOWN)}, status=status)


def _meeting_action(request, pk, service, done: str):
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    _require(request, meeting)
    try:
        service(meeting=meeting, expected_version=_version(request), by=request.user)
    except VersionConflict:
        messages.error(request, STALE)
        return redirect("workplan:workspace-meetings")
    except WorkspaceError as error:
        messages.error(request, str(error))
        return redirect("workplan:workspace-meetings")
    messages.success(request, done)
    return redirect("workplan:workspace-meetings")


@login_required
@require_POST
def meeting_cancel(request, pk):
    return _meeting_action(request, pk, meeting_services.meeting_cancel, _("The meeting was cancelled."))


@login_required
@require_POST
def meeting_restore(request, pk):
    return _meeting_action(request, pk, meeting_services.meeting_restore, _("The meeting was restored."))


# --- the plan -------------------------------------------------------------------------

@login_required
def plan(request):
    group = _group_for_secretariat(request)
    return render(request, "workplan/workspace/plan.html", {"topics": plan_for_workspace(group=group)})


def _plan_anchor(topic) -> str:
    return reverse("workplan:workspace-plan") + f"#topic-{topic.pk}"


@login_required
def topic_add(request):
    group = _group_for_secretariat(request)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = plan_services.topic_create(group=group, title=form.cleaned_data["title"], by=request.user)
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The topic was added."))
            return redirect(_plan_anchor(topic))
    return render(request, "workplan/workspace/topic_form.html", {"form": form, "topic": None},
                  status=400 if request.method == "POST" else 200)


@login_required
def topic_edit(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("group"), pk=pk)
    _require(request, topic)
    if request.method != "POST":
        form = TopicForm(initial={"title": topic.title, "version": topic.version})
        return render(request, "workplan/workspace/topic_form.html", {"form": form, "topic": topic})
    form, status, current = TopicForm(request.POST, editing=True), 400, None
    if form.is_valid():
        try:
            plan_services.topic_update(topic=topic, title=form.cleaned_data["title"], by=request.user,
                                       expected_version=form.cleaned_data["version"])
        except VersionConflict as stale:
            messages.error(request, STALE)
            current, form, status = stale.current, form.rebound_to(stale.current), 409
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The topic was saved."))
            return redirect(_plan_anchor(topic))
    return render(request, "workplan/workspace/topic_form.html",
                  {"form": form, "topic": topic, "current": current,
                   "current_values": current and stale_values(current, ("title",))}, status=status)


@login_required
@require_POST
def topic_move(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("group"), pk=pk)
    _require(request, topic)
    try:
        plan_services.topic_move(topic=topic, direction=request.POST.get("direction", ""),
                                 expected_version=_version(request), by=request.user)
    except VersionConflict:
        messages.error(request, STALE)
    except WorkspaceError as error:
        messages.error(request, str(error))
    return redirect(_plan_anchor(topic))


def _topic_action(request, pk, service, done: str, **extra):
    topic = get_object_or_404(Topic.objects.select_related("group"), pk=pk)
    _require(request, topic)
    try:
        service(topic=topic, expected_version=_version(request), by=request.user, **extra)
    except VersionConflict:
        messages.error(request, STALE)
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect(_plan_anchor(topic))


@login_required
@require_POST
def topic_withdraw(request, pk):
    return _topic_action(request, pk, plan_services.topic_withdraw,
                         _("The topic's activities were withdrawn."), reason=request.POST.get("reason", ""))


@login_required
@require_POST
def topic_reinstate(request, pk):
    return _topic_action(request, pk, plan_services.topic_reinstate, _("The topic's activities were reinstated."))


def _activity(pk):
    return get_object_or_404(Activity.objects.select_related("topic", "topic__group"), pk=pk)


def _save_activity(request, form, save, template_context, done_message):
    """Run ``save(**cleaned)`` for a valid form; the page again on errors (400/409)."""
    status, current = 400, None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            activity = save(version=form.cleaned_data["version"], **data)
        except VersionConflict as stale:
            messages.error(request, STALE)
            current, form, status = stale.current, form.rebound_to(stale.current), 409
        except TimelineError as error:
            form.add_error("timeline_text", str(error))
        except WorkspaceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message)
            return redirect(activity)
    return render(request, "workplan/workspace/activity_form.html",
                  {**template_context, "form": form, "current": current,
                   "current_values": current and stale_values(current, ACTIVITY_SHOWN)}, status=status)


@login_required
def activity_add(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("group"), pk=pk)
    _require(request, topic)
    context = {"topic": topic, "activity": None}
    if request.method != "POST":
        return render(request, "workplan/workspace/activity_form.html", {**context, "form": ActivityForm()})

    def save(version, **data):
        return plan_services.activity_create(topic=topic, by=request.user, **data)
    return _save_activity(request, ActivityForm(request.POST), save, context, _("The activity was added."))


@login_required
def activity_edit(request, pk):
    activity = _activity(pk)
    _require(request, activity)
    context = {"topic": activity.topic, "activity": activity}
    if request.method != "POST":
        return render(request, "workplan/workspace/activity_form.html",
                      {**context, "form": ActivityForm.for_activity(activity)})

    def save(version, **data):
        return plan_services.activity_update(activity=activity, expected_version=version, by=request.user, **data)
    return _save_activity(request, ActivityForm(request.POST, editing=True), save, context,
                          _("The activity was saved."))


def _activity_action(request, pk, service, done: str, **extra):
    activity = _activity(pk)
    _require(request, activity)
    try:
        service(activity=activity, expected_version=_version(request), by=request.user, **extra)
    except VersionConflict:
        messages.error(request, STALE)
    except WorkspaceError as error:
        messages.error(request, str(error))
    else:
        if done:
            messages.success(request, done)
    nxt = request.POST.get("next")
    return redirect(activity if nxt == "activity" else _plan_anchor(activity.topic))


@login_required
@require_POST
def activity_move(request, pk):
    return _activity_action(request, pk, plan_services.activity_move, "",
                            direction=request.POST.get("direction", ""))


@login_required
@require_POST
def activity_withdraw(request, pk):
    return _activity_action(request, pk, plan_services.activity_withdraw, _("The activity was withdrawn."),
                            reason=request.POST.get("reason", ""))


@login_required
@require_POST
def activity_reinstate(request, pk):
    return _activity_action(request, pk, plan_services.activity_reinstate, _("The activity was reinstated."))
