"""Meeting pages and their PTC progress reports. Thin: permission, one
selector or service, render or redirect. Nothing here renders a PDF (the Celery task does)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from workplan.plan.models import Meeting
from workplan.reports.content import report_default_cut_off
from workplan.reports.forms import ReportRequestForm
from workplan.reports.models import Report
from workplan.reports.selectors import meetings_for_group, reports_for_meeting
from workplan.reports.services import ReportError, report_generate, report_retry


class MeetingListView(LoginRequiredMixin, ListView):
    """/meetings/: the current working group's meetings, latest first."""

    template_name = "workplan/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50

    def get_queryset(self):
        return meetings_for_group(group=self.request.working_group)

    def paginate_queryset(self, queryset, page_size):
        # As the tables do: ?page=abc or 0 shows page 1, ?page=99 the last page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def _meeting_context(request, meeting: Meeting, form: ReportRequestForm | None = None) -> dict:
    can_generate = request.user.has_perm("workplan.generate_report", meeting)
    reports = list(reports_for_meeting(meeting=meeting, user=request.user))
    latest = reports[0] if reports else None
    if form is None and can_generate:
        form = ReportRequestForm(initial={"title": latest.title if latest else "",
                                          "agenda_item": latest.agenda_item if latest else "",
                                          "cut_off": report_default_cut_off(meeting=meeting)}, meeting=meeting)
    return {"meeting": meeting, "reports": reports, "can_generate": can_generate, "form": form,
            # Poll only while a worker may still change something: a stale row waits for
            # the sweep or a Retry, not for the page.
            "pending": any(r.is_live for r in reports)}


class MeetingDetailView(LoginRequiredMixin, DetailView):
    """/meetings/<id>/: the meeting and its reports; Secretariat staff generate them here."""

    template_name = "workplan/meeting_detail.html"
    queryset = Meeting.objects.select_related("group")
    context_object_name = "meeting"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_meeting_context(self.request, self.object)}


@login_required
@require_POST
def report_generate_view(request, pk: int):
    """POST: queue a new report version and go straight back to the meeting (302)."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    if not request.user.has_perm("workplan.generate_report", meeting):
        raise PermissionDenied(_("Only the Secretariat generates reports."))
    form = ReportRequestForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return render(request, "workplan/meeting_detail.html", _meeting_context(request, meeting, form), status=400)
    try:
        report = report_generate(meeting=meeting, requested_by=request.user, **form.cleaned_data)
    except ReportError as exc:
        messages.warning(request, str(exc))
    else:
        _say_state(request, report)
    return redirect(f"{meeting.get_absolute_url()}#reports")


def _say_state(request, report: Report) -> None:
    """The message after a request to (re)generate: what the row says once the request's
    transaction has committed and the render was (or could not be) sent."""
    report.refresh_from_db(fields=["state", "error"])
    if report.state == Report.State.FAILED:
        messages.error(request, _("Version %(version)s of the report could not be started: %(error)s")
                       % {"version": report.version, "error": report.error})
    elif report.state == Report.State.READY:
        messages.success(request, _("Version %(version)s of the report is ready.") % {"version": report.version})
    else:
        messages.success(request, _("Version %(version)s of the report is queued; this page shows when it is "
                                    "ready.") % {"version": report.version})


@login_required
@require_POST
def report_retry_view(request, pk: int):
    """POST: put a failed report back in the queue (Secretariat)."""
    report = get_object_or_404(Report.objects.select_related("meeting__group"), pk=pk)
    if not request.user.has_perm("workplan.generate_report", report.meeting):
        raise PermissionDenied(_("Only the Secretariat retries reports."))
    try:
        report = report_retry(report=report, requested_by=request.user)
    except ReportError as exc:
        messages.warning(request, str(exc))
    else:
        _say_state(request, report)
    return redirect(f"{report.meeting.get_absolute_url()}#reports")


@login_required
@require_GET
def report_status_view(request, pk: int):
    """JSON for the meeting page's polling script.

    Shape: {"meeting": id, "pending": bool (some report queued or rendering within its
    bound: poll again), "reports": [{"id", "version", "state", "state_label", "stale"
    (bool: pending past its bound, no worker on it), "size", "size_label", "pages",
    "download_url" (null until ready), "error" (Secretariat only, else null)}], "html":
    the reports table as the page shows it}.
    """
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    context = _meeting_context(request, meeting)
    rows = [{
        "id": r.pk, "version": r.version, "state": r.state, "state_label": r.get_state_display(),
        "stale": r.is_pending and r.is_stale(),
        "size": r.size, "size_label": filesizeformat(r.size) if r.size is not None else "",
        "pages": r.pages,
        "download_url": r.get_absolute_url() if r.is_ready else None,
        "error": r.error if context["can_generate"] and r.state == Report.State.FAILED else None,
    } for r in context["reports"]]
    html = render_to_string("workplan/_report_rows.html", context, request=request)
    response = JsonResponse({"meeting": meeting.pk, "pending": context["pending"], "reports": rows, "html": html})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def report_download_view(request, pk: int):
    """The PDF of a ready report, as an attachment; 404 for any other state."""
    report = get_object_or_404(Report.objects.select_related("meeting__group"), pk=pk, state=Report.State.READY)
    if not request.user.has_perm("workplan.view_plan", report.meeting):
        raise PermissionDenied
    # Read through the file storage (the local MEDIA_ROOT or an S3-compatible bucket) and
    # streamed in chunks: the web host needs no copy of the worker's disk.
    try:
        handle = report.file.storage.open(report.file.name, "rb")
    except (OSError, ValueError):  # FileNotFoundError from either storage
        raise Http404(_("The file of this report is missing; ask the Secretariat to generate it again.")) from None
    return FileResponse(handle, as_attachment=True, filename=report.download_name(), content_type="application/pdf")
