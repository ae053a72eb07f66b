"""Work-plan import speed: parsing and importing plans of 26 (the seed) to 5,000 activities.

Second table: the file readers of ``workplan.imports`` on a 5,000-activity plan written
as .xlsx and .docx (by the product's own export, ``workplan.imports.export``): the
median time to read the file (``plan_read``), to apply it to an empty group
(``plan_apply``, one transaction, rolled back), and to apply it again over the same plan
(the in-place update path: every row matched, nothing changed), with the queries of one
apply.

Synthetic plans are written in the seed's pipe-table format (Annex I with a repeated
header every 40 rows, Annex II with 10 groups of 15 parties). For each size the table
gives the median time to parse the text and to import it into an empty working group
(``workplan_import``, one transaction, rolled back after each run), in milliseconds,
and the number of queries of one import (bulk writes: it should not grow with rows).

Usage: python bench/importer.py [--sizes 26 500 5000] [--repeat 5] [--file-size 5000] [--file-repeat 3]
Needs PostgreSQL (DATABASE_URL names the server; the data goes to database wgec_bench).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

HEADER = "| | Topic | Activity | Responsible | Timeline | Remarks |\n|---|---|---|---|---|---|\n"
RESPONSIBLE = ["Co-Chairs, Co-Leads and interested Members and stakeholders", "Secretariat",
               "Co-Leads (CBSA and IFCBA)", "WGEC, PTC, EC, Secretariat", "Japan and EU"]
TIMELINES = ["May 2018", "September/October 2018", "October 2018 to March 2019", "", "Q3 2019"]
PARTIES = ["US", "EU", "India", "GEA", "Japan", "Amazon", "FIATA", "EEC", "Mexico", "UK",
           "Australia", "China", "Sweden", "Google", "UPU", "The Netherlands", "IFCBA"]


def synthetic_plan(activities: int) -> str:
    lines = [HEADER]
    per_topic = 8
    for i in range(activities):
        if i and i % 40 == 0:
            lines.append("\n" + HEADER)
        first = i % per_topic == 0
        number = f"{i // per_topic + 1}." if first else ""
        title = f"Topic {i // per_topic + 1}" if first else ""
        lines.append(f"| {number} | {title} | Activity {i + 1}: discuss and finalize the text "
                     f"| {RESPONSIBLE[i % 5]} | {TIMELINES[i % 5]} | |\n")
    lines.append("\n| No. | Item of Work | Volunteers |\n|---|---|---|\n")
    for g in range(1, 11):
        names = [PARTIES[(g + k) % len(PARTIES)] for k in range(15)]
        lines.append(f"| {g}. | Item {g} | <p>Coordinator: {names[0]} and {names[1]} "
                     f"{', '.join(names[2:])}</p> |\n")
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[26, 500, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--file-size", type=int, default=5000)
    parser.add_argument("--file-repeat", type=int, default=3)
    args = parser.parse_args()
    common.setup_django()

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from workplan.imports.pipe import parse_workplan
    from workplan.models import WorkingGroup
    from workplan.imports.services import workplan_import

    seed = (common.ROOT / "fixtures" / "wgec-workplan-2018-09-21.txt").read_text(encoding="utf-8")
    rows = []
    for size in args.sizes:
        text = seed if size == 26 else synthetic_plan(size)
        parse_times, import_times, queries = [], [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            parse_workplan(text)
            parse_times.append(time.perf_counter() - t)
            with transaction.atomic():
                group = WorkingGroup.objects.create(acronym="BENCHIMP", name="Bench import")
                with CaptureQueriesContext(connection) as ctx:
                    t = time.perf_counter()
                    workplan_import(group=group, text=text, source_name="bench.txt")
                    import_times.append(time.perf_counter() - t)
                queries = len(ctx.captured_queries)
                transaction.set_rollback(True)
        rows.append([size, f"{statistics.median(parse_times) * 1000:.0f}",
                     f"{statistics.median(import_times) * 1000:.0f}", queries])
    table = common.markdown_table(
        ["activities", "parse ms (median)", "import ms (median)", "queries per import"], rows)
    table += "\n\n" + file_imports(args.file_size, args.file_repeat)
    common.record("Work-plan import (bench/importer.py)", table)


def file_imports(size: int, repeat: int) -> str:
    """The Markdown table of the .xlsx and .docx readers and the apply, ``size`` activities."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from workplan.imports.applying import plan_apply
    from workplan.imports.export import plan_docx, plan_xlsx
    from workplan.imports.reading import plan_read
    from workplan.models import WorkingGroup

    def ms(times):
        return f"{statistics.median(times) * 1000:.0f}"

    rows = []
    with transaction.atomic():
        source = WorkingGroup.objects.create(acronym="BENCHSRC", name="Bench source")
        plan_apply(group=source, parsed=plan_read(synthetic_plan(size).encode(), filename="bench.txt"))
        files = {}
        for fmt, export in (("xlsx", plan_xlsx), ("docx", plan_docx)):
            t = time.perf_counter()
            files[fmt] = export(source)
            files[fmt + "_ms"] = (time.perf_counter() - t) * 1000
        transaction.set_rollback(True)
    for fmt in ("xlsx", "docx"):
        data = files[fmt]
        parse_times, apply_times, again_times, queries = [], [], [], 0
        for _ in range(repeat):
            t = time.perf_counter()
            parsed = plan_read(data, filename=f"bench.{fmt}")
            parse_times.append(time.perf_counter() - t)
            assert not parsed.problems, parsed.problems[:3]
            with transaction.atomic():
                group = WorkingGroup.objects.create(acronym="BENCHIMP", name="Bench import")
                with CaptureQueriesContext(connection) as ctx:
                    t = time.perf_counter()
                    plan_apply(group=group, parsed=parsed)
                    apply_times.append(time.perf_counter() - t)
                queries = len(ctx.captured_queries)
                t = time.perf_counter()
                preview = plan_apply(group=group, parsed=parsed)
                again_times.append(time.perf_counter() - t)
                assert len(preview.of_kind("unchanged")) == size
                transaction.set_rollback(True)
        rows.append([fmt, size, f"{len(data) / 1024:.0f}", f"{files[fmt + '_ms']:.0f}", ms(parse_times),
                     ms(apply_times), queries, ms(again_times)])
    return common.markdown_table(
        ["file", "activities", "kB", "export ms", "read ms (median)", "apply ms, empty group (median)",
         "queries per apply", "apply again, in place (median)"], rows)


if __name__ == "__main__":
    main()
