"""Shared helpers for the benchmark scripts: Django set-up on a bench database, data
generation, timing statistics, and appending tables to bench/RESULTS.md."""

import datetime as dt
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"



def setup_django(default_db: str = "wgec_bench") -> None:
    """Point Django at a PostgreSQL bench database (created if missing) and migrate it.

    DATABASE_URL names the server; its database name is replaced by ``default_db`` unless
    BENCH_DATABASE_URL is given, so a benchmark never touches the development data.
    """
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wgec")
        url = base.rsplit("/", 1)[0] + "/" + default_db
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
    os.environ.pop("CELERY_BROKER_URL", None)
    create_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def create_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names, if it does not exist."""
    import psycopg2
    from psycopg2 import sql

    server, name = url.rsplit("/", 1)
    conn = psycopg2.connect(server.replace("postgres://", "postgresql://") + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def clear_plans() -> None:
    """Empty the bench database's plans with TRUNCATE: generate_demo's own --replace
    deletes through the ORM, minutes for 100,000 activities with their history."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE workplan_workinggroup, workplan_historicalactivity, workplan_historicalactivity_parties, "
                    "intersessional_historicalintersessionalgroup, intersessional_historicalintersessionalgroup_topics, "
                    "intersessional_historicalparticipation, workplan_historicalstandardtag CASCADE")


def generate(activities: int, groups: int = 5, users: int = 500, seed: int = 1) -> None:
    """Replace the bench database's plans with ``generate_demo``'s (groups DEMO01...)."""
    from django.core.management import call_command

    clear_plans()

    call_command("generate_demo", groups=groups, activities=activities, users=users, seed=seed,
                 replace=True, stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    from django.db import connection

    # VACUUM too, not only ANALYZE: a freshly bulk-loaded table has no visibility map, so
    # PostgreSQL cannot count through an index alone (30 ms instead of 4 ms for 20,000
    # rows); autovacuum leaves a live database in this state.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")


def measure(client, url: str, repeat: int):
    """Time ``repeat`` GETs of ``url`` with a Django test client after two warm-up requests.

    Returns (median ms, p95 ms, queries of one request), or None when the page is not 200.
    """
    import time

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The query log is a deque of at most 9,000 entries: full after generating the data,
    # it would make every capture look empty.
    reset_queries()
    for _ in range(2):
        response = client.get(url)
    if response.status_code != 200:
        return None
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    # captured_queries reads the live log, which the next request clears: count now.
    queries = len(ctx.captured_queries)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - t0)
    median, p95 = summary(samples)
    return median, p95, queries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(samples: list[float]) -> tuple[float, float]:
    """(median, 95th percentile) in milliseconds of samples given in seconds."""
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000


def machine() -> str:
    return f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})"


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def record(title: str, body: str) -> None:
    """Print a result section and put it in bench/RESULTS.md with date and machine, in
    place of the section of the same title: the file keeps the latest run of each script
    (git keeps the older ones)."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    section = f"\n## {title}\n\n{stamp}, {machine()}\n\n{body}\n"
    print(section)
    RESULTS.write_text(results_with(RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "", title, section),
                       encoding="utf-8")


def results_with(text: str, title: str, section: str) -> str:
    """``text`` (RESULTS.md) with every section headed ``## title`` replaced by ``section``
    (appended when there was none)."""
    head, *sections = text.split("\n## ")
    kept = ["\n## " + s for s in sections if s.split("\n", 1)[0].strip() != title]
    return (head + "".join(kept)).rstrip("\n") + "\n" + section
