"""Reminder scans that overlap or die (issue 17): a recipient's due items are claimed
together, so two scans never split one digest; a scan killed mid-run leaves its work to
the next scan, not to a redelivery of its message an hour later.

Mail goes to real aiosmtpd servers on loopback; scans run in two threads (two database
connections) or in a real Celery worker killed by the test (tests/support/job_workers.py).
"""

import asyncio
import datetime as dt
import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection

from tests.support.factories import ActivityFactory, PartyFactory, TopicFactory, UserFactory, WorkingGroupFactory
from tests.support.job_workers import OwnWorker, broker_url, routed_to, wait_until
from workplan.plan.models import Profile
from workplan.reminders.models import Reminder
from workplan.reminders.services import reminders_create_due, reminders_send_due
from workplan.reminders.tasks import reminders_scan

pytestmark = [pytest.mark.django_db(transaction=True)]

BRUSSELS = ZoneInfo("Europe/Brussels")
OCT_25 = dt.datetime(2018, 10, 25, 9, tzinfo=BRUSSELS)  # May 2018 activities are overdue


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def many_items(recipients: int, items: int) -> dict[str, set[str]]:
    """``recipients`` users, each responsible (through their own party) for ``items``
    overdue activities; returns {e-mail address: {activity descriptions}}."""
    group = WorkingGroupFactory(acronym="WGEC", time_zone="Europe/Brussels")
    topic = TopicFactory(group=group, number=1, title="Technical Specifications")
    expected = {}
    for r in range(recipients):
        party = PartyFactory(short_name=f"P{r:02d}")
        user = UserFactory(username=f"member{r:02d}", email=f"member{r:02d}@example.org")
        Profile.objects.create(user=user).parties.set([party])
        expected[user.email] = set()
        for i in range(items):
            description = f"Activity {r:02d}-{i:02d} of member {r:02d}"
            activity = ActivityFactory(topic=topic, order=r * items + i, description=description,
                                       responsible=party.short_name, timeline_text="May 2018",
                                       first_month=dt.date(2018, 5, 1), last_month=dt.date(2018, 5, 1))
            activity.parties.set([party])
            expected[user.email].add(description)
    return expected


class Inbox:
    """An aiosmtpd server on loopback; ``delay`` seconds per message (a slow server)."""

    def __init__(self, delay: float = 0.0):
        self.messages, self.lock, self.delay = [], threading.Lock(), delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def by_recipient(self) -> dict[str, list[str]]:
        with self.lock:
            found = {}
            for msg in self.messages:
                found.setdefault(msg["To"], []).append(msg.get_body(("plain",)).get_content())
            return found


@pytest.fixture
def inbox_server():
    servers = []

    def start(delay: float = 0.0):
        inbox = Inbox(delay)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            inbox.port = s.getsockname()[1]
        controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
        controller.start()
        servers.append(controller)
        return inbox

    yield start
    for controller in servers:
        controller.stop()


def _use(settings, inbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", inbox.port, False


def _assert_whole_digests(inbox, expected, *, duplicates_allowed=0):
    got = inbox.by_recipient()
    assert set(got) == set(expected), f"missing digests for {sorted(set(expected) - set(got))}"
    counts = Counter({address: len(bodies) for address, bodies in got.items()})
    assert sum(n - 1 for n in counts.values()) <= duplicates_allowed, counts
    for address, bodies in got.items():
        for body in bodies:  # every digest holds every item of its recipient, none of another's
            listed = {line.strip() for line in body.splitlines() if line.strip().startswith("Activity ")}
            assert {d for d in expected[address] if d in body} == expected[address], (address, len(listed))


def test_two_scans_at_once_never_split_a_digest(settings, inbox_server):
    """Issue 17: scans overlapping (two beats, or a slow scan; three here) over recipients
    with many items: every recipient gets exactly one digest, holding all of their items."""
    inbox = inbox_server(delay=0.02)
    _use(settings, inbox)
    expected = many_items(recipients=12, items=30)
    barrier = threading.Barrier(3)
    errors = []

    def scan():
        try:
            barrier.wait(timeout=30)
            reminders_create_due(now=OCT_25)
            reminders_send_due(now=OCT_25)
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    _assert_whole_digests(inbox, expected)
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 0
    assert Reminder.objects.count() == 12 * 30


def test_rows_held_by_another_transaction_are_waited_for_not_split_off(settings, inbox_server):
    """Issue 17: while another transaction holds some of a recipient's pending rows (the
    way one of two overlapping scans did when claims were row locks with SKIP LOCKED), the
    send waits for them and sends one digest with every item, instead of a digest of the
    rest now and another of the held ones later."""
    inbox = inbox_server()
    _use(settings, inbox)
    expected = many_items(recipients=1, items=10)
    reminders_create_due(now=OCT_25)
    held = list(Reminder.objects.order_by("id").values_list("id", flat=True)[:5])
    locked, release = threading.Event(), threading.Event()

    def hold():
        from django.db import transaction

        try:
            with transaction.atomic():
                list(Reminder.objects.filter(id__in=held).select_for_update())
                locked.set()
                release.wait(timeout=30)
                time.sleep(1.5)  # still holding them while the send starts
                transaction.set_rollback(True)  # the holder dies without sending
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(timeout=30)
    release.set()
    result = reminders_send_due(now=OCT_25)
    holder.join(timeout=30)
    assert result.messages == 1 and result.sent_rows == 10
    _assert_whole_digests(inbox, expected)


@pytest.mark.worker
def test_scan_killed_mid_run_is_resumed_by_the_next_scan(settings, inbox_server, tmp_path):
    """Issue 17: a worker killed in the middle of a scan. Its message was acknowledged on
    receipt, so nothing waits for a redelivery an hour later; the rows it had not sent are
    pending and unlocked, and the next scan (beat's next tick, every 15 minutes) sends them.
    Delivery is at-least-once: the digest in flight at the kill may come twice, never half."""
    inbox = inbox_server(delay=0.5)
    expected = many_items(recipients=10, items=5)
    email_url = f"smtp://127.0.0.1:{inbox.port}"
    worker = OwnWorker(db_name=connection.settings_dict["NAME"], media_root=tmp_path / "media",
                       log_path=tmp_path / "worker.log", email_url=email_url).start()
    client = redis.Redis.from_url(broker_url())
    try:
        with routed_to(worker.queue):
            reminders_scan.delay(now=OCT_25.isoformat())
            wait_until(lambda: len(inbox.messages) >= 3, "the scan to be under way", 120)
            worker.kill()
            sent_by_first = len(inbox.messages)
            assert sent_by_first < len(expected), "the scan finished before it was killed"
            assert client.hlen("unacked") == 0 and client.llen(worker.queue) == 0  # nothing to redeliver
            time.sleep(1)
            assert Reminder.objects.filter(sent_at__isnull=True).exists()

            worker.start()  # restarted, and beat's next tick
            reminders_scan.delay(now=OCT_25.isoformat())
            wait_until(lambda: not Reminder.objects.filter(sent_at__isnull=True).exists(), "the next scan", 120)
    finally:
        worker.stop()
    _assert_whole_digests(inbox, expected, duplicates_allowed=1)
