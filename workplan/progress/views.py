"""Coordinators' page (/my/), progress submission, the Secretariat's review queue
(/reviews/) and the change log (/changes/). Thin: permission, one service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from workplan.plan.history import changes_between
from workplan.plan.models import Activity, Profile
from workplan.plan.months import month_bounds
from workplan.plan.services import ActivityChangedError
from workplan.plan.visibility import person_name
from workplan.progress import services as progress
from workplan.progress.forms import ChangesForm, ProfileSettingsForm, ProgressForm, ReviewForm
from workplan.progress.models import ProgressUpdate
from workplan.progress.selectors import my_activities, my_groups, my_progress_updates, pending_updates_for_review
from workplan.progress.services import profile_settings_save


# Items per page on /my/ and /reviews/: a form each, so rendering cost grows per row.
PER_PAGE = 25


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


class MyItemsView(LoginRequiredMixin, TemplateView):
    """The user's activities (responsible or coordinating), deadlines first, one compact
    row each with a progress form opened on demand (pre-filled with a returned update),
    their recent updates, and the groups their delegation volunteers in (read-only)."""

    template_name = "workplan/my_items.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = self.request.working_group
        user = self.request.user
        if group is None:
            return {**ctx, "activities": [], "updates": [], "groups": []}
        page = Paginator(my_activities(user=user, group=group), PER_PAGE).get_page(self.request.GET.get("page"))
        activities = list(page.object_list)
        today = group.today()
        for activity in activities:
            activity.overdue = activity.is_overdue(today)
            activity.pending = activity.pending_updates[0] if activity.pending_updates else None
            activity.reviewed = activity.last_reviewed[0] if activity.last_reviewed else None
            # A returned update not followed by a newer one: the form starts from it.
            returned = activity.reviewed if (activity.reviewed and activity.pending is None
                                             and activity.reviewed.state == ProgressUpdate.State.RETURNED) else None
            activity.returned = returned
            activity.form_status = returned.status if returned else activity.status
            activity.form_note = returned.note if returned else ""
        return {**ctx, "activities": activities, "page_obj": page, "today": today,
                "statuses": Activity.Status.choices,
                "updates": my_progress_updates(user=user, group=group),
                "groups": my_groups(user=user, group=group)}


@login_required
@require_POST
def progress_submit_view(request, pk: int):
    """POST a status proposal and note for activity ``pk``; 403 for non-coordinators,
    400 with the form and its message for bad input or an update already pending."""
    activity = get_object_or_404(Activity.objects.select_related("topic__group"), pk=pk)
    if not request.user.has_perm("workplan.submit_progress", activity):
        raise PermissionDenied(_("You do not coordinate this activity."))
    form = ProgressForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            progress.progress_submit(activity=activity, by=request.user, status=form.cleaned_data["status"],
                                     note=form.cleaned_data["note"])
        except progress.ProgressError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your update was sent to the Secretariat for review."))
            return redirect(_next_url(request, reverse("workplan:my-items")))
    return render(request, "workplan/progress_submit.html",
                  {"activity": activity, "form": form, "next": _next_url(request, "")}, status=400)


class ReviewListView(LoginRequiredMixin, TemplateView):
    """Pending updates of the current working group, for the Secretariat: one form each."""

    template_name = "workplan/reviews.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("workplan.review_progress",
                                                                       request.working_group):
            raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(pending_updates_for_review(group=self.request.working_group), PER_PAGE) \
            .get_page(self.request.GET.get("page"))
        updates = list(page.object_list)
        errors = kwargs.get("errors") or {}
        for update in updates:
            update.form = errors.get(update.pk)  # a refused POST's form, with its messages
            update.stale = update.base_version != update.activity.version
            if update.stale:
                changer = update.activity.changed_by
                update.changed_by_label = person_name(changer) if changer else _("someone")
            profile = getattr(update.submitted_by, "profile", None) if update.submitted_by else None
            update.parties = [p.short_name for p in profile.parties.all()] if profile else []
        return {**ctx, "updates": updates, "page_obj": page, "statuses": Activity.Status.choices}


def _review(request, pk: int, *, action: str | None = None):
    """Accept, accept with edits, or return update ``pk`` (``action`` from the URL, else
    the form's button). The comment goes with every action. 400 for bad input, 409 for
    an update already reviewed, an activity changed since the page was shown, or a stale
    update accepted without "accept anyway"."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("activity__topic__group", "submitted_by"),
                               pk=pk)
    if not request.user.has_perm("workplan.review_progress", update):
        raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
    form = ReviewForm(request.POST, auto_id=f"id_u{update.pk}_%s")
    status = 400
    if not form.is_valid() and "version" in form.errors:
        messages.error(request, _("The review form was incomplete: reload the page and try again."))
    if form.is_valid():
        data = form.cleaned_data
        action = action or data["action"] or ReviewForm.ACCEPT
        try:
            if action == ReviewForm.RETURN:
                progress.progress_return(update=update, by=request.user, comment=data["comment"])
                messages.success(request, _("Update returned to its author."))
            else:
                # Plain "Accept" takes the fields too: a correction typed there is never lost.
                progress.progress_accept(update=update, by=request.user, comment=data["comment"],
                                         status=data["status"] or None,
                                         note=data["note"] if data["note"].strip() else None,
                                         expected_version=data["version"], accept_stale=data["accept_stale"])
                messages.success(request, _("Update accepted: the activity now shows it."))
            return redirect(_next_url(request, reverse("workplan:reviews")))
        except (progress.ProgressError, ActivityChangedError) as exc:
            # As a page message: a reviewed update is no longer in the queue to show it.
            for message in exc.messages:
                messages.error(request, message)
            if exc.code in ("reviewed", "stale") or isinstance(exc, ActivityChangedError):
                status = 409
    # Render the queue again with this update's form and its message.
    listing = ReviewListView()
    listing.setup(request)
    ctx = listing.get_context_data(errors={update.pk: form})
    return render(request, listing.template_name, ctx, status=status)


@login_required
@require_POST
def progress_review_view(request, pk: int):
    return _review(request, pk)


@login_required
@require_POST
def progress_accept_view(request, pk: int):
    return _review(request, pk, action=ReviewForm.ACCEPT)


@login_required
@require_POST
def progress_return_view(request, pk: int):
    return _review(request, pk, action=ReviewForm.RETURN)


class ProfileSettingsView(LoginRequiredMixin, FormView):
    """/settings/: the user's e-mail settings (deadline reminders, progress
    notifications). Bad input: the form with its message, 400."""

    template_name = "workplan/progress/settings.html"
    form_class = ProfileSettingsForm

    def get_initial(self):
        profile = Profile.objects.filter(user=self.request.user).first() or Profile(user=self.request.user)
        return {"reminders": not profile.reminders_opt_out, "notification_delivery": profile.notification_delivery}

    def form_valid(self, form):
        profile_settings_save(user=self.request.user, reminders=form.cleaned_data["reminders"],
                              notification_delivery=form.cleaned_data["notification_delivery"])
        messages.success(self.request, _("Your settings were saved."))
        return redirect("workplan:profile-settings")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChangesView(LoginRequiredMixin, TemplateView):
    """Changes between two dates (default: this month in the group's time zone),
    filterable by topic and intersessional group. Bad input: the form's errors, 400."""

    template_name = "workplan/changes.html"

    def get(self, request, *args, **kwargs):
        group = request.working_group
        # The group's today: 2018-10-31 23:30 in Brussels is still October there.
        first, last = month_bounds(group.today()) if group else (None, None)
        params = request.GET.copy()
        params.setdefault("start", first.isoformat() if first else "")
        params.setdefault("end", last.isoformat() if last else "")
        form = ChangesForm(params, working_group=group)
        ctx = self.get_context_data(form=form, default_start=first, default_end=last)
        if group is None or not form.is_valid():
            return self.render_to_response(ctx, status=400 if group is not None else 200)
        data = form.cleaned_data
        page, changes = changes_between(
            group=group, start=data["start"] or first, end=data["end"] or last, user=request.user,
            topic=data["topic"], intersessional_group=data["group"], page=request.GET.get("page", 1),
        )
        query = params.copy()
        query.pop("page", None)
        ctx.update(page_obj=page, changes=changes, start=data["start"] or first, end=data["end"] or last,
                   querystring=query.urlencode())
        return self.render_to_response(ctx)
