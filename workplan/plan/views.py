"""Work-plan pages. Views stay thin: permission, one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from workplan.plan.exports import SafeTableExport
from workplan.plan.filters import ActivityFilter, RefusedFilterMixin
from workplan.plan.forms import ActivityStatusForm
from workplan.plan.models import Activity
from workplan.plan.history import activity_history
from workplan.plan.selectors import (SESSION_KEY, activities_for_group, activity_as_opened, activity_for_user,
                                     current_group, groups_for_user, timeline_month_labels, workplan_topics)
from workplan.plan.services import ActivityChangedError, activity_update_status
from workplan.plan.tables import ActivityTable, SafeRequestConfig
from workplan.plan.visibility import person_name


class WorkPlanView(LoginRequiredMixin, TemplateView):
    """The current working group's plan as Annex I lays it out, grouped by topic."""

    template_name = "workplan/workplan.html"

    def get_context_data(self, **kwargs):
        group = current_group(self.request)
        return super().get_context_data(
            topics=workplan_topics(group=group),
            today=group.today() if group else None,
            **kwargs)


class ActivityListView(LoginRequiredMixin, RefusedFilterMixin, ExportMixin, SingleTableMixin, FilterView):
    """Filterable, sortable, paged list of the current group's activities, with CSV and
    XLSX export of every filtered row (``?_export=csv|xlsx``; other values are ignored).
    A filter value that cannot be read: 400 with the error and no rows, or for an export
    400 naming the parameter (``RefusedFilterMixin``)."""

    template_name = "workplan/activity_list.html"
    table_class = ActivityTable
    filterset_class = ActivityFilter
    export_class = SafeTableExport
    export_formats = (SafeTableExport.CSV, SafeTableExport.XLSX)

    def get_export_filename(self, export_format):
        group = current_group(self.request)
        prefix = f"{slugify(group.acronym)}-" if group else ""
        return f"{prefix}activities.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": _("Activities")}

    def get_queryset(self):
        return activities_for_group(group=current_group(self.request))

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class),
                "group": current_group(self.request)}

    def get_table_kwargs(self):
        group = current_group(self.request)
        return {"today": group.today() if group else None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(per_page_choices=(25, 50, 100), **kwargs)

    def get_table(self, **kwargs):
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        return SafeRequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(table)


class ActivityDetailView(LoginRequiredMixin, View):
    """One activity with its history; Secretariat staff also get the status form.

    POST without ``workplan.change_activity``: 403. A form opened on an older version:
    409, the other person's change kept, the user's input kept in the form.
    """

    template_name = "workplan/activity_detail.html"

    def get_activity(self, pk):
        try:
            return activity_for_user(user=self.request.user, pk=pk)
        except Activity.DoesNotExist:
            raise Http404(_("No such activity.")) from None

    def get(self, request, pk):
        activity = self.get_activity(pk)
        form = ActivityStatusForm(activity=activity) if self.can_change(activity) else None
        return self.respond(activity, form)

    def post(self, request, pk):
        activity = self.get_activity(pk)
        if not self.can_change(activity):
            raise PermissionDenied(_("Only the Secretariat may change an activity."))
        form = ActivityStatusForm(request.POST, activity=activity)
        if not form.is_valid():
            return self.respond(activity, form, status=400)
        try:
            activity_update_status(
                activity=activity, status=form.cleaned_data["status"],
                note=form.cleaned_data["progress_note"], by=request.user,
                expected_version=form.cleaned_data["version"],
                timeline=form.cleaned_data.get("timeline"))
        except ValidationError as error:  # a limit the service checks again (workplan.plan.limits)
            form.add_error(None, error)
            return self.respond(activity, form, status=400)
        except ActivityChangedError as stale:
            current = self.get_activity(pk)
            who = stale.current.changed_by
            messages.error(request, _(
                "This activity was changed by %(who)s at %(when)s since you opened it; your "
                "changes were not saved. The form shows the current values, with your input "
                "beside each field they changed; review and save again.") % {
                "who": person_name(who, viewer=request.user) if who else _("someone"),
                "when": formats.date_format(timezone.localtime(
                    stale.current.changed_at, current.topic.group.tzinfo), "j F Y, H:i"),
            })
            opened = activity_as_opened(activity=current, version=form.cleaned_data["version"])
            return self.respond(current, form.rebound_to(current, opened), status=409, stale=True)
        messages.success(request, _("The activity was saved."))
        return redirect(activity)

    def can_change(self, activity) -> bool:
        return self.request.user.has_perm("workplan.change_activity", activity)

    def respond(self, activity, form, status=200, stale=False):
        group = activity.topic.group
        return render(self.request, self.template_name, {
            "activity": activity,
            "form": form,
            "stale": stale,
            "months": timeline_month_labels(activity.timeline),
            "overdue": activity.is_overdue(on=group.today()),
            "history": activity_history(activity=activity, user=self.request.user),
        }, status=status)


@login_required
@require_POST
def switch_group(request):
    """Remember the working group chosen in the header switcher; 400 for an unknown id."""
    try:
        group = groups_for_user(user=request.user).get(pk=int(request.POST.get("group", "")))
    except (ValueError, groups_for_user(user=request.user).model.DoesNotExist):
        return HttpResponseBadRequest(_("Unknown working group."))
    request.session[SESSION_KEY] = group.pk
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
