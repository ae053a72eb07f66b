"""Progress reports for PTC sessions: one row per (meeting, version), then a PDF file.

A report is a database row before it is a Celery message (house style): the row is
created ``queued`` by ``services.report_generate``, claimed ``rendering`` by the task,
and ends ``ready`` (with the file, its size and SHA-256) or ``failed`` (with the error).
Regenerating adds version + 1 and keeps the older files.

The row, not the broker, is the truth: a report queued or rendering for longer than
the bounds in settings (``REPORT_QUEUED_TIMEOUT``, ``REPORT_RENDER_TIMEOUT``) is
*stale*; the periodic sweep (``workplan.reports.sweep``) sends a stale queued one
again and marks a stale rendering one failed, and the page offers Retry on both.
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

# A message handed back this many times (the worker's process died while rendering it,
# typically out of memory) is not rendered again: the row is marked failed instead, so a
# report that kills its worker cannot loop for ever.
MAX_ATTEMPTS = 3


def render_timeout() -> dt.timedelta:
    """How long a render may take before it is taken to be dead (settings.REPORT_RENDER_TIMEOUT)."""
    return dt.timedelta(seconds=settings.REPORT_RENDER_TIMEOUT)


def queued_timeout() -> dt.timedelta:
    """How long a report may wait for a worker before its message is taken to be lost."""
    return dt.timedelta(seconds=settings.REPORT_QUEUED_TIMEOUT)


def report_upload_to(report: "Report", filename: str) -> str:
    """Storage path under MEDIA_ROOT: reports/<group>/<meeting id>/<file name>."""
    return f"reports/{report.meeting.group.acronym}/{report.meeting_id}/{filename}"


class ReportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state=Report.State.READY)

    def stale(self, *, now: dt.datetime | None = None):
        """Queued with no worker on it past ``queued_timeout()``, or rendering past
        ``render_timeout()``: what the sweep repairs and what Retry accepts."""
        now = now or timezone.now()
        return self.filter(
            Q(state=Report.State.QUEUED, enqueued_at__lt=now - queued_timeout())
            | Q(state=Report.State.QUEUED, enqueued_at__isnull=True, requested_at__lt=now - queued_timeout())
            | Q(state=Report.State.RENDERING, started_at__lt=now - render_timeout()))

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
    # The day (working group's time zone) the report is as of: the plan at its end. Null
    # only for reports made before cut-offs existed (they showed the plan when rendered).
    cut_off = models.DateField(_("plan as of"), null=True, blank=True)
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
    # When a render message was last sent to the broker (the sweep sends a lost one again).
    enqueued_at = models.DateTimeField(_("sent to the workers at"), null=True, blank=True)
    # The Celery task id of the current claim: a message handed back after its worker
    # died carries the same id and may take the render over at once.
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

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

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Pending past its bound (see ``ReportQuerySet.stale``): no worker is on it."""
        now = now or timezone.now()
        if self.state == self.State.QUEUED:
            return (self.enqueued_at or self.requested_at) < now - queued_timeout()
        if self.state == self.State.RENDERING:
            return self.started_at is None or self.started_at < now - render_timeout()
        return False

    @property
    def is_live(self) -> bool:
        """Queued or rendering and still within its bound: the page keeps polling."""
        return self.is_pending and not self.is_stale()

    @property
    def can_retry(self) -> bool:
        """Failed, or pending past its bound: the Secretariat may queue it again."""
        return self.state == self.State.FAILED or (self.is_pending and self.is_stale())

    def download_name(self) -> str:
        """File name offered to browsers: "WGEC-PTC-221st-222nd-Sessions-v2.pdf"."""
        from django.utils.text import slugify

        stem = slugify(f"{self.meeting.group.acronym} {self.meeting.title}") or "report"
        return f"{stem}-v{self.version}.pdf"

    def claim(self, *, task_id: str = "", now: dt.datetime | None = None) -> bool:
        """Move queued (or abandoned rendering) to rendering; True when this caller won.

        A conditional UPDATE, so two workers given the same message never render the same
        row at once. A rendering row may be taken over when its render is past
        ``render_timeout()`` (dead: the task's time limit would have killed it) or when
        ``task_id`` is the claim's own task (the broker handed the message back because
        the process rendering it died). ``attempts`` counts claims since the last request.
        """
        now = now or timezone.now()
        claimable = Q(state=self.State.QUEUED) | Q(state=self.State.RENDERING,
                                                  started_at__lt=now - render_timeout())
        if task_id:
            claimable |= Q(state=self.State.RENDERING, task_id=task_id)
        won = type(self).objects.filter(claimable, pk=self.pk).update(
            state=self.State.RENDERING, started_at=now, error="", task_id=task_id,
            attempts=models.F("attempts") + 1)
        if won:
            self.refresh_from_db(fields=["state", "started_at", "error", "task_id", "attempts"])
        return bool(won)

    def mark_ready(self, *, name: str, content: bytes, sha256: str, pages: int | None = None) -> bool:
        """Store ``content`` through the file storage and mark the row ready, if this
        claim still holds it (same ``task_id`` and ``started_at``; a row the sweep marked
        failed meanwhile is still ours). True when marked. No file without a row: when
        the row is not ours any more, or the UPDATE fails (a dropped connection), the
        stored file is deleted again before returning or raising.
        """
        from django.core.files.base import ContentFile

        stored = self.file.storage.save(self.file.field.generate_filename(self, name), ContentFile(content))
        finished = timezone.now()
        try:
            marked = type(self).objects.filter(
                pk=self.pk, state__in=[self.State.RENDERING, self.State.FAILED],
                task_id=self.task_id, started_at=self.started_at,
            ).update(file=stored, size=len(content), sha256=sha256, pages=pages, state=self.State.READY,
                     error="", finished_at=finished)
        except BaseException:
            self.file.storage.delete(stored)
            raise
        if not marked:
            self.file.storage.delete(stored)
            return False
        self.file.name, self.size, self.sha256, self.pages = stored, len(content), sha256, pages
        self.state, self.error, self.finished_at = self.State.READY, "", finished
        return True

    def mark_failed(self, error: str) -> bool:
        """Record a failed render; ``error`` is shown to the Secretariat (cut to 2,000
        chars). Only a queued or rendering row changes (never a ready one). Works after a
        dropped database connection: the broken connection is closed and the UPDATE runs
        once more on a new one. True when the row was marked."""
        from django.db import Error, close_old_connections, connection

        self.error = (error or str(_("Unknown error.")))[:2000]
        self.finished_at = timezone.now()
        pending = type(self).objects.filter(pk=self.pk, state__in=[self.State.QUEUED, self.State.RENDERING])
        try:
            marked = pending.update(state=self.State.FAILED, error=self.error, finished_at=self.finished_at)
        except Error:  # OperationalError on the drop, InterfaceError once it is known closed
            if connection.in_atomic_block:
                raise
            close_old_connections()
            connection.close()  # the next query opens a new connection
            marked = pending.update(state=self.State.FAILED, error=self.error, finished_at=self.finished_at)
        if marked:
            self.state = self.State.FAILED
        return bool(marked)

    def requeue(self) -> None:
        """Put a failed or stale report back in the queue for a retry (same version)."""
        self.state = self.State.QUEUED
        self.error = ""
        self.requested_at = timezone.now()
        self.started_at = None
        self.finished_at = None
        self.enqueued_at = None
        self.task_id = ""
        self.attempts = 0
        self.save(update_fields=["state", "error", "requested_at", "started_at", "finished_at",
                                 "enqueued_at", "task_id", "attempts"])
