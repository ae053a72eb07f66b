"""The PTC progress report: live data → HTML (templates/workplan/report.html) → PDF.

The document follows the seed (/work/shared/seeds/000_572ce933c0ac0340.txt): a dated
header ("Brussels, 21 September 2018."), the working group, the subject and
"(Item V.b on the Agenda)", the progress made, then Annex I (the work plan table) and
Annex II (intersessional work). Print rules live in static/css/report.css.

Only the project's own static files may be loaded while rendering (case P5): see
``StaticOnlyURLFetcher``. Rendering is slow (about 30 s for 2,000 activities), so it
runs in the ``report_render`` Celery task, never inside a web request (case P4).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .charts import gantt_svg_pages
from .models import Activity, Meeting, Topic

logger = logging.getLogger(__name__)

# Relative URLs in the report HTML ("/static/css/report.css") resolve against this origin.
# ".invalid" (RFC 2606) can never be a real host, so nothing here can reach a network.
REPORT_BASE_URL = "https://wgec-report.invalid/"


# --- what the renderer may fetch (case P5) -------------------------------------------

class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves the project's own static files and nothing else.

    Allowed: URLs under ``STATIC_URL`` resolved against ``REPORT_BASE_URL`` (or an
    absolute STATIC_URL), read from STATIC_ROOT (collected, manifest names) or the
    static finders; and ``data:`` URIs. Everything else (file://, http(s) to any other
    place, ftp, path traversal out of the static folders) is refused with ValueError,
    which WeasyPrint logs and skips. ``attempts`` and ``refused`` record every URL asked
    for, so tests can show that nothing was fetched.
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols={"data"}, allow_redirects=False,
                         fail_on_errors=False)
        self.attempts: list[str] = []
        self.refused: list[str] = []
        self.static_prefix = urljoin(REPORT_BASE_URL, settings.STATIC_URL)

    def fetch(self, url, headers=None):
        self.attempts.append(url)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"The report renderer loads only the project's static files, not {url[:200]}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as fh:
            body = fh.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    def _static_path(self, url: str) -> str | None:
        """The file a static URL names, or None when the URL is not one of ours."""
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            url = url.split("?", 1)[0].split("#", 1)[0]
        if not url.startswith(self.static_prefix):
            return None
        relative = unquote(url[len(self.static_prefix):])
        if not relative or "\x00" in relative or relative.startswith("/") or ".." in relative.split("/"):
            return None
        try:
            if staticfiles_storage.exists(relative):
                return staticfiles_storage.path(relative)
        except (SuspiciousFileOperation, NotImplementedError, ValueError):
            return None
        try:
            return finders.find(relative)
        except SuspiciousFileOperation:
            return None


@contextlib.contextmanager
def fewer_collections():
    """Run the garbage collector less often while WeasyPrint lays out.

    Layout makes millions of short-lived objects, so the default thresholds run a
    collection every 700 allocations, each one also walking the long-lived objects of
    Django and the worker. Freezing those and raising the first threshold saved about
    10 % of CPU time in bench/report.py at the same peak memory. Process-wide: used only
    in the worker and in commands, never in a web process.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def html_to_pdf(html: str, *, url_fetcher: StaticOnlyURLFetcher | None = None) -> tuple[bytes, int]:
    """Lay out ``html`` with WeasyPrint and return (PDF bytes, number of pages).

    Always uses a ``StaticOnlyURLFetcher`` (a new one unless given).
    """
    fetcher = url_fetcher or StaticOnlyURLFetcher()
    with fewer_collections():
        document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render()
        return document.write_pdf(), len(document.pages)


# --- what the report says ------------------------------------------------------------

@dataclass
class TopicRow:
    topic: Topic
    activities: list[Activity] = field(default_factory=list)
    completed: int = 0
    counted: int = 0  # activities that can be completed: all but the cancelled

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.counted) if self.counted else 0


@dataclass
class Change:
    """One line of "Changes since the previous session": one saved change of an activity
    that moved its status (``old_status`` → ``new_status``, labels) and/or gave it a new
    progress note (``note``); empty strings for what did not change."""

    when: dt.datetime  # aware, in the working group's time zone
    activity: Activity
    old_status: str = ""
    new_status: str = ""
    note: str = ""
    by: str = ""


STATUS_LABELS = dict(Activity.Status.choices)

# Above this many, the overdue and due-soon lists give activity numbers per topic instead
# of one row per activity: Annex I already prints every row (with "overdue" marked), and a
# summary of a 2,000-activity plan must stay a summary (and fit the 500 MB budget).
FULL_LIST_LIMIT = 30
# The timeline chart: bars per PDF page, and the plan size past which it is left out.
CHART_ROWS_PER_PAGE = 24
CHART_MAX_ACTIVITIES = 240


def by_topic(activities: list[Activity]) -> list[tuple[Topic, list[Activity]]]:
    """[(topic, its activities)] in plan order, for the compact lists."""
    groups: dict[int, tuple[Topic, list[Activity]]] = {}
    for activity in activities:
        groups.setdefault(activity.topic_id, (activity.topic, []))[1].append(activity)
    return list(groups.values())


def _previous_and_next(meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
    """Meetings of the same kind and group just before and after ``meeting``."""
    same = Meeting.objects.filter(group_id=meeting.group_id, kind=meeting.kind).exclude(pk=meeting.pk)
    previous = same.filter(start_date__lt=meeting.start_date).order_by("-start_date").first()
    following = same.filter(start_date__gt=meeting.start_date).order_by("start_date").first()
    return previous, following


def _changes(*, activities: dict[int, Activity], since: dt.datetime | None, until: dt.datetime,
             tz) -> list[Change]:
    """Status changes and progress notes recorded by django-simple-history in (since, until].

    Compares each historical record with the one before it for the same activity, so a
    status change is reported even when its earlier record is older than the period.
    Times are shown in the working group's time zone (case R4: 23:30 on 31 October in
    Brussels is October).
    """
    from django.contrib.auth import get_user_model

    # Creation records ("+") are not changes: a plan loaded from the seed after the previous
    # session would otherwise list every note it was loaded with.
    history = (Activity.history.model.objects
               .filter(id__in=activities.keys(), history_date__lte=until)
               .order_by("id", "history_date", "history_id")
               .values_list("id", "history_date", "status", "progress_note", "history_user_id", "history_type"))
    changes, user_ids = [], set()
    previous_id, previous_status, previous_note = None, None, ""
    for activity_id, when, status, note, user_id, kind in history.iterator(chunk_size=2000):
        if activity_id != previous_id:
            previous_id, previous_status, previous_note = activity_id, None, ""
        if kind != "+" and (since is None or when > since):
            status_moved = previous_status is not None and status != previous_status
            new_note = note if note and note != previous_note else ""
            if status_moved or new_note:
                changes.append(Change(
                    timezone.localtime(when, tz), activities[activity_id],
                    old_status=STATUS_LABELS.get(previous_status, previous_status) if status_moved else "",
                    new_status=STATUS_LABELS.get(status, status) if status_moved else "",
                    note=new_note, by=user_id or ""))
                user_ids.add(user_id)
        previous_status, previous_note = status, note or ""
    user_ids.discard(None)
    names = {u.pk: (u.get_full_name() or u.get_username())
             for u in get_user_model().objects.filter(pk__in=user_ids)}
    for change in changes:
        change.by = names.get(change.by, "")
    changes.sort(key=lambda c: (c.when, c.activity.topic.number, c.activity.order))
    return changes


def meeting_dates(meeting: Meeting) -> str:
    """"22–26 October 2018", "29 October – 2 November 2018", "October 2018" (month only);
    in French "du 22 au 26 octobre 2018" (``Meeting.dates_label``)."""
    return meeting.dates_label


def counter_content(template: str) -> str:
    """A CSS ``content`` value from a translated "Page {page} of {pages}".

    The placeholders become page counters; the rest becomes quoted CSS strings.
    """
    parts = re.split(r"(\{page\}|\{pages\})", template)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out) or '""'


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string (backslash, quote, newline and < escaped)."""
    escaped = "".join(f"\\{ord(c):x} " if c in '\\"\n\r<>' else c for c in str(text))
    return f'"{escaped}"'


def report_context(*, meeting: Meeting, title: str = "", agenda_item: str = "",
                   now: dt.datetime | None = None, version: int | None = None) -> dict:
    """Everything report.html shows, read in a fixed number of queries.

    ``now`` (aware; default: now) dates the report and decides what is overdue and which
    changes are shown. Shapes: ``topics`` is a list of TopicRow (Annex I order),
    ``status_counts`` a list of (status, label, count), ``changes`` a list of Change,
    ``intersessional_groups`` IntersessionalGroup rows with participations prefetched.
    """
    from intersessional.models import IntersessionalGroup

    group = meeting.group
    tz = group.tzinfo
    now = now or timezone.now()
    today = group.today(now)
    previous, following = _previous_and_next(meeting)

    topics = {t.pk: TopicRow(t) for t in Topic.objects.filter(group=group).order_by("number")}
    activities = (Activity.objects.filter(topic__group=group).select_related("topic")
                  .order_by("topic__number", "order"))
    by_id: dict[int, Activity] = {}
    counts = dict.fromkeys(Activity.Status.values, 0)
    overdue, due_soon = [], []
    # "Due before the next session": open, not yet overdue, last month no later than the
    # month the next session opens in (the seed plans "October 2018" work for that month's
    # meeting). Without a next session on record: the coming six months.
    if following:
        due_limit = following.start_date.replace(day=1)
    else:
        month = today.month - 1 + 6
        due_limit = dt.date(today.year + month // 12, month % 12 + 1, 1)
    this_month = today.replace(day=1)
    for activity in activities:
        by_id[activity.pk] = activity
        row = topics[activity.topic_id]
        row.activities.append(activity)
        counts[activity.status] += 1
        if activity.status != Activity.Status.CANCELLED:
            row.counted += 1
        if activity.status == Activity.Status.COMPLETED:
            row.completed += 1
        activity.report_overdue = activity.is_overdue(today)
        if activity.report_overdue:
            overdue.append(activity)
        elif (activity.last_month and not activity.is_closed
              and this_month <= activity.last_month <= due_limit):
            due_soon.append(activity)

    since = None
    if previous:
        since = dt.datetime.combine(previous.end_date + dt.timedelta(days=1), dt.time(0, 0), tzinfo=tz)
    changes = _changes(activities=by_id, since=since, until=now, tz=tz)

    groups = (IntersessionalGroup.objects.filter(working_group=group)
              .prefetch_related("participations__party").order_by("number"))
    # The same chart component as /timeline/. Past a few pages of bars a chart stops being
    # read (and costs layout time): larger plans point to the timeline page instead.
    timeline_charts = []
    if 0 < len(by_id) <= CHART_MAX_ACTIVITIES:
        meetings = list(Meeting.objects.filter(group=group).order_by("start_date"))
        timeline_charts = gantt_svg_pages(activities=list(by_id.values()), meetings=meetings, today=today,
                                          width=1040, rows_per_page=CHART_ROWS_PER_PAGE, id_prefix="report-gantt")
    from .framework_selectors import mapping_rows

    generated = timezone.localtime(now, tz)
    title = title or _("Progress on the work plan")
    footer = _("Generated on %(date)s at %(time)s (%(tz)s)") % {
        "date": date_format(generated, "j F Y"), "time": date_format(generated, "H:i"), "tz": group.time_zone}
    if version:
        footer += " · " + _("version %(version)s") % {"version": version}
    return {
        "meeting": meeting,
        "group": group,
        "title": title,
        "agenda_item": agenda_item,
        "version": version,
        "place": meeting.place or _("Brussels"),
        "today": today,
        "generated": generated,
        "time_zone": group.time_zone,
        "previous": previous,
        "following": following,
        "since": since,
        "due_limit": due_limit,
        "topics": list(topics.values()),
        "activity_count": len(by_id),
        "status_counts": [(value, label, counts[value]) for value, label in Activity.Status.choices],
        "overdue": overdue,
        "due_soon": due_soon,
        "overdue_by_topic": by_topic(overdue) if len(overdue) > FULL_LIST_LIMIT else None,
        "due_soon_by_topic": by_topic(due_soon) if len(due_soon) > FULL_LIST_LIMIT else None,
        "changes": changes,
        "intersessional_groups": list(groups),
        "timeline_charts": [mark_safe(svg) for svg in timeline_charts],  # noqa: S308 (escaped by gantt_svg)
        "chart_omitted": len(by_id) > CHART_MAX_ACTIVITIES,
        "mapping_rows": mapping_rows(),
        "running_css": css_string(f"{group.acronym} · {meeting.title}"),
        "meeting_dates": meeting_dates(meeting),
        "footer_css": css_string(footer),
        "page_counter_css": counter_content(_("Page {page} of {pages}")),
        # The lead wires the Gantt chart from workplan/charts.py here (see _report_chart.html).
        "timeline_chart": None,
        "part": "all",  # or "front", "annex1", "annex2" when laid out in parts
        "stamped": False,
    }


def render_report_html(context: dict, **overrides) -> str:
    """report.html with ``context``; ``overrides`` select a part (see ``_render_in_parts``)."""
    return render_to_string("workplan/report.html", {**context, **overrides} if overrides else context)


@dataclass
class RenderedReport:
    pdf: bytes
    pages: int
    html: str  # the whole document's HTML ("" when rendered in parts without keep_html)
    parts: int = 1

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


# WeasyPrint keeps every laid-out page in memory until the PDF is written: about 2 MB a
# page of Annex I. Above this many activities the report is laid out in parts of at most
# this many Annex I rows and the PDFs are joined (pypdf), so memory stays bounded whatever
# the plan's size (issue 5: 2,000 activities under 500 MB). Each part starts a new page.
PART_ACTIVITIES = 400


def _annex_chunks(topics: list[TopicRow], size: int) -> list[list[TopicRow]]:
    """Annex I rows cut into chunks of at most ``size`` activities, in plan order; a topic
    cut in two appears in both chunks with its share of the rows."""
    chunks, current, count = [], [], 0
    for row in topics:
        activities = row.activities
        while activities:
            room = size - count
            taken, activities = activities[:room], activities[room:]
            current.append(TopicRow(row.topic, taken, row.completed, row.counted))
            count += len(taken)
            if count == size:
                chunks.append(current)
                current, count = [], 0
    if current:
        chunks.append(current)
    return chunks


def _render_in_parts(context: dict, url_fetcher: StaticOnlyURLFetcher) -> tuple[bytes, int, int]:
    """Lay out front matter, Annex I in chunks and Annex II one at a time, join them, and
    lay the page furniture (running header, footer, "Page X of Y") over every page from
    one stamp document. Returns (PDF bytes, pages, parts)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    sources = [render_report_html(context, part="front", stamped=True)]
    for number, chunk in enumerate(_annex_chunks(context["topics"], PART_ACTIVITIES)):
        sources.append(render_report_html(context, part="annex1", stamped=True, annex_topics=chunk,
                                          continued=number > 0))
    sources.append(render_report_html(context, part="annex2", stamped=True))

    writer, wide_pages = PdfWriter(), []
    for index, html in enumerate(sources):
        document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=url_fetcher).render()
        wide_pages += [page.width > page.height for page in document.pages]
        writer.append(PdfReader(BytesIO(document.write_pdf())))
        sources[index] = None
        del document
        gc.collect()  # free this part's boxes before the next part is laid out
    stamp_html = render_to_string("workplan/report_stamp.html", {**context, "wide_pages": wide_pages})
    stamp = HTML(string=stamp_html, base_url=REPORT_BASE_URL, url_fetcher=url_fetcher).render()
    if len(stamp.pages) != len(writer.pages):
        raise RuntimeError(f"page furniture for {len(stamp.pages)} pages, report has {len(writer.pages)}")
    stamp_reader = PdfReader(BytesIO(stamp.write_pdf()))
    for page, furniture in zip(writer.pages, stamp_reader.pages):
        page.merge_page(furniture)
    meeting = context["meeting"]
    writer.add_metadata({"/Title": f"{context['group'].acronym} – {context['title']} – {meeting.title}",
                         "/Author": _("World Customs Organization"), "/Creator": "WGEC Tracker (WeasyPrint)"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(wide_pages), len(sources)


def render_report(*, meeting: Meeting, title: str = "", agenda_item: str = "",
                  now: dt.datetime | None = None, version: int | None = None,
                  url_fetcher: StaticOnlyURLFetcher | None = None, keep_html: bool = False,
                  language: str | None = None) -> RenderedReport:
    """Render the progress report of ``meeting`` to PDF, synchronously, in ``language``
    (default ``settings.LANGUAGE_CODE``, whatever language the calling request speaks).

    Plans of more than ``PART_ACTIVITIES`` activities are laid out in parts (bounded
    memory); ``keep_html`` then also returns the whole document's HTML (for the bench and
    ``render_report --html``). Pages go through the Celery task (``services.report_generate``),
    never a request. Raises whatever WeasyPrint raises on failure.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_report(meeting=meeting, title=title, agenda_item=agenda_item, now=now, version=version,
                              fetcher=url_fetcher or StaticOnlyURLFetcher(), keep_html=keep_html)


def _render_report(*, meeting, title, agenda_item, now, version, fetcher, keep_html) -> RenderedReport:
    context = report_context(meeting=meeting, title=title, agenda_item=agenda_item, now=now, version=version)
    if context["activity_count"] <= PART_ACTIVITIES:
        html = render_report_html(context)
        pdf, pages = html_to_pdf(html, url_fetcher=fetcher)
        return RenderedReport(pdf=pdf, pages=pages, html=html)
    with fewer_collections():
        pdf, pages, parts = _render_in_parts(context, fetcher)
    return RenderedReport(pdf=pdf, pages=pages, html=render_report_html(context) if keep_html else "", parts=parts)
