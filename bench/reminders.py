"""Bench: one deadline-reminder scan over 100,000 activities and 5,000 recipients.

Run from the repository root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wgec_bench_reminders python bench/reminders.py

The database named in DATABASE_URL (default ``wgec_bench_reminders``) is created when
missing, migrated, and its work-plan tables are EMPTIED and refilled: the script refuses
a database whose name does not contain "bench". It builds four working groups in four
time zones, 40 topics, 100,000 activities with timelines from 2016 to 2021 (older ones
mostly completed, as real plans are), 1,000 parties, 5,000 users, intersessional groups
with coordinators, then times, at 2018-10-25 09:00 Brussels:

1. the first scan (``reminders_create_due``: every row due is inserted),
2. a second scan at the same instant (nothing new: the idempotent steady state),

printing seconds, queries and rows. SMTP is excluded: the scan writes rows only.
``--reuse`` keeps a plan built by an earlier run and only empties the reminder rows;
``--send`` also times the send step with Django's in-memory mail backend (one digest per
recipient, built in full; a few queries per recipient, since each is its own transaction).
Issue 4's goal: under 10 s on a 2-core machine, queries growing with batches, not rows.
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wgec.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wgec_bench_reminders")

ACTIVITIES = 100_000
USERS = 5_000
PARTIES = 1_000
GROUPS = [("WGEC", "Europe/Brussels"), ("WGA", "Asia/Tokyo"), ("WGB", "America/New_York"), ("WGC", "UTC")]
TOPICS_PER_GROUP = 10
NOW = dt.datetime(2018, 10, 25, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def ensure_database() -> None:
    """Create the bench database if it does not exist (PostgreSQL only); refuse any
    database whose name does not say it is for benchmarks."""
    import environ

    name = environ.Env.db_url_config(os.environ["DATABASE_URL"])["NAME"]
    if "bench" not in name:
        sys.exit(f"Refusing to fill database {name!r}: its name must contain 'bench'.")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common

    common.create_database(os.environ["DATABASE_URL"])


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from intersessional.models import IntersessionalGroup, Participation
    from workplan.models import Activity, Party, Profile, Topic, WorkingGroup

    rng = random.Random(2018)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE workplan_reminder, workplan_activity, workplan_activity_parties, workplan_topic, "
                    "workplan_workinggroup, workplan_party, workplan_profile, workplan_profile_parties, "
                    "intersessional_participation, intersessional_intersessionalgroup, "
                    "intersessional_intersessionalgroup_topics, workplan_membership, auth_user CASCADE")

    groups = WorkingGroup.objects.bulk_create(
        [WorkingGroup(acronym=a, name=f"Working Group {a}", time_zone=tz) for a, tz in GROUPS])
    topics = Topic.objects.bulk_create(
        [Topic(group=g, number=n, title=f"Topic {n}") for g in groups for n in range(1, TOPICS_PER_GROUP + 1)])
    parties = Party.objects.bulk_create([Party(short_name=f"Party {i:04d}") for i in range(PARTIES)])

    months = [dt.date(y, m, 1) for y in range(2016, 2022) for m in range(1, 13)]
    first_open = dt.date(2018, 6, 1)
    activities = []
    for i in range(ACTIVITIES):
        topic = topics[i % len(topics)]
        last = rng.choice(months)
        first = months[max(0, months.index(last) - rng.randint(0, 5))]
        if last < first_open:
            status = rng.choices(["completed", "cancelled", "postponed", "in_progress"], [80, 5, 5, 10])[0]
        else:
            status = rng.choice(["not_started", "in_progress", "in_progress", "completed"])
        activities.append(Activity(topic=topic, order=i // len(topics) + 1, description=f"Activity {i}",
                                   responsible="Bench", timeline_text=f"{first:%B %Y} to {last:%B %Y}",
                                   first_month=first, last_month=last, status=status))
    activities = Activity.objects.bulk_create(activities, batch_size=5000)
    through = Activity.parties.through
    through.objects.bulk_create(
        [through(activity_id=a.id, party_id=p.id) for a in activities
         for p in rng.sample(parties, rng.choice([1, 1, 2, 3]))], batch_size=10000)

    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench{i:05d}", email=f"bench{i:05d}@example.org", password="!") for i in range(USERS)],
        batch_size=5000)
    profiles = Profile.objects.bulk_create(
        [Profile(user=u, reminders_opt_out=(i % 50 == 0)) for i, u in enumerate(users)], batch_size=5000)
    pthrough = Profile.parties.through
    pthrough.objects.bulk_create(
        [pthrough(profile_id=pr.id, party_id=parties[i % PARTIES].id) for i, pr in enumerate(profiles)]
        + [pthrough(profile_id=pr.id, party_id=parties[(i * 7 + 3) % PARTIES].id)
           for i, pr in enumerate(profiles) if i % 5 == 0], batch_size=10000, ignore_conflicts=True)

    for g in groups:
        group_topics = [t for t in topics if t.group_id == g.id]
        for n in range(1, 6):
            ig = IntersessionalGroup.objects.create(working_group=g, number=n, item_of_work=f"Item {n}")
            ig.topics.set(group_topics[(n - 1) * 2:(n - 1) * 2 + 2])
            for pos, party in enumerate(rng.sample(parties, 2)):
                Participation.objects.create(group=ig, party=party, role="coordinator", position=pos)


class _QueryCounter:
    """A ``connection.execute_wrapper`` that counts statements (no 9,000-query cap)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _backend_cpu_seconds(connection) -> float:
    """CPU time used so far by this connection's PostgreSQL backend process (Linux, same
    machine; NaN otherwise), so a figure on a busy shared machine can be read fairly."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from workplan.models import Activity, Reminder
    from workplan.reminders.services import reminders_create_due

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    if "--reuse" in sys.argv and Activity.objects.count() == ACTIVITIES:
        Reminder.objects.all().delete()  # keep the plan, time the first scan again
    else:
        build()
    print(f"Built {Activity.objects.count():,} activities, "
          f"{Activity.parties.through.objects.count():,} responsible-party links, "
          f"{USERS:,} users over {len(GROUPS)} working groups in {time.perf_counter() - t0:.1f} s")

    for label in ["first scan", "second scan (nothing new)"]:
        counter = _QueryCounter()
        db_cpu = _backend_cpu_seconds(connection)
        with connection.execute_wrapper(counter):
            cpu, t0 = time.process_time(), time.perf_counter()
            created = reminders_create_due(now=NOW)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu
        db_cpu = _backend_cpu_seconds(connection) - db_cpu
        print(f"{label}: {seconds:.2f} s, {counter.count:,} queries, "
              f"{created:,} reminder rows created (CPU: {cpu:.2f} s Python, "
              f"{db_cpu:.2f} s PostgreSQL backend; the rest is waiting for a shared core or disk)")
    print(f"Reminder rows in the table: {Reminder.objects.count():,} "
          f"for {Reminder.objects.values('recipient').distinct().count():,} recipients")

    if "--send" in sys.argv:
        from django.conf import settings

        from workplan.reminders.services import reminders_send_due

        # Messages are built in full (MIME, both bodies) but kept in memory: no SMTP.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            result = reminders_send_due(now=NOW)
            seconds = time.perf_counter() - t0
        print(f"send step (in-memory mail): {seconds:.2f} s, {counter.count:,} queries, "
              f"{result.messages:,} digests for {result.sent_rows:,} rows, {result.void_rows:,} void")


if __name__ == "__main__":
    main()
