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
from django.views.generic import TemplateView

from workplan.progress import services as progress
from workplan.plan.history import changes_between
from workplan.plan.months import month_bounds
from workplan.plan.models import Activity
from workplan.plan.services import ActivityChangedError
from workplan.progress.models import ProgressUpdate
from workplan.progress.forms import ChangesForm, ProgressForm, ReviewForm
from workplan.progress.selectors import my_activities, my_progress_updates, pending_updates_for_review


# Items per page on /my/ and /reviews/: a form each, so rendering cost grows per row.
PER_PAGE = 25


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


class MyItemsView(LoginRequiredMixin, TemplateView):
    """The user's activities (responsible or coordinating), deadlines first, with a
    progress form on each, and their recent updates."""

    template_name = "workplan/my_items.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = self.request.working_group
        user = self.request.user
        if group is None:
            return {**ctx, "activities": [], "updates": []}
        page = Paginator(my_activities(user=user, group=group), PER_PAGE).get_page(self.request.GET.get("page"))
        activities = list(page.object_list)
        today = group.today()
        for activity in activities:
            activity.overdue = activity.is_overdue(today)
        return {**ctx, "activities": activities, "page_obj": page, "today": today,
                "statuses": Activity.Status.choices,
                "updates": my_progress_updates(user=user, group=group)}


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
    """Pending updates of the current working group, for the Secretariat."""

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
        return {**ctx, "updates": updates, "page_obj": page}


def _review(request, pk: int, *, accept: bool):
    update = get_object_or_404(ProgressUpdate.objects.select_related("activity__topic__group"), pk=pk)
    if not request.user.has_perm("workplan.review_progress", update):
        raise PermissionDenied(_("Only the Secretariat reviews progress updates."))
    form = ReviewForm(request.POST, auto_id=f"id_u{update.pk}_%s")
    status = 400
    if not form.is_valid() and "version" in form.errors:
        messages.error(request, _("The review form was incomplete: reload the page and try again."))
    if form.is_valid():
        try:
            if accept:
                progress.progress_accept(update=update, by=request.user, expected_version=form.cleaned_data["version"])
                messages.success(request, _("Update accepted: the activity now shows it."))
            else:
                progress.progress_return(update=update, by=request.user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Update returned to its author."))
            return redirect(_next_url(request, reverse("workplan:reviews")))
        except (progress.ProgressError, ActivityChangedError) as exc:
            # As a page message: a reviewed update is no longer in the queue to show it.
            for message in exc.messages:
                messages.error(request, message)
            if exc.code in ("reviewed",) or isinstance(exc, ActivityChangedError):
                status = 409
    # Render the queue again with this update's form and its message.
    listing = ReviewListView()
    listing.setup(request)
    ctx = listing.get_context_data(errors={update.pk: form})
    return render(request, listing.template_name, ctx, status=status)


@login_required
@require_POST
def progress_accept_view(request, pk: int):
    return _review(request, pk, accept=True)


@login_required
@require_POST
def progress_return_view(request, pk: int):
    return _review(request, pk, accept=False)


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
