"""The Secretariat's import page (/imports/): upload a work plan file, see the preview
against the working group's plan, apply it. Thin: permission, the reader, the preview
or the apply service (``workplan.imports``).

Between the preview and the apply the upload (bytes and options) waits in the session;
apply reads it again and passes the preview's fingerprint, so a plan changed meanwhile
is refused (409) instead of being overwritten with what the person did not see.
"""

import base64
import datetime as dt
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workplan.imports.applying import plan_apply
from workplan.imports.forms import PlanUploadForm
from workplan.imports.loading import PlanChangedError, known_party_names, plan_preview
from workplan.imports.reading import ReadOptions, plan_read

SESSION_KEY = "plan_import"
TEMPLATE = "workplan/imports/import.html"


def _group_or_403(request):
    group = request.working_group
    if group is None or not request.user.has_perm("workplan.import_plan", group):
        raise PermissionDenied(_("Only the Secretariat of this working group imports its work plan."))
    return group


def _read(stored: dict):
    options = ReadOptions(date_order=stored["date_order"] or None,
                          start=dt.date.fromisoformat(stored["start"]) if stored["start"] else None,
                          encoding=stored["encoding"] or None, delimiter=stored["delimiter"] or None)
    return plan_read(base64.b64decode(stored["data"]), filename=stored["filename"], options=options,
                     known=known_party_names())


def _page(request, group, form, *, parsed=None, preview=None, token="", status=200):
    return render(request, TEMPLATE, {"form": form, "group": group, "parsed": parsed, "preview": preview,
                                      "token": token}, status=status)


@login_required
def plan_import_view(request):
    """GET: the upload form. POST: read the file; 400 with every problem, or the preview."""
    group = _group_or_403(request)
    if request.method != "POST":
        return _page(request, group, PlanUploadForm())
    form = PlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, group, form, status=400)
    data = form.cleaned_data
    stored = {"group": group.pk, "filename": data["file"].name, "data": base64.b64encode(data["file"].read()).decode(),
              "date_order": data["date_order"], "start": data["start"].isoformat() if data["start"] else "",
              "encoding": data["encoding"], "delimiter": data["delimiter"]}
    parsed = _read(stored)
    if parsed.problems:
        return _page(request, group, form, parsed=parsed, status=400)
    preview = plan_preview(group=group, parsed=parsed)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {**stored, "token": token, "fingerprint": preview.fingerprint}
    return _page(request, group, PlanUploadForm(initial={k: data[k] for k in ("date_order", "encoding", "delimiter")}),
                 parsed=parsed, preview=preview, token=token)


@login_required
@require_POST
def plan_import_apply_view(request):
    """Apply the previewed upload in one transaction; 400 when there is none (or another
    tab replaced it), 409 with the new preview when the plan changed since."""
    group = _group_or_403(request)
    stored = request.session.get(SESSION_KEY)
    if not stored or stored.get("token") != request.POST.get("token") or stored.get("group") != group.pk:
        messages.error(request, _("There is no previewed file to apply (it was applied, replaced by another "
                                  "upload, or the session ended): upload it again."))
        return _page(request, group, PlanUploadForm(), status=400)
    parsed = _read(stored)
    try:
        preview = plan_apply(group=group, parsed=parsed, by=request.user,
                             expected_fingerprint=stored["fingerprint"])
    except PlanChangedError as exc:
        preview = plan_preview(group=group, parsed=parsed)
        request.session[SESSION_KEY] = {**stored, "fingerprint": preview.fingerprint}
        messages.error(request, str(exc))
        return _page(request, group, PlanUploadForm(), parsed=parsed, preview=preview, token=stored["token"],
                     status=409)
    del request.session[SESSION_KEY]
    messages.success(request, preview.summary())
    return redirect(reverse("workplan:workplan"))


_EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def plan_export_view(request, fmt: str):
    """The current group's plan as .docx (the Council's Annex I and II layout) or .xlsx;
    anyone who may read the plan. 404 when there is no current group."""
    from workplan.imports.export import plan_docx, plan_xlsx

    group = request.working_group
    if group is None:
        raise Http404(_("There is no working group to export."))
    if not request.user.has_perm("workplan.view_plan", group):
        raise PermissionDenied
    content = plan_docx(group) if fmt == "docx" else plan_xlsx(group)
    response = HttpResponse(content, content_type=_EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{group.acronym}-work-plan.{fmt}"'
    return response
