"""Progress reports for PTC sessions: one row per (meeting, version), then a PDF file.

A report is a database row before it is a Celery message (house style): the row is
created ``queued`` by ``services.report_generate``, claimed ``rendering`` by the task,
and ends ``ready`` (with the file, its size and SHA-256) or ``failed`` (with the error).
Regenerating adds version + 1 and keeps the older files.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workplan.plan.models import Meeting

__all__ = ["Report"]

# A render that has been "rendering" longer than this is taken to be dead (the worker was
# killed); Redis redelivers its message (acks_late) and the task may claim it again.
# Kept under the broker's visibility timeout (settings: 3600 s).
STALE_RENDER_AFTER = dt.timedelta(minutes=30)


def report_upload_to(report: "Report", filename: str) -> str:
    """Storage path under MEDIA_ROOT: reports/<group>/<meeting id>/<file name>."""
    return f"reports/{report.meeting.group.acronym}/{report.meeting_id}/{filename}"


class ReportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state=Report.State.READY)

    def visible_to(self, user, meeting: Meeting):
        """Everything for the meeting's Secretariat; ready reports for everyone else."""
        if user.has_perm("workplan.generate_report", meeting):
            return self
        return self.ready()


class Report(models.Model):
    """One rendering of the progress report for a meeting (a PTC session).

    ``size`` is in bytes and ``sha256`` is the hex digest of the stored PDF; both are set
    with ``file`` when the state becomes ``ready``. ``error`` holds the failure shown to
    the Secretariat. ``agenda_item`` ("V.b") and ``title`` are printed in the header as
    in the seed document ("(Item V.b on the Agenda)").
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("meeting"))
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    agenda_item = models.CharField(_("agenda item"), max_length=50, blank=True,
                                   help_text=_('As written on the agenda, e.g. "V.b".'))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=report_upload_to, blank=True, max_length=300)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="report_version_unique"),
            models.CheckConstraint(condition=~Q(state="ready") | (Q(size__isnull=False) & ~Q(file="")),
                                   name="report_ready_has_file"),
        ]
        indexes = [models.Index(fields=["state"])]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"{self.meeting} – v{self.version} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("workplan:report-download", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    def download_name(self) -> str:
        """File name offered to browsers: "WGEC-PTC-221st-222nd-Sessions-v2.pdf"."""
        from django.utils.text import slugify

        stem = slugify(f"{self.meeting.group.acronym} {self.meeting.title}") or "report"
        return f"{stem}-v{self.version}.pdf"

    def claim(self, *, now: dt.datetime | None = None) -> bool:
        """Move queued (or stale rendering) to rendering; True when this caller won.

        A conditional UPDATE, so two workers given the same message (Redis redelivery)
        never render the same row at once.
        """
        now = now or timezone.now()
        claimable = Q(state=self.State.QUEUED) | Q(state=self.State.RENDERING,
                                                  started_at__lt=now - STALE_RENDER_AFTER)
        won = type(self).objects.filter(claimable, pk=self.pk).update(
            state=self.State.RENDERING, started_at=now, error="")
        if won:
            self.state, self.started_at, self.error = self.State.RENDERING, now, ""
        return bool(won)

    def mark_ready(self, *, name: str, content: bytes, sha256: str, pages: int | None = None) -> None:
        """Store ``content`` as the file (under MEDIA_ROOT) and mark the row ready."""
        from django.core.files.base import ContentFile

        self.file.save(name, ContentFile(content), save=False)
        self.size = len(content)
        self.sha256 = sha256
        self.pages = pages
        self.state = self.State.READY
        self.error = ""
        self.finished_at = timezone.now()
        self.save(update_fields=["file", "size", "sha256", "pages", "state", "error", "finished_at"])

    def mark_failed(self, error: str) -> None:
        """Record a failed render; ``error`` is shown to the Secretariat (cut to 2,000 chars)."""
        self.state = self.State.FAILED
        self.error = (error or str(_("Unknown error.")))[:2000]
        self.finished_at = timezone.now()
        self.save(update_fields=["state", "error", "finished_at"])

    def requeue(self) -> None:
        """Put a failed report back in the queue for a retry (same version)."""
        self.state = self.State.QUEUED
        self.error = ""
        self.requested_at = timezone.now()
        self.started_at = None
        self.finished_at = None
        self.save(update_fields=["state", "error", "requested_at", "started_at", "finished_at"])
