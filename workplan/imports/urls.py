"""The Secretariat's import page (namespace ``workplan``, under /imports/)."""

from django.urls import path

from workplan.imports import views

urlpatterns = [
    path("", views.plan_import_view, name="plan-import"),
    path("apply/", views.plan_import_apply_view, name="plan-import-apply"),
    path("export.docx", views.plan_export_view, {"fmt": "docx"}, name="plan-export-docx"),
    path("export.xlsx", views.plan_export_view, {"fmt": "xlsx"}, name="plan-export-xlsx"),
]
