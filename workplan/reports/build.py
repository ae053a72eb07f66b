"""The PTC progress report: live data → HTML (templates/workplan/report.html) → PDF.

The document follows the seed (/work/shared/seeds/000_572ce933c0ac0340.txt): a dated
header ("Brussels, 21 September 2018."), the working group, the subject and
"(Item V.b on the Agenda)", the progress made, then Annex I (the work plan table) and
Annex II (intersessional work). Print rules live in static/css/report.css.

Only the project's own static files may be loaded while rendering (a progress note holding
``<img src="file:///etc/passwd">`` must not make the renderer read or fetch anything): see
``StaticOnlyURLFetcher``. Rendering is slow (about 30 s for 2,000 activities), so it
runs in the ``report_render`` Celery task, never inside a web request.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from workplan.plan.models import Meeting
from workplan.reports.content import (
    TopicRow,
    render_report_html,
    report_context,
)
from workplan.reports.models import MAX_ATTEMPTS, Report
from workplan.reports.pdf import (
    REPORT_BASE_URL,
    StaticOnlyURLFetcher,
    fewer_collections,
    html_to_pdf,
)

logger = logging.getLogger(__name__)


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
# the plan's size (2,000 activities in under 500 MB). Each part starts a new page.
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
                  now: dt.datetime | None = None, version: int | None = None, cut_off: dt.date | None = None,
                  url_fetcher: StaticOnlyURLFetcher | None = None, keep_html: bool = False,
                  language: str | None = None) -> RenderedReport:
    """Render the progress report of ``meeting`` to PDF, synchronously, in ``language``
    (default ``settings.LANGUAGE_CODE``, whatever language the calling request speaks).

    Plans of more than ``PART_ACTIVITIES`` activities are laid out in parts (bounded
    memory); ``keep_html`` then also returns the whole document's HTML (for the bench and
    ``render_report --html``). Pages go through the Celery task (``report_build``),
    never a request. ``cut_off``: the day the report is as of (``report_context``).
    Raises whatever WeasyPrint raises on failure.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_report(meeting=meeting, title=title, agenda_item=agenda_item, now=now, version=version,
                              cut_off=cut_off, fetcher=url_fetcher or StaticOnlyURLFetcher(), keep_html=keep_html)


def _render_report(*, meeting, title, agenda_item, now, version, cut_off, fetcher, keep_html) -> RenderedReport:
    context = report_context(meeting=meeting, title=title, agenda_item=agenda_item, now=now, version=version,
                             cut_off=cut_off)
    if context["activity_count"] <= PART_ACTIVITIES:
        html = render_report_html(context)
        pdf, pages = html_to_pdf(html, url_fetcher=fetcher)
        return RenderedReport(pdf=pdf, pages=pages, html=html)
    with fewer_collections():
        pdf, pages, parts = _render_in_parts(context, fetcher)
    return RenderedReport(pdf=pdf, pages=pages, html=render_report_html(context) if keep_html else "", parts=parts)


def report_build(*, report_id: int, task_id: str = "") -> Report | None:
    """Claim, render, store and mark one report; what the Celery task runs.

    ``task_id`` is the Celery task's id ("" when called directly). The row is claimed
    first (``Report.claim``, a conditional UPDATE), so a duplicate message never renders
    twice at once, and a message handed back after its process died takes its own claim
    over; after ``MAX_ATTEMPTS`` such claims the row is marked failed instead of rendered
    again. The PDF is stored through the file storage (``Report.mark_ready``: no file is
    left without a row). Any exception ends as ``failed`` with its message, marked on a
    new database connection if the old one dropped (``Report.mark_failed``), never as a
    row left rendering. Returns the row, or None when it no longer exists.
    """
    report = Report.objects.select_related("meeting__group").filter(pk=report_id).first()
    if report is None:
        logger.warning("Report %s no longer exists; nothing to render.", report_id)
        return None
    if not report.claim(task_id=task_id):
        logger.info("Report %s is %s; not rendering it again.", report_id, report.state)
        return report
    if report.attempts > MAX_ATTEMPTS:
        report.mark_failed(_("The worker stopped %(count)s times while rendering this report (it may have run "
                             "out of memory); retry it, or ask the administrator.") % {"count": report.attempts - 1})
        return report
    try:
        rendered = render_report(meeting=report.meeting, title=report.title, agenda_item=report.agenda_item,
                                 version=report.version, cut_off=report.cut_off)
        if settings.REPORT_RENDER_TEST_DELAY:  # test-only hook (settings): a deterministic "mid-render"
            time.sleep(settings.REPORT_RENDER_TEST_DELAY)
        report.mark_ready(name=report.download_name(), content=rendered.pdf, sha256=rendered.sha256,
                          pages=rendered.pages)
    except Exception as exc:  # any failure must end on the row, where the Secretariat sees it
        logger.exception("Report %s failed to render.", report_id)
        report.mark_failed(_("The report could not be made (%(error)s); try again.")
                           % {"error": f"{type(exc).__name__}: {exc}"})
    return report
