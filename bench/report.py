"""Speed and memory of the PTC progress report (issue 5), against WeasyPrint alone.

    DATABASE_URL=postgres://... python bench/report.py [--sizes 300 2000] [--repeat 2]

For each plan size it creates a scratch working group (seed-like activities in topics,
remarks, progress notes, a share of status changes in the history, five intersessional
groups, two PTC sessions), then renders in fresh subprocesses, alternating:

* ours: Django set-up, ``workplan.reports.build.render_report`` (queries, template, WeasyPrint
  with the static-only URL fetcher), SHA-256 and the file written: what the Celery task
  does;
* WeasyPrint alone: ``weasyprint.HTML(filename=<the same HTML, saved>).write_pdf()``
  with its stylesheet read from disk, no Django.

Times are the render's CPU seconds (user + system; the shared machine makes wall time
swing by 50 %, so the goal is judged on CPU) and wall seconds, best of ``--repeat``; peak
memory is the subprocess's peak resident set size (``ru_maxrss``), imports included. Goals from the
issue: ours within 1.15x of WeasyPrint alone at 300 activities; 2,000 activities under
500 MB. The scratch group is deleted at the end.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- children: one render each, in a fresh process -------------------------------------

def child_ours(meeting_id: int, html_out: str, pdf_out: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
    import django

    django.setup()
    from workplan.models import Meeting
    from workplan.reports.build import render_report

    started, cpu = time.perf_counter(), _cpu_seconds()
    meeting = Meeting.objects.select_related("group").get(pk=meeting_id)
    rendered = render_report(meeting=meeting, agenda_item="V.b")
    digest = rendered.sha256
    Path(pdf_out).write_bytes(rendered.pdf)
    seconds, cpu, peak_mb = time.perf_counter() - started, _cpu_seconds() - cpu, _peak_rss_mb()
    # The whole document's HTML, for WeasyPrint alone (made after the clock stopped).
    from workplan.reports.content import render_report_html, report_context

    html = rendered.html or render_report_html(report_context(meeting=meeting, agenda_item="V.b"))
    Path(html_out).write_text(html, encoding="utf-8")
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "pages": rendered.pages, "parts": rendered.parts,
            "bytes": len(rendered.pdf), "sha256": digest[:12]}


def child_alone(html_path: str, pdf_out: str) -> dict:
    from weasyprint import HTML

    started, cpu = time.perf_counter(), _cpu_seconds()
    document = HTML(filename=html_path).render()
    Path(pdf_out).write_bytes(document.write_pdf())
    return {"seconds": time.perf_counter() - started, "cpu": _cpu_seconds() - cpu, "peak_mb": _peak_rss_mb(),
            "pages": len(document.pages)}


def _run_child(args: list[str]) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True,
                            cwd=ROOT, env=os.environ.copy())
    if result.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- data ------------------------------------------------------------------------------

def make_plan(size: int):
    """A scratch working group with ``size`` activities; returns (group, meeting).

    Seed-like rows (Annex I texts cycled) with timelines from 12 months ago to 11 months
    ahead, so that some are overdue and some due, as when a report is made shortly
    before a session; a third carry a short progress note and one in ten a long one;
    one in ten changes status after the previous session (simple-history records).
    """
    import datetime as dt

    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from intersessional.models import IntersessionalGroup, Participation
    from tests.support.seed_plan import ANNEX_I, ANNEX_II
    from workplan.models import Activity, Meeting, Party, Topic, WorkingGroup
    from workplan.plan.months import add_months

    today = timezone.localdate()
    group = WorkingGroup.objects.create(acronym=f"B{os.getpid()}-{size}", name="Working Group on E-Commerce (bench)")
    seed_rows = [row for _number, _title, rows in ANNEX_I for row in rows]
    topic_count = max(7, size // 40)
    topics = [Topic.objects.create(group=group, number=n + 1, title=f"{ANNEX_I[n % 7][1]} ({n // 7 + 1})")
              for n in range(topic_count)]
    statuses = ["not_started"] * 5 + ["in_progress"] * 3 + ["completed"] * 3 + ["postponed", "cancelled"]
    short_note = "Draft circulated to the Sub-Group; comments due before the next meeting."
    long_note = ("The Sub-Group met twice and reviewed the comments received from Members and stakeholders. "
                 * 4 + "A consolidated text will be presented to the WGEC.")

    def month(offset: int) -> dt.date:
        return add_months(today, offset)

    activities = []
    for i in range(size):
        description, responsible, _timeline = seed_rows[i % len(seed_rows)]
        first = month(i % 24 - 12)
        last = month(i % 24 - 12 + (2 if i % 5 == 0 else 0))
        text = first.strftime("%B %Y") if first == last else f"{first:%B %Y} to {last:%B %Y}"
        activities.append(Activity(
            topic=topics[i % topic_count], order=i // topic_count + 1, description=description,
            responsible=responsible, status=statuses[i % len(statuses)], timeline_text=text,
            first_month=first, last_month=last, remarks="See the WGEC meeting report." if i % 4 == 0 else "",
            progress_note=long_note if i % 10 == 0 else short_note if i % 3 == 0 else ""))
    bulk_create_with_history(activities, Activity, batch_size=500)
    for activity in Activity.objects.filter(topic__group=group).order_by("pk")[: size // 10]:
        activity.status = "completed"
        activity.progress_note = "Finalized and sent to the Secretariat."
        activity.save()
    for number, (item, coordinators, volunteers) in enumerate(ANNEX_II, start=1):
        ig = IntersessionalGroup.objects.create(working_group=group, number=number, item_of_work=item)
        for role, names in (("coordinator", coordinators), ("volunteer", volunteers)):
            for position, name in enumerate(names):
                party, _ = Party.objects.get_or_create(short_name=name)
                Participation.objects.create(group=ig, party=party, role=role, position=position)
    Meeting.objects.create(group=group, kind="ptc", title="PTC, previous sessions", number="1st/2nd",
                           start_date=today - dt.timedelta(days=154), end_date=today - dt.timedelta(days=150),
                           place="Brussels")
    meeting = Meeting.objects.create(group=group, kind="ptc", title="PTC, next sessions", number="3rd/4th",
                                     start_date=today + dt.timedelta(days=30),
                                     end_date=today + dt.timedelta(days=34), place="Brussels")
    return group, meeting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 2000])
    parser.add_argument("--repeat", type=int, default=2, help="renders of each kind per size (best is shown)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        kind, *rest = args.child
        result = child_ours(int(rest[0]), rest[1], rest[2]) if kind == "ours" else child_alone(rest[0], rest[1])
        print(json.dumps(result))
        return

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
    import django

    django.setup()
    from django.conf import settings

    static_css = (ROOT / "static" / "css" / "report.css").as_uri()
    rows = []
    with tempfile.TemporaryDirectory(prefix="wgec-bench-") as tmp:
        for size in args.sizes:
            group, meeting = make_plan(size)
            try:
                html = Path(tmp) / f"report-{size}.html"
                ours, alone = [], []
                for _ in range(args.repeat):
                    ours.append(_run_child(["ours", str(meeting.pk), str(html), f"{tmp}/ours-{size}.pdf"]))
                    # The same HTML, its stylesheet link pointed at the file on disk.
                    saved = Path(tmp) / f"alone-{size}.html"
                    saved.write_text(html.read_text(encoding="utf-8").replace(
                        f'href="/{settings.STATIC_URL.strip("/")}/css/report.css"', f'href="{static_css}"'),
                        encoding="utf-8")
                    alone.append(_run_child(["alone", str(saved), f"{tmp}/alone-{size}.pdf"]))
                best_ours = min(ours, key=lambda r: r["cpu"])
                best_alone = min(alone, key=lambda r: r["cpu"])
                rows.append((size, best_ours, best_alone, max(r["peak_mb"] for r in ours),
                             max(r["peak_mb"] for r in alone)))
            finally:
                group.delete()

    print(f"PTC progress report: best of {args.repeat} renders of each kind, each render in its own process;")
    print("wall and CPU seconds of the render; peak RSS of the process (imports included); load now: "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'activities':>10} {'pages':>7} {'parts':>5} | {'ours wall':>9} {'cpu':>6} {'MB':>5} | "
          f"{'WeasyPrint wall':>15} {'cpu':>6} {'MB':>5} | {'cpu x':>5} {'wall x':>6} {'+MB':>5}")
    for size, o, a, o_mb, a_mb in rows:
        print(f"{size:>10} {o['pages']:>3}/{a['pages']:<3} {o['parts']:>5} | {o['seconds']:>9.2f} {o['cpu']:>6.2f} {o_mb:>5.0f} | "
              f"{a['seconds']:>15.2f} {a['cpu']:>6.2f} {a_mb:>5.0f} | {o['cpu'] / a['cpu']:>5.2f} "
              f"{o['seconds'] / a['seconds']:>6.2f} {o_mb - a_mb:>+5.0f}")
    for size, o, a, o_mb, _a_mb in rows:
        if size == 300:
            ratio = o["cpu"] / a["cpu"]
            print(f"goal: 300 activities within 1.15x of WeasyPrint alone (CPU time): {ratio:.2f}x, "
                  f"{'met' if ratio <= 1.15 else 'NOT met'}")
        if size == 2000:
            print(f"goal: 2,000 activities under 500 MB: {o_mb:.0f} MB, {'met' if o_mb < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
