"""The timeline (Gantt) chart drawn from the seed's Annex I work plan."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from tests.support.seed_plan import ACTIVITY_COUNT, MEETINGS, SCHEDULED_COUNT, seed_plan_instances
from workplan.charts.gantt import STATUS_STYLES, gantt_svg, gantt_svg_pages, month_span
from workplan.models import Meeting

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root):
    return {g.get("data-activity"): g for g in root.iter(f"{SVG}g") if g.get("class") == "bar-row"}


def month_columns(root):
    """{"2018-05": x-centre of the month's label} from the header."""
    return {t.get("data-month"): float(t.get("x")) for t in root.iter(f"{SVG}text") if t.get("class") == "month"}


def rect_of(row):
    return next(r for r in row.iter(f"{SVG}rect") if r.get("class") == "bar")


def seed_meetings():
    return [Meeting(kind=k, number=n, title=t, start_date=s, end_date=e, place=p, month_only=mo)
            for k, n, t, s, e, p, mo in MEETINGS]


def test_one_bar_per_scheduled_activity_of_the_seed_plan():
    root = parse(gantt_svg(activities=seed_plan_instances()))
    rows = bars(root)
    assert len(rows) == SCHEDULED_COUNT == 25
    assert "2.6" not in rows  # "Continue consultations and further work" has no timeline
    assert ACTIVITY_COUNT == 26


def test_months_run_from_the_plans_first_to_last_month():
    root = parse(gantt_svg(activities=seed_plan_instances()))
    months = list(month_columns(root))
    assert months[0] == "2018-05" and months[-1] == "2019-06"
    assert len(months) == 14


@pytest.mark.parametrize("number, first, last", [
    ("1.1", "2018-05", "2018-05"),  # May 2018
    ("1.4", "2018-09", "2018-10"),  # September/October 2018
    ("4.2", "2018-08", "2018-09"),  # August/ September 2018
    ("4.3", "2018-10", "2019-03"),  # October 2018 to March 2019
    ("7.1", "2019-06", "2019-06"),  # June 2019
])
def test_bars_start_and_end_in_the_right_months(number, first, last):
    root = parse(gantt_svg(activities=seed_plan_instances(), width=1240))
    columns = month_columns(root)
    width = columns["2018-06"] - columns["2018-05"]
    row = bars(root)[number]
    assert (row.get("data-first"), row.get("data-last")) == (first, last)
    rect = rect_of(row)
    x, w = float(rect.get("x")), float(rect.get("width"))
    # The bar covers its months' columns: starts near the first column's left edge and
    # ends near the last column's right edge (2 px gaps keep adjacent bars apart).
    assert abs(x - (columns[first] - width / 2)) <= 2.5
    assert abs((x + w) - (columns[last] + width / 2)) <= 2.5


def test_bars_are_grouped_under_topic_headings_in_plan_order():
    root = parse(gantt_svg(activities=seed_plan_instances()))
    children = [el for el in root if el.tag == f"{SVG}g" and el.get("class") in ("topic", "bar-row")]
    order = [el.get("data-activity") or "".join(el.itertext()) for el in children]
    assert order[0] == "1. Technical Specifications"
    assert order[1:5] == ["1.1", "1.2", "1.3", "1.4"]
    assert order[5] == "2. Flow Chart and Data Elements"
    headings = [t for t in order if ". " in t]
    assert len(headings) == 7


def test_bar_colour_follows_status_and_status_is_also_in_words():
    statuses = {"1.1": "completed", "1.3": "in_progress", "2.2": "postponed", "3.1": "cancelled"}
    root = parse(gantt_svg(activities=seed_plan_instances(statuses)))
    rows = bars(root)
    for number, status in statuses.items():
        assert rect_of(rows[number]).get("fill") == STATUS_STYLES[status].fill
        title = rows[number].find(f"{SVG}title").text
        assert {"completed": "Completed", "in_progress": "In progress", "postponed": "Postponed",
                "cancelled": "Cancelled"}[status] in title
    assert rect_of(rows["1.2"]).get("fill") == STATUS_STYLES["not_started"].fill
    legend = [g.get("data-status") for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item"]
    assert set(STATUS_STYLES) | {"tentative"} == set(legend)


def test_palette_colours_are_distinct():
    fills = [style.fill for style in STATUS_STYLES.values()]
    assert len(set(fills)) == len(fills)


def test_tentative_timelines_are_hatched():
    activities = seed_plan_instances()
    activities[0].tentative = True  # 1.1
    svg = gantt_svg(activities=activities, id_prefix="t")
    root = parse(svg)
    rows = bars(root)
    assert rect_of(rows["1.1"]).get("fill") == "url(#t-hatch-not_started)"
    assert rows["1.1"].get("data-tentative") == "yes"
    assert rect_of(rows["1.2"]).get("fill").startswith("#")
    pattern_ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert "t-hatch-not_started" in pattern_ids
    assert "tentative" in rows["1.1"].find(f"{SVG}title").text


def test_unscheduled_activities_are_listed_under_the_chart():
    root = parse(gantt_svg(activities=seed_plan_instances()))
    listed = [g for g in root.iter(f"{SVG}g") if g.get("class") == "unscheduled"]
    assert [g.get("data-activity") for g in listed] == ["2.6"]
    text = " ".join(listed[0].itertext())
    assert "Continue consultations and further work" in text
    assert max(float(t.get("y")) for t in listed[0].iter(f"{SVG}text")) < float(root.get("height"))


def test_user_text_is_escaped():
    activities = seed_plan_instances()
    evil = '<script>alert("x")</script> & <tspan>"quoted"\x00\x0b'
    activities[0].description = evil
    activities[0].topic.title = "</text><image href='file:///etc/passwd'/>"
    svg = gantt_svg(activities=activities, title="<b>Report</b> & co")
    root = parse(svg)  # well-formed despite the text
    assert "<script>" not in svg and "<image" not in svg and "<b>" not in svg
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}image"))
    text = " ".join(root.itertext())
    assert '<script>alert("x")</script> & <tspan>"quoted"' in text
    assert root.find(f"{SVG}title").text == "<b>Report</b> & co"


def test_today_line_and_meeting_markers():
    root = parse(gantt_svg(activities=seed_plan_instances(), meetings=seed_meetings(),
                           today=dt.date(2018, 11, 15)))
    columns = month_columns(root)
    width = columns["2018-12"] - columns["2018-11"]
    today = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "today")
    line = today.find(f"{SVG}line")
    expected = columns["2018-11"] - width / 2 + width * 14 / 30
    assert abs(float(line.get("x1")) - expected) < 1
    markers = [g for g in root.iter(f"{SVG}g") if g.get("class") == "meeting"]
    # The April 2018 PTC sessions fall before the plan's first month (May 2018).
    assert [m.get("data-date") for m in markers] == ["2018-06-18", "2018-10-08", "2018-10-22"]
    assert "4th WGEC meeting" in markers[1].find(f"{SVG}title").text
    notes = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "meeting-note")
    assert "Brussels" in notes


def test_today_outside_the_plan_draws_no_line():
    root = parse(gantt_svg(activities=seed_plan_instances(), today=dt.date(2026, 11, 30)))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "today"]


def test_overdue_is_said_in_words():
    root = parse(gantt_svg(activities=seed_plan_instances({"1.1": "completed"}), today=dt.date(2018, 7, 2)))
    rows = bars(root)
    overdue = {number for number, row in rows.items()
               if any(t.get("class") == "overdue" for t in row.iter(f"{SVG}text"))}
    # Due by the end of June 2018 and still open: 1.2, 2.1, 2.2, 2.3, 3.1, 6.1 (1.1 is completed).
    assert overdue == {"1.2", "2.1", "2.2", "2.3", "3.1", "6.1"}


def test_chart_is_accessible_and_self_contained():
    svg = gantt_svg(activities=seed_plan_instances(), id_prefix="a")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "a-title a-desc"
    assert root.find(f"{SVG}title").get("id") == "a-title"
    desc = root.find(f"{SVG}desc")
    assert "26 activities" in desc.text and "25 scheduled" in desc.text and "May 2018" in desc.text
    # Nothing for a PDF renderer to fetch; no CSS, only presentation attributes.
    assert "href=" not in svg.replace('fill="url(#', "") and "<style" not in svg and "@import" not in svg
    assert "Noto Sans" in root.get("font-family")


def test_empty_and_unscheduled_only_plans_still_draw():
    assert parse(gantt_svg(activities=[])).get("role") == "img"
    only = [a for a in seed_plan_instances() if not a.first_month]
    root = parse(gantt_svg(activities=only))
    assert not bars(root)
    assert [g.get("data-activity") for g in root.iter(f"{SVG}g") if g.get("class") == "unscheduled"] == ["2.6"]


def test_span_keeps_filtered_charts_on_the_plans_months():
    activities = seed_plan_instances()
    span = month_span(activities)
    root = parse(gantt_svg(activities=[a for a in activities if a.topic.number == 3], span=span))
    months = list(month_columns(root))
    assert (months[0], months[-1]) == ("2018-05", "2019-06")


def test_pages_split_rows_and_keep_the_months():
    parts = gantt_svg_pages(activities=seed_plan_instances(), rows_per_page=10)
    assert len(parts) == 3
    roots = [parse(p) for p in parts]
    assert sum(len(bars(r)) for r in roots) == 25
    assert all(list(month_columns(r))[0] == "2018-05" for r in roots)
    assert [g.get("data-activity") for g in roots[-1].iter(f"{SVG}g") if g.get("class") == "unscheduled"] == ["2.6"]
    assert len({r.find(f"{SVG}title").get("id") for r in roots}) == 3


def test_pages_are_filled_evenly():
    """25 bars at 24 a page make parts of 13 and 12, not a page holding one bar."""
    parts = gantt_svg_pages(activities=seed_plan_instances(), rows_per_page=24)
    assert [len(bars(parse(p))) for p in parts] == [13, 12]


def test_chart_renders_inside_a_weasyprint_pdf(tmp_path):
    """The PTC session report embeds the chart with ``{{ chart_svg|safe }}``: WeasyPrint
    must draw it with its text (read back from the PDF), fetching nothing."""
    import pypdf
    from weasyprint import HTML

    fetched = []

    def no_fetch(url, *args, **kwargs):
        fetched.append(url)
        raise ValueError(f"not allowed: {url}")

    activities = seed_plan_instances({"1.1": "completed"})
    activities[0].tentative = True
    parts = gantt_svg_pages(activities=activities, meetings=seed_meetings(), today=dt.date(2018, 11, 15),
                            rows_per_page=14)
    html = ("<html><head><style>@page { size: A4 landscape; margin: 12mm } svg { width: 100%; height: auto } "
            "div { break-after: page }</style></head><body>"
            + "".join(f"<div>{p}</div>" for p in parts) + "</body></html>")
    pdf = tmp_path / "chart.pdf"
    HTML(string=html, url_fetcher=no_fetch).write_pdf(pdf)
    assert not fetched
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == len(parts) == 2
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in ("Technical Specifications", "Final Report", "Continue consultations", "Completed",
                     "4th WGEC meeting", "2018", "Tentative"):
        assert expected in text, expected


def _pdf_of(svg: str, tmp_path, fetched: list) -> str:
    """Render ``svg`` inside an A4 page with WeasyPrint; returns the PDF's text (pdftotext)."""
    import subprocess

    from weasyprint import HTML

    def recording_fetcher(url, *args, **kwargs):
        fetched.append(url)
        raise ValueError(f"not allowed: {url}")

    html = f"<html><head><style>svg {{ width: 100%; height: auto }}</style></head><body>{svg}</body></html>"
    pdf = tmp_path / "chart.pdf"
    HTML(string=html, url_fetcher=recording_fetcher).write_pdf(pdf)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_p5_user_text_cannot_make_the_pdf_renderer_fetch(tmp_path):
    """Case P5: text typed by users holding <img src="file:///etc/passwd"> or a link to an
    internal address must not make WeasyPrint read files or fetch URLs: in the chart it
    stays text, and nothing at all is fetched."""
    activities = seed_plan_instances()[:4]
    activities[0].description = '<img src="file:///etc/passwd"> see http://169.254.169.254/latest/meta-data'
    activities[1].responsible = '<image href="http://10.0.0.1/x.png"/>'
    activities[2].topic.title = "<style>@import url(http://10.0.0.1/a.css);</style>"
    fetched = []
    text = _pdf_of(gantt_svg(activities=activities), tmp_path, fetched)
    assert fetched == []
    assert '<img src="file:///etc/passwd">' in text
    assert "root:" not in text


@pytest.mark.parametrize("name", [
    "中华人民共和国", "Российская Федерация", "Côte d'Ivoire",
    pytest.param("المملكة العربية السعودية", marks=pytest.mark.xfail(
        strict=True, reason="WeasyPrint 70 lays out SVG <text> letter by letter: Arabic comes out "
                            "unjoined and reversed inside an SVG (fine in browsers and in HTML text)")),
])
def test_p2_names_in_every_script_reach_the_pdf(tmp_path, name):
    """Case P2: Chinese, Cyrillic and accented Latin names drawn in the chart come out of
    the PDF as the same text (a real font for each; Noto is installed). Arabic is a known
    limit of WeasyPrint's SVG text, kept here as an expected failure so a fix shows up."""
    activities = seed_plan_instances()[:2]
    activities[1].description = name
    fetched = []
    text = _pdf_of(gantt_svg(activities=activities), tmp_path, fetched)
    assert name in text
