"""PTC progress reports (issue 5): the PDF read back, the pages, and cases P1–P5.

PDFs are rendered by real WeasyPrint and read back with poppler (pdftotext, pdffonts)
and pdfminer/pdfplumber. Tasks run eagerly here; tests/workplan/test_reports_worker.py
runs the same through a real Celery worker on Redis.
"""

import datetime as dt
import hashlib
import io
import socket
import subprocess
import threading
from pathlib import Path

import pdfplumber
import pytest
from django.core.checks import registry
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from intersessional.models import Participation
from tests.support.factories import MembershipFactory, UserFactory
from tests.support.pdf_reading import (glyphs, no_space, pdf_fonts, pdf_pages_text, pdf_reading_order_text,
                                       squash)
from tests.support.seed_plan import ACTIVITY_COUNT, ANNEX_I, ANNEX_II, build_seed_world
from workplan.reports.checks import check_report_fonts
from workplan.models import Activity, Membership, Party, Profile, Report, Topic
from workplan.reports.build import render_report
from workplan.reports.content import report_context
from workplan.reports.pdf import StaticOnlyURLFetcher, html_to_pdf
from workplan.templatetags.report_tags import scripts

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre

P1_URL = ("https://www.wcoomd.org/en/topics/facilitation/instrument-and-tools/frameworks-of-standards/"
          "ecommerce/" + "x" * 40 + "/annex-definitions-technical-specifications.pdf")


@pytest.fixture
def plan(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_seed_world()


@pytest.fixture
def people(plan):
    """Secretariat member, coordinator of intersessional group 1 (US), a delegate."""
    group = plan["group"]
    secretariat = UserFactory(username="secretariat", first_name="Anne", last_name="Secretariat")
    MembershipFactory(user=secretariat, group=group, role=Membership.Role.SECRETARIAT)
    coordinator = UserFactory(username="coordinator")
    Profile.objects.create(user=coordinator).parties.add(Party.objects.get(short_name="US"))
    MembershipFactory(user=coordinator, group=group, role=Membership.Role.DELEGATE)
    delegate = UserFactory(username="delegate")
    return {"secretariat": secretariat, "coordinator": coordinator, "delegate": delegate}


def _text(pdf: bytes, tmp_path: Path) -> str:
    return " ".join(pdf_pages_text(pdf, tmp_path))


# --- the document --------------------------------------------------------------------

def test_seed_report_holds_header_topics_activities_groups_and_page_numbers(plan, tmp_path):
    """Issue 5: header, each topic, all 26 activities, the group names, page numbers."""
    rendered = render_report(meeting=plan["meeting"], agenda_item="V.b",
                             title="The Framework of Standards for Cross-Border E-Commerce: Progress on "
                                   "further work and implementation",
                             now=dt.datetime(2018, 9, 21, 10, 0, tzinfo=dt.timezone.utc))
    assert rendered.pdf.startswith(b"%PDF-")
    pages = pdf_pages_text(rendered.pdf, tmp_path)
    assert len(pages) == rendered.pages >= 4
    text = " ".join(pages)
    # The header, as in the seed: organisation, place and date, group, session, subject, agenda item.
    assert "WORLD CUSTOMS ORGANIZATION" in pages[0]
    assert "Brussels, 21 September 2018." in pages[0]
    assert "WORKING GROUP ON E-COMMERCE (WGEC)" in pages[0]
    assert "PTC, 221st/222nd Sessions" in pages[0]
    assert "Progress on further work and implementation" in pages[0]
    assert "(Item V.b on the Agenda)" in pages[0]
    assert "Summary" in pages[0] and "Changes since the previous session" in text
    for number, topic, rows in ANNEX_I:
        assert squash(f"{number}. {topic}") in text
        for description, responsible, _timeline in rows:
            assert squash(description) in text, description
            assert squash(responsible) in text
    assert len({a.description for a in plan["activities"]}) == ACTIVITY_COUNT == 26
    assert "Annex I" in text and "Work Plan for the Working Group on E-Commerce" in text
    assert "Annex II" in text and "Intersessional Work" in text
    for item, coordinators, volunteers in ANNEX_II:
        assert squash(item) in text
        for name in coordinators + volunteers:
            assert squash(name) in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Generated on 21 September 2018 at 12:00 (Europe/Brussels)" in page


def test_summary_counts_bars_overdue_and_due_before_next_session(plan, tmp_path):
    """Counts by status, share completed per topic, overdue items and items due before the
    next session, as of the report's date in the group's time zone."""
    from workplan.models import Meeting

    acts = plan["activities"]
    for a in acts[:4]:  # all of topic 1
        a.status = Activity.Status.COMPLETED
        a.save()
    Meeting.objects.create(group=plan["group"], kind="ptc", number="223rd/224th", title="PTC, 223rd/224th Sessions",
                           start_date=dt.date(2019, 3, 18), end_date=dt.date(2019, 3, 22), place="Brussels")
    now = dt.datetime(2018, 11, 15, 9, 0, tzinfo=dt.timezone.utc)
    context = report_context(meeting=plan["meeting"], now=now, cut_off=now.date())
    counts = {value: n for value, _label, n in context["status_counts"]}
    assert counts == {"not_started": 22, "in_progress": 0, "completed": 4, "postponed": 0, "cancelled": 0}
    assert [row.percent for row in context["topics"]][:2] == [100, 0]
    # Open with a last month before November 2018: overdue. Open and ending November 2018
    # to March 2019 (the next session's month): due before it; "March/April 2019" is not.
    overdue = {a.description for a in context["overdue"]}
    assert "Finalize definitions" in overdue and "Refine and further develop Flow Chart" in overdue
    assert "Review current draft text and identify gaps/concerns and suggest amendments" not in overdue
    due = {a.description for a in context["due_soon"]}
    assert due == {"Discuss and finalize Flow Charts and Data Elements",
                   "Continue consultations", "Discuss and develop a Capacity Building strategy",
                   "Invite Members and stakeholders to share their working examples, initiatives/pilots"}
    text = _text(render_report(meeting=plan["meeting"], now=now, cut_off=now.date()).pdf, tmp_path)
    assert "4 of 4 (100 %)" in text and "0 of 8 (0 %)" in text
    assert "Due before the next session (PTC, 223rd/224th Sessions, 18 March 2019)" in text


def test_changes_since_previous_session_come_from_history(plan, people, tmp_path):
    """Status changes and progress notes after the previous PTC session, with who made them."""
    activity = plan["activities"][1]
    activity.status = Activity.Status.COMPLETED
    activity._history_user = people["secretariat"]
    activity.save()
    activity.progress_note = "Updated draft text sent to all WGEC members."
    activity._history_user = people["secretariat"]
    activity.save()
    today = plan["group"].today()
    context = report_context(meeting=plan["meeting"], cut_off=today)
    mine = [c for c in context["changes"] if c.activity.id == activity.pk]
    assert [(c.old_status, c.new_status, c.note) for c in mine] == [
        ("Not started", "Completed", ""), ("", "", "Updated draft text sent to all WGEC members.")]
    # From the cut-off of the 219th/220th Sessions' report ("held in April 2018", dated to the
    # month: its default cut-off is the day before 1 April).
    assert context["since"].date() == dt.date(2018, 4, 1)
    text = _text(render_report(meeting=plan["meeting"], cut_off=today).pdf, tmp_path)
    changes = text.split("Changes since the previous session", 1)[1].split("Annex I", 1)[0]
    assert "Status: Not started → Completed" in changes
    assert "Disseminate updated draft text for comments and feedback" in changes
    assert "Updated draft text sent to all WGEC members." in changes
    assert "Anne Secretariat" in changes


def test_changes_are_dated_in_the_working_groups_time_zone(plan):
    """R4: an update at 2018-10-31 23:30 Brussels time (22:30 UTC) is dated 31 October."""
    activity = plan["activities"][0]
    activity.history.update(history_date=dt.datetime(2018, 5, 2, tzinfo=dt.timezone.utc))  # created in May
    activity.status = Activity.Status.IN_PROGRESS
    activity.save()
    record = activity.history.order_by("-history_id").first()
    record.history_date = dt.datetime(2018, 10, 31, 22, 30, tzinfo=dt.timezone.utc)
    record.save()
    context = report_context(meeting=plan["meeting"], now=dt.datetime(2018, 11, 5, tzinfo=dt.timezone.utc),
                             cut_off=dt.date(2018, 11, 4))
    (change,) = [c for c in context["changes"] if c.new_status]
    assert (change.when.date(), change.when.hour, change.when.minute) == (dt.date(2018, 10, 31), 23, 30)


def test_report_draws_the_timeline_chart_and_annex_iii(plan, tmp_path):
    """The report holds the plan's timeline chart (the component of /timeline/, one bar
    per scheduled activity) and, once the Framework is loaded, the seed's Annex III."""
    from workplan.framework.loading import framework_load_seed

    framework_load_seed()
    rendered = render_report(meeting=plan["meeting"], keep_html=True,
                             now=dt.datetime(2018, 9, 21, 10, 0, tzinfo=dt.timezone.utc))
    assert "Timeline of the work plan" in rendered.html
    scheduled = sum(1 for a in plan["activities"] if a.first_month)
    assert rendered.html.count('class="bar-row"') == scheduled
    text = _text(rendered.pdf, tmp_path)
    assert "Timeline of the work plan" in text
    assert "Annex III" in text
    assert squash("Article 7: Release and Clearance of Goods") in text
    assert squash("Standard 12: International Cooperation") in text


def test_a_plan_too_large_for_a_paper_chart_says_where_to_see_it(plan, monkeypatch):
    from workplan.reports import content

    monkeypatch.setattr(content, "CHART_MAX_ACTIVITIES", 10)
    rendered = render_report(meeting=plan["meeting"], keep_html=True,
                             now=dt.datetime(2018, 9, 21, 10, 0, tzinfo=dt.timezone.utc))
    assert "too many for a readable chart on paper" in rendered.html
    assert "<svg" not in rendered.html


# --- cases ------------------------------------------------------------------------------

def _chars_inside_margins(pdf: bytes) -> list[str]:
    """Glyphs drawn outside the page's left/right margins, as readable strings."""
    outside = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            landscape = page.width > page.height
            margin = (15 if landscape else 18) * MM
            for char in page.chars:
                if char["x0"] < margin - 0.5 or char["x1"] > page.width - margin + 0.5:
                    outside.append(f"page {page.page_number}: {char['text']!r} at {char['x0']:.1f}-{char['x1']:.1f}")
    return outside


def test_long_unbreakable_url_wraps_inside_the_margins(plan, tmp_path):
    """P1: a 170-character URL with no break point, in a remark of the A4 report table:
    every glyph lies inside the page margins and the PDF text holds the whole URL."""
    assert len(P1_URL) >= 170 and " " not in P1_URL
    activity = plan["activities"][5]
    activity.remarks = P1_URL
    activity.progress_note = f"See {P1_URL}"
    activity.save()
    plan["activities"][6].description = "Establish-the-context-" + "z" * 150
    plan["activities"][6].save()
    pdf = render_report(meeting=plan["meeting"]).pdf
    assert _chars_inside_margins(pdf) == []
    flat = no_space(_text(pdf, tmp_path))
    assert flat.count(P1_URL) >= 2  # the remark and the progress note, each whole
    assert "Establish-the-context-" + "z" * 150 in flat


def test_names_in_four_scripts_print_with_real_fonts(plan, tmp_path):
    """P2: members "中华人民共和国", "المملكة العربية السعودية", "Российская Федерация",
    "Côte d'Ivoire": the PDF text holds all four exactly, every glyph comes from a Noto font
    for its script and none is .notdef (a blank box)."""
    names = ["中华人民共和国", "المملكة العربية السعودية", "Российская Федерация", "Côte d'Ivoire"]
    group = plan["groups"][0]
    for position, name in enumerate(names, start=100):
        Participation.objects.create(group=group, party=Party.objects.create(short_name=name),
                                     role=Participation.Role.VOLUNTEER, position=position)
    rendered = render_report(meeting=plan["meeting"])
    assert '<span lang="zh">中华人民共和国</span>' in rendered.html
    text = pdf_reading_order_text(rendered.pdf, tmp_path)
    for name in names:
        assert name in text, name
    fonts = pdf_fonts(rendered.pdf, tmp_path)
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Naskh-Arabic" in fonts and "Noto-Sans" in fonts
    drawn = glyphs(rendered.pdf)
    assert [g for g in drawn if g[2] == 0] == [], "a glyph is .notdef (a blank box)"
    for _page, font, _cid, char in drawn:
        if "\u4e00" <= char <= "\u9fff":
            assert "CJK-SC" in font, (char, font)
        elif "\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff":
            assert "Arabic" in font, (char, font)
        elif "\u0400" <= char <= "\u04ff" or char == "ô":
            assert "Noto-Sans" in font, (char, font)


def _plan_of(group, count: int, *, note_every: int = 3, overdue: int = 25) -> list[Activity]:
    """``count`` activities in 8 topics; every ``note_every``-th has a long progress note;
    the first ``overdue`` end in October 2018, the others in March 2020.
    Markers: "ACT-0001" opens the description, "END-0001" closes the note."""
    topics = [Topic.objects.create(group=group, number=10 + n, title=f"Load topic {n}") for n in range(8)]
    long_note = ("The Sub-Group discussed the draft at length and agreed to circulate a revised version "
                 "to Members and stakeholders for comments before the next session. ") * 4
    rows = []
    for i in range(1, count + 1):
        month = dt.date(2018, 10, 1) if i <= overdue else dt.date(2020, 3, 1)
        rows.append(Activity(
            topic=topics[i % 8], order=i, description=f"ACT-{i:04d} Review the draft and collect comments",
            responsible="Co-Chairs and Secretariat", timeline_text=month.strftime("%B %Y"),
            first_month=month, last_month=month,
            progress_note=(long_note if i % note_every == 0 else "Short note.") + f" END-{i:04d}"))
    return Activity.objects.bulk_create(rows)


def test_table_header_repeats_on_every_page_and_rows_are_not_split(plan, tmp_path):
    """P3: 120 activities, some with long progress notes, the first table (25 overdue
    activities) starting low on the first page: every page with an activity row repeats
    the header row above it, and each Annex I row's first and last words share a page."""
    Activity.objects.filter(topic__group=plan["group"]).delete()
    Topic.objects.filter(group=plan["group"]).delete()
    _plan_of(plan["group"], 120)
    pdf = render_report(meeting=plan["meeting"], now=dt.datetime(2019, 6, 1, tzinfo=dt.timezone.utc),
                        cut_off=dt.date(2019, 6, 1)).pdf
    pages_with_rows = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        where: dict[str, list[int]] = {}
        for page in doc.pages:
            words = page.extract_words()
            rows = [w for w in words if w["text"].startswith(("ACT-", "END-"))]
            for w in rows:
                where.setdefault(w["text"], []).append(page.page_number)
            starts = [w for w in rows if w["text"].startswith("ACT-")]
            # The timeline chart's pages name activities too, under the chart's own heading.
            if not starts or _is_chart_page(page.extract_text() or ""):
                continue
            pages_with_rows += 1
            first_row_top = min(w["top"] for w in starts)
            header = {w["text"] for w in words if w["top"] < first_row_top}
            assert {"No.", "Activity", "Responsible"} <= header, f"page {page.page_number} has rows but no header"
        assert pages_with_rows >= 5
        first_page_rows = [w for w in doc.pages[0].extract_words() if w["text"].startswith("ACT-")]
        assert first_page_rows and min(w["top"] for w in first_page_rows) > doc.pages[0].height / 2
        annex_pages = [p.page_number for p in doc.pages if "Work Plan for the" in (p.extract_text() or "")]
    (annex_start,) = annex_pages
    for i in range(1, 121):
        annex_row_pages = [p for p in where[f"ACT-{i:04d}"] if p >= annex_start]
        assert len(annex_row_pages) == 1
        assert where[f"END-{i:04d}"] == annex_row_pages, f"row {i} is split across pages"


def _is_chart_page(text: str) -> bool:
    """A page of the timeline chart, which names activities under its own heading (text
    drawn in SVG comes out of the PDF without spaces)."""
    return "Workplantimeline" in text.replace(" ", "")


class _Listener:
    """A TCP server on loopback that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def test_user_text_cannot_make_the_renderer_fetch_files_or_urls(plan, listener, tmp_path):
    """P5: a progress note holding <img src="file:///etc/passwd"> and a link to an
    internal address: printed as text, nothing fetched but the report's own stylesheet."""
    note = (f'<img src="file:///etc/passwd"> see <a href="http://127.0.0.1:{listener.port}/">the intranet</a> '
            f'<img src="http://127.0.0.1:{listener.port}/x.png">')
    activity = plan["activities"][0]
    activity.progress_note = note
    activity.remarks = f"<link rel=stylesheet href='http://127.0.0.1:{listener.port}/x.css'>"
    activity.save()
    fetcher = StaticOnlyURLFetcher()
    pdf = render_report(meeting=plan["meeting"], url_fetcher=fetcher).pdf
    assert fetcher.attempts == ["https://wgec-report.invalid/static/css/report.css"]
    assert fetcher.refused == []
    assert listener.connections == 0
    text = _text(pdf, tmp_path)
    assert "root:x:0:0" not in text
    assert "<img src=\"file:///etc/passwd\">" in text  # shown as the text that was typed


def test_url_fetcher_refuses_everything_but_static_files(listener, tmp_path):
    """P5, at the renderer: markup that does reach WeasyPrint with file://, loopback
    http(s), traversal out of /static/ or an @import is refused, and nothing connects."""
    port = listener.port
    html = f"""<html><head>
      <link rel="stylesheet" href="/static/css/report.css">
      <link rel="stylesheet" href="file:///etc/passwd">
      <style>@import url("http://127.0.0.1:{port}/import.css"); body {{ background: url(file:///etc/hosts); }}</style>
      </head><body><p>Hello</p>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/a.png"><img src="https://127.0.0.1:{port}/b.png">
      <img src="/static/../../../../etc/passwd"><img src="/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd">
      <img src="ftp://127.0.0.1:{port}/c.png"><object data="file:///etc/shadow"></object>
      <img src="data:image/svg+xml;charset=utf-8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E">
      </body></html>"""
    fetcher = StaticOnlyURLFetcher()
    pdf, _pages = html_to_pdf(html, url_fetcher=fetcher)
    assert "https://wgec-report.invalid/static/css/report.css" not in fetcher.refused
    refused = " ".join(fetcher.refused)
    for part in ("file:///etc/passwd", f"127.0.0.1:{port}/import.css", f"127.0.0.1:{port}/a.png",
                 f"127.0.0.1:{port}/b.png", "file:///etc/hosts", f"ftp://127.0.0.1:{port}/c.png"):
        assert part in refused, part
    assert "https://wgec-report.invalid/etc/passwd" in refused  # traversal resolved out of /static/
    assert not any(u.startswith("data:") for u in fetcher.refused)
    assert listener.connections == 0
    assert "root:x:0:0" not in _text(pdf, tmp_path)


def test_url_fetcher_serves_only_files_inside_static_folders(settings):
    fetcher = StaticOnlyURLFetcher()
    response = fetcher.fetch("https://wgec-report.invalid/static/css/report.css")
    assert b"@page" in response.read() and response.content_type == "text/css"
    for url in ("https://wgec-report.invalid/static/%2e%2e/%2e%2e/wgec/settings.py",
                "https://wgec-report.invalid/static/..%2f..%2fwgec/settings.py",
                "https://wgec-report.invalid/media/reports/x.pdf",
                "https://example.org/static/css/report.css",
                "file:///work/static/css/report.css"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_scripts_filter_escapes_and_tags_chinese_and_arabic():
    assert scripts("<b>中国</b> & المغرب") == (
        '&lt;b&gt;<span lang="zh">中国</span>&lt;/b&gt; &amp; <span lang="ar" dir="rtl">المغرب</span>')
    assert scripts("Côte d'Ivoire") == "Côte d&#x27;Ivoire"


# --- rows and the task -------------------------------------------------------------------

def test_generate_returns_at_once_and_the_task_stores_the_pdf(plan, people, client,
                                                              django_capture_on_commit_callbacks):
    """P4: the POST only creates a queued row and enqueues the task after commit; the task
    (run eagerly here) renders and stores the file with its size and SHA-256."""
    client.force_login(people["secretariat"])
    url = reverse("workplan:report-generate", args=[plan["meeting"].pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"agenda_item": "V.b", "title": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/meetings/{plan['meeting'].pk}/#reports")
    report = Report.objects.get()
    assert (report.version, report.state, report.agenda_item) == (1, "queued", "V.b")
    assert report.requested_by == people["secretariat"] and not report.file
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit would do: the (eager) task renders now
    report.refresh_from_db()
    assert report.state == Report.State.READY and report.error == ""
    data = Path(report.file.path).read_bytes()
    assert data.startswith(b"%PDF-") and report.size == len(data)
    assert report.sha256 == hashlib.sha256(data).hexdigest()
    assert report.pages >= 4 and report.started_at <= report.finished_at


def test_regenerating_makes_a_new_version_and_keeps_the_old(plan, people, client,
                                                          django_capture_on_commit_callbacks):
    client.force_login(people["secretariat"])
    url = reverse("workplan:report-generate", args=[plan["meeting"].pk])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"agenda_item": "V.b"})
    v1, v2 = Report.objects.order_by("version")
    assert (v1.version, v2.version) == (1, 2) and v1.state == v2.state == "ready"
    assert v2.agenda_item == "V.b" and v1.file.name != v2.file.name
    assert Path(v1.file.path).exists() and Path(v2.file.path).exists()


def test_a_second_click_while_one_is_queued_adds_no_version(plan, people, client):
    client.force_login(people["secretariat"])
    url = reverse("workplan:report-generate", args=[plan["meeting"].pk])
    client.post(url, {})
    response = client.post(url, {}, follow=True)
    assert Report.objects.count() == 1
    assert "Version 1 of this report is still being prepared." in response.content.decode()


def test_bad_input_gives_400_and_no_row(plan, people, client):
    client.force_login(people["secretariat"])
    response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]),
                           {"agenda_item": "V" * 51})
    assert response.status_code == 400
    assert "Ensure this value has at most 50 characters" in response.content.decode()
    assert not Report.objects.exists()
    assert client.post(reverse("workplan:report-generate", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", ["coordinator", "delegate"])
def test_only_the_secretariat_generates(plan, people, client, who):
    client.force_login(people[who])
    response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {})
    assert response.status_code == 403 and not Report.objects.exists()
    page = client.get(reverse("workplan:meeting-detail", args=[plan["meeting"].pk])).content.decode()
    assert "Generate report" not in page


def test_outsiders_are_sent_to_log_in(plan, client):
    for name, args in (("meeting-list", []), ("meeting-detail", [plan["meeting"].pk]),
                       ("report-status", [plan["meeting"].pk])):
        response = client.get(reverse(f"workplan:{name}", args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk])).status_code == 302


def _failed_and_ready(plan, people):
    meeting = plan["meeting"]
    failed = Report.objects.create(meeting=meeting, version=1, state=Report.State.QUEUED,
                                   requested_by=people["secretariat"])
    failed.mark_failed("MemoryError: the worker ran out of memory")
    ready = Report.objects.create(meeting=meeting, version=2, requested_by=people["secretariat"])
    assert ready.claim()  # a render claims its row before it may mark it ready
    ready.mark_ready(name="r.pdf", content=b"%PDF-1.7 test", sha256=hashlib.sha256(b"%PDF-1.7 test").hexdigest(),
                     pages=1)
    queued = Report.objects.create(meeting=meeting, version=3)
    return failed, ready, queued


def test_meeting_page_shows_states_errors_and_retry_to_the_secretariat_only(plan, people, client):
    failed, ready, queued = _failed_and_ready(plan, people)
    url = reverse("workplan:meeting-detail", args=[plan["meeting"].pk])
    client.force_login(people["secretariat"])
    page = client.get(url).content.decode()
    assert "MemoryError: the worker ran out of memory" in page and "Retry version 1" in page
    assert "Generate report" in page and 'data-state="queued"' in page
    assert reverse("workplan:report-download", args=[ready.pk]) in page
    for who in ("delegate", "coordinator"):
        client.force_login(people[who])
        page = client.get(url).content.decode()
        assert "MemoryError" not in page and "Retry" not in page and 'data-state="queued"' not in page
        assert reverse("workplan:report-download", args=[ready.pk]) in page


def test_status_endpoint_json(plan, people, client):
    failed, ready, queued = _failed_and_ready(plan, people)
    url = reverse("workplan:report-status", args=[plan["meeting"].pk])
    client.force_login(people["secretariat"])
    data = client.get(url).json()
    assert data["pending"] is True
    by_version = {r["version"]: r for r in data["reports"]}
    assert by_version[1]["state"] == "failed" and by_version[1]["error"].startswith("MemoryError")
    assert by_version[2]["download_url"] == reverse("workplan:report-download", args=[ready.pk])
    assert by_version[2]["size"] == len(b"%PDF-1.7 test") and by_version[3]["download_url"] is None
    assert 'data-state="queued"' in data["html"]
    client.force_login(people["delegate"])
    data = client.get(url).json()
    assert [r["version"] for r in data["reports"]] == [2] and data["pending"] is False
    assert data["reports"][0]["error"] is None


def test_retry_requeues_a_failed_report(plan, people, client, django_capture_on_commit_callbacks):
    failed, ready, queued = _failed_and_ready(plan, people)
    client.force_login(people["delegate"])
    assert client.post(reverse("workplan:report-retry", args=[failed.pk])).status_code == 403
    client.force_login(people["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workplan:report-retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == Report.State.READY and failed.version == 1 and failed.error == ""
    response = client.post(reverse("workplan:report-retry", args=[ready.pk]), follow=True)
    assert "Only a failed report, or one no worker has finished in time, can be retried." in response.content.decode()


def test_a_render_that_raises_ends_failed_with_its_error(plan, people, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    from workplan.reports import build as reports
    from workplan.reports import services

    def broken(**kwargs):
        raise RuntimeError("Pango could not lay out the page")

    monkeypatch.setattr(reports, "render_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_generate(meeting=plan["meeting"], requested_by=people["secretariat"])
    report.refresh_from_db()
    assert report.state == "failed" and "RuntimeError: Pango could not lay out the page" in report.error
    assert not report.file


def test_a_claimed_report_is_not_rendered_twice(plan):
    report = Report.objects.create(meeting=plan["meeting"], version=1)
    assert report.claim() is True
    assert Report.objects.get(pk=report.pk).claim() is False  # a redelivered message
    stale = timezone.now() + dt.timedelta(hours=1)
    assert Report.objects.get(pk=report.pk).claim(now=stale) is True  # the first worker died


def test_delegate_downloads_a_ready_report_and_nothing_else(plan, people, client,
                                                          django_capture_on_commit_callbacks):
    from workplan.reports.services import report_generate

    with django_capture_on_commit_callbacks(execute=True):
        report = report_generate(meeting=plan["meeting"], requested_by=people["secretariat"])
    report.refresh_from_db()
    queued = Report.objects.create(meeting=plan["meeting"], version=9)
    client.force_login(people["delegate"])
    response = client.get(reverse("workplan:report-download", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="wgec-ptc-221st222nd-sessions-v1.pdf"' == response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("workplan:report-download", args=[queued.pk])).status_code == 404
    Path(report.file.path).unlink()
    assert client.get(reverse("workplan:report-download", args=[report.pk])).status_code == 404


def test_meeting_list_queries_do_not_grow_with_meetings(plan, people, client, django_assert_max_num_queries):
    from workplan.models import Meeting

    client.force_login(people["delegate"])
    url = reverse("workplan:meeting-list")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "PTC, 221st/222nd Sessions" in page and "PTC, 219th/220th Sessions" in page
    for n in range(20):
        Meeting.objects.create(group=plan["group"], kind="wg", title=f"WGEC meeting {n}",
                               start_date=dt.date(2019, 1, 1), end_date=dt.date(2019, 1, 2))
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- operators -----------------------------------------------------------------------------

def test_render_report_command_writes_the_pdf(plan, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("render_report", str(plan["meeting"].pk), "-o", str(out), "--agenda-item", "V.b")
    text = _text(out.read_bytes(), tmp_path)
    assert "(Item V.b on the Agenda)" in text and "Annex II" in text
    assert not Report.objects.exists()  # synchronous, no row
    with pytest.raises(CommandError, match="no meeting with id 999999"):
        call_command("render_report", "999999", "-o", str(out))


def test_font_check_is_a_deploy_check_and_passes_here():
    """P2: the fonts this machine has pass; ``check --deploy`` runs the check."""
    assert check_report_fonts in registry.registry.get_checks(include_deployment_checks=True)
    assert check_report_fonts not in registry.registry.get_checks(include_deployment_checks=False)
    assert check_report_fonts() == []


def test_font_check_fails_without_cjk_or_arabic_fonts(monkeypatch, tmp_path):
    """P2: with a fontconfig that knows no fonts (real fc-list), both errors appear."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    assert subprocess.run(["fc-list"], capture_output=True, text=True).stdout.strip() == ""
    assert [e.id for e in check_report_fonts()] == ["workplan.E101", "workplan.E102"]


def test_an_unreachable_task_queue_marks_the_report_failed_not_a_500(plan, people, client, monkeypatch,
                                                                     django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from workplan import tasks

    def no_broker(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_render, "delay", no_broker)
    client.force_login(people["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workplan:report-generate", args=[plan["meeting"].pk]), {})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == "failed" and "task queue could not be reached" in report.error


def test_a_large_plan_is_laid_out_in_parts_with_one_page_numbering(plan, monkeypatch, tmp_path):
    """P4/memory: above PART_ACTIVITIES the report is laid out in parts and joined; the
    reader still sees one document: "Page X of Y" on every page, every row once, glyphs
    inside the margins, the annexes in order."""
    from workplan.reports import build as reports

    monkeypatch.setattr(reports, "PART_ACTIVITIES", 40)
    _plan_of(plan["group"], 100, overdue=0)
    rendered = render_report(meeting=plan["meeting"], now=dt.datetime(2019, 6, 1, tzinfo=dt.timezone.utc),
                             keep_html=True)
    assert rendered.parts == 1 + 4 + 1  # front matter, Annex I in 4 chunks (126 rows), Annex II
    assert "ACT-0100" in rendered.html
    pages = pdf_pages_text(rendered.pdf, tmp_path)
    assert len(pages) == rendered.pages
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert ("WGEC · PTC, 221st/222nd Sessions" in page) == (number > 1)  # running header
    text = " ".join(pages)
    tables = " ".join(page for page in pages if not _is_chart_page(page))
    for i in range(1, 101):
        assert tables.count(f"ACT-{i:04d}") == 1
    assert text.count("Work Plan for the Working Group on E-Commerce") == 1
    assert text.index("Changes since the previous session") < text.index("Annex I") < text.index("Annex II")
    assert _chars_inside_margins(rendered.pdf) == []


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1"])
def test_meeting_list_paging_parameters_never_fail(plan, people, client, page):
    """L2 on the meeting list: odd ?page= values give 200 (page 1 or the last page)."""
    client.force_login(people["delegate"])
    response = client.get(reverse("workplan:meeting-list"), {"page": page})
    assert response.status_code == 200 and "PTC, 221st/222nd Sessions" in response.content.decode()


def test_long_overdue_lists_give_activity_numbers_by_topic(plan, tmp_path):
    """A summary stays a summary: over 30 overdue activities are listed as numbers per
    topic (each is printed in full in Annex I, marked overdue)."""
    _plan_of(plan["group"], 40, overdue=40)
    now = dt.datetime(2019, 6, 1, tzinfo=dt.timezone.utc)
    context = report_context(meeting=plan["meeting"], now=now, cut_off=now.date())
    assert len(context["overdue"]) > 30 and context["overdue_by_topic"]
    text = _text(render_report(meeting=plan["meeting"], now=now, cut_off=now.date()).pdf, tmp_path)
    overdue = text.split("Overdue activities", 1)[1].split("Changes since the previous session", 1)[0]
    assert "Activity numbers by topic" in overdue and "ACT-0001" not in overdue
    assert "10. Load topic 0" in overdue
