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

from workplan.plan.asof import activities_as_of, topics_as_of
from workplan.plan.asof_views import AsOfMixin
from workplan.plan.exports import SafeTableExport
from workplan.plan.filters import ActivityFilter, RefusedFilterMixin
from workplan.plan.forms import ActivityStatusForm
from workplan.plan.models import Activity
from workplan.plan.history import activity_history
from workplan.plan.selectors import (SESSION_KEY, TOPIC_ACTIVITY_LIMIT, activities_for_group, activity_as_opened,
                                     activity_for_user, current_group, groups_for_user, timeline_month_labels,
                                     workplan_topics)
from workplan.plan.services import ActivityChangedError, activity_update_status
from workplan.plan.tables import ActivityTable, SafeRequestConfig, activity_columns, chosen_columns
from workplan.plan.visibility import can_see_secret_fields, person_name


class WorkPlanView(LoginRequiredMixin, AsOfMixin, TemplateView):
    """The current working group's plan as Annex I lays it out, grouped by topic; with
    ``?as_of=`` the plan as it stood at the end of that day."""

    template_name = "workplan/workplan.html"

    def get_context_data(self, **kwargs):
        group = current_group(self.request)
        if self.as_of:
            topics = topics_as_of(topics=group.topics.order_by("number"), cut_off=self.as_of.cut_off,
                                  limit=TOPIC_ACTIVITY_LIMIT)
        else:
            topics = workplan_topics(group=group)
        return super().get_context_data(topics=topics, today=self.as_of_today(group), **kwargs)


class ActivityListView(LoginRequiredMixin, AsOfMixin, RefusedFilterMixin, ExportMixin, SingleTableMixin, FilterView):
    """Filterable, sortable, paged list of the current group's activities, with CSV and
    XLSX export of every filtered row (``?_export=csv|xlsx``; other values are ignored).
    With ``?as_of=`` the activities as they stood at the end of that day (and exports).
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
        suffix = f"-as-of-{self.as_of.day.isoformat()}" if self.as_of else ""
        return f"{prefix}activities{suffix}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": _("Activities")}

    def get_queryset(self):
        group = current_group(self.request)
        if self.as_of:
            return activities_as_of(group=group, cut_off=self.as_of.cut_off)
        return activities_for_group(group=group)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class),
                "group": current_group(self.request), "as_of": self.as_of}

    def _secretariat(self) -> bool:
        return can_see_secret_fields(self.request.user, current_group(self.request))

    def get_table_kwargs(self):
        group = current_group(self.request)
        # The column chooser (?cols=...): the page and its exports show the same columns;
        # Secretariat-only columns exist only for the Secretariat (visibility.py).
        shown = chosen_columns(self.request.GET.getlist("cols"), secretariat=self._secretariat())
        hidden = [name for name in ActivityTable.base_columns if name not in shown]
        return {"today": self.as_of_today(group) if group else None, "tz": group.tzinfo if group else None,
                "exclude": hidden}

    def get_context_data(self, **kwargs):
        secretariat = self._secretariat()
        shown = chosen_columns(self.request.GET.getlist("cols"), secretariat=secretariat)
        return super().get_context_data(per_page_choices=(25, 50, 100),
                                        columns=activity_columns(secretariat=secretariat),
                                        shown_columns=shown, **kwargs)

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
        except ValidationError as error:  # a limit checked again (workplan.plan.limits); after the
            # stale case above, since ActivityChangedError is a ValidationError too
            form.add_error(None, error)
            return self.respond(activity, form, status=400)
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
