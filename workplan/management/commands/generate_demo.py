"""``manage.py generate_demo``: a large, deterministic synthetic deployment for benchmarks.

Builds working groups, topics, activities with realistic timelines and statuses,
parties, intersessional groups, users of each role and history rows, in batches with
``bulk_create``. The same ``--seed`` gives the same data. Refuses to run when the
database already holds a working group of the generated acronyms (``DEMO01``...), unless
``--replace`` is given.
"""

import datetime as dt
import random
import sys
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from intersessional.models import IntersessionalGroup, Participation
from workplan.plan.models import Activity, Meeting, Membership, Party, Profile, Topic, WorkingGroup
from workplan.plan.months import add_months
from workplan.plan.timeline import month_label

TOPIC_TITLES = [
    "Technical Specifications", "Flow Chart and Data Elements", "Definitions",
    "Implementation Strategy and Action Plan", "Case Studies and Pilots",
    "Other Annexes to the Framework of Standards", "Final Report", "Revenue Collection Models",
    "Capacity Building Mechanism", "Risk Management", "Data Analytics", "Outreach",
]
VERBS = ["Review", "Develop", "Circulate", "Discuss", "Finalize", "Consolidate", "Engage",
         "Establish", "Disseminate", "Refine"]
OBJECTS = ["draft text", "data elements", "definitions", "flow chart", "action plan",
           "case studies", "guidance", "implementation strategy", "annexes", "pilot results"]
BODIES = ["Co-Chairs", "Co-Leads", "Secretariat", "PTC", "EC"]
STAKEHOLDERS = ["UPU", "IATA", "FIATA", "GEA", "ICC", "UPS", "UNECE", "OECD", "IFCBA", "Amazon", "Google"]
STATUS_WEIGHTS = [
    (Activity.Status.NOT_STARTED, 35), (Activity.Status.IN_PROGRESS, 30),
    (Activity.Status.COMPLETED, 25), (Activity.Status.POSTPONED, 7), (Activity.Status.CANCELLED, 3),
]
BATCH = 2000


class Progress:
    """A one-line text progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=None):
        # sys.stderr read now, not at import: a stream replaced since (test capture) may be closed.
        self.label, self.total, self.stream, self.done = label, max(total, 1), stream or sys.stderr, 0

    def advance(self, n: int) -> None:
        self.done += n
        filled = int(30 * self.done / self.total)
        self.stream.write(f"\r{self.label:<14} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Generate a deterministic synthetic deployment (for benchmarks and demos)."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=3, help="working groups (default 3)")
        parser.add_argument("--activities", type=int, default=1000, help="activities in all (default 1000)")
        parser.add_argument("--users", type=int, default=100, help="users in all (default 100)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--replace", action="store_true", help="delete earlier DEMO groups first")

    def handle(self, *args, groups, activities, users, seed, replace, **options):
        if groups < 1 or activities < 0 or users < 0:
            raise CommandError("--groups must be at least 1; --activities and --users not negative.")
        acronyms = [f"DEMO{i + 1:02d}" for i in range(groups)]
        existing = WorkingGroup.objects.filter(acronym__startswith="DEMO")
        if existing.exists():
            if not replace:
                raise CommandError("Demo working groups exist already; use --replace to rebuild them.")
        started = time.monotonic()
        with transaction.atomic():
            if replace:
                Activity.history.filter(topic__group__acronym__startswith="DEMO").delete()
                existing.delete()
                get_user_model().objects.filter(username__startswith="demo-").delete()
            self._generate(random.Random(seed), acronyms, activities, users)
        self.stdout.write(f"Generated {groups} groups, {activities} activities, {users} users "
                          f"in {time.monotonic() - started:.1f} s.")

    def _generate(self, rnd: random.Random, acronyms, n_activities, n_users):
        wgs = WorkingGroup.objects.bulk_create(
            [WorkingGroup(acronym=a, name=f"Demo Working Group {a[-2:]}") for a in acronyms])

        names = BODIES + STAKEHOLDERS + [f"Member {i:03d}" for i in range(1, 181)]
        Party.objects.bulk_create(
            [Party(short_name=n, kind=Party.Kind.BODY if n in BODIES else
                   Party.Kind.STAKEHOLDER if n in STAKEHOLDERS else Party.Kind.MEMBER) for n in names],
            ignore_conflicts=True)
        parties = list(Party.objects.filter(short_name__in=names))
        members = [p for p in parties if p.kind != Party.Kind.BODY]

        topics = Topic.objects.bulk_create([
            Topic(group=wg, number=i + 1, title=TOPIC_TITLES[i % len(TOPIC_TITLES)])
            for wg in wgs for i in range(rnd.randint(7, 12))])
        by_group = {wg.pk: [t for t in topics if t.group_id == wg.pk] for wg in wgs}

        start = dt.date(2018, 1, 1)
        progress = Progress("activities", n_activities)
        order = {t.pk: 0 for t in topics}
        through = Activity.parties.through
        now = timezone.now()
        created = []
        for offset in range(0, n_activities, BATCH):
            batch = []
            for _ in range(min(BATCH, n_activities - offset)):
                topic = rnd.choice(topics)
                order[topic.pk] += 1
                a = Activity(topic=topic, order=order[topic.pk],
                             description=f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} ({topic.title})",
                             status=rnd.choices([s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0],
                             remarks="" if rnd.random() < 0.7 else "Tentative, subject to the PTC's guidance",
                             changed_at=now)
                if rnd.random() < 0.08:
                    a.timeline_text = ""
                else:
                    first = add_months(start, rnd.randint(0, 96))
                    last = add_months(first, rnd.choice([0, 0, 1, 2, 5]))
                    a.first_month, a.last_month = first, last
                    a.timeline_text = month_label(first) if first == last else f"{month_label(first)} to {month_label(last)}"
                chosen = rnd.sample(parties, rnd.randint(1, 3))
                a.responsible = ", ".join(p.short_name for p in chosen)
                a._chosen = chosen
                batch.append(a)
            Activity.objects.bulk_create(batch, history=False)  # self._history writes dated rows
            through.objects.bulk_create([through(activity_id=a.pk, party_id=p.pk) for a in batch for p in a._chosen])
            created.extend(batch)
            progress.advance(len(batch))

        self._history(rnd, created)

        isgs, parts = [], []
        for wg in wgs:
            for n in range(1, 6):
                isgs.append(IntersessionalGroup(working_group=wg, number=n, item_of_work=f"Intersessional item {n}"))
        # Dated before the activities' history (generate_demo's rows start 720 days back),
        # so the groups exist on every past day a bench asks about.
        since = timezone.now() - dt.timedelta(days=721)
        isgs = bulk_create_with_history(isgs, IntersessionalGroup, default_change_reason="generate_demo",
                                        default_date=since)
        link = IntersessionalGroup.topics.through
        links = []
        for g in isgs:
            for t in rnd.sample(by_group[g.working_group_id], 2):
                links.append(link(intersessionalgroup_id=g.pk, topic_id=t.pk))
            for pos, p in enumerate(rnd.sample(members, 2)):
                parts.append(Participation(group=g, party=p, role=Participation.Role.COORDINATOR, position=pos))
            for pos, p in enumerate(rnd.sample(members, 12)):
                parts.append(Participation(group=g, party=p, role=Participation.Role.VOLUNTEER, position=pos))
        link.objects.bulk_create(links)
        # Each group's creation history row holds its topics, as a save would record them.
        record_of = {r.id: r for r in IntersessionalGroup.history.filter(id__in=[g.pk for g in isgs])}
        TopicHistory = IntersessionalGroup.history.model._meta.get_field(
            "historicalintersessionalgroup_topics").related_model
        TopicHistory.objects.bulk_create([TopicHistory(history=record_of[k.intersessionalgroup_id], id=k.id,
                                                       intersessionalgroup_id=k.intersessionalgroup_id,
                                                       topic_id=k.topic_id) for k in links])
        bulk_create_with_history(parts, Participation, default_change_reason="generate_demo", default_date=since)

        Meeting.objects.bulk_create([
            Meeting(group=wg, kind=Meeting.Kind.PTC, number=f"{219 + 2 * i}th/{220 + 2 * i}th",
                    title=f"PTC, {219 + 2 * i}th/{220 + 2 * i}th Sessions",
                    start_date=add_months(start, 6 * i), end_date=add_months(start, 6 * i) + dt.timedelta(days=3),
                    place="Brussels")
            for wg in wgs for i in range(16)])

        self._users(rnd, wgs, members, n_users)

    def _history(self, rnd: random.Random, activities):
        """One creation row per activity and a status change for about a third of them."""
        History = Activity.history.model
        progress = Progress("history", len(activities))
        fields = [f.attname for f in Activity._meta.concrete_fields]
        base = timezone.now() - dt.timedelta(days=720)
        for offset in range(0, len(activities), BATCH):
            rows = []
            for a in activities[offset:offset + BATCH]:
                values = {f: getattr(a, f) for f in fields}
                created_at = base + dt.timedelta(days=rnd.randint(0, 360))
                rows.append(History(**values, history_date=created_at, history_type="+"))
                if rnd.random() < 0.33:
                    changed = dict(values, progress_note="Progress reported to the Secretariat.")
                    rows.append(History(**changed, history_date=created_at + dt.timedelta(days=rnd.randint(1, 300)),
                                        history_type="~"))
            History.objects.bulk_create(rows)
            progress.advance(len(activities[offset:offset + BATCH]))

    def _users(self, rnd: random.Random, wgs, members, n_users):
        User = get_user_model()
        password = make_password("demo-password-not-for-production")
        users = User.objects.bulk_create([User(username=f"demo-{i:05d}", email=f"demo-{i:05d}@example.org",
                                               password=password) for i in range(n_users)])
        profiles = Profile.objects.bulk_create([Profile(user=u) for u in users])
        Membership.objects.bulk_create([
            Membership(user=u, group=wgs[i % len(wgs)],
                       role=Membership.Role.SECRETARIAT if i % 20 == 0 else Membership.Role.DELEGATE)
            for i, u in enumerate(users)])
        link = Profile.parties.through
        link.objects.bulk_create([link(profile_id=p.pk, party_id=rnd.choice(members).pk)
                                  for i, p in enumerate(profiles) if i % 3 == 1])
