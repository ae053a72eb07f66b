"""Deadline reminders end to end: a real Celery worker process on Redis runs the scan
task against the test database, and mail lands in a real SMTP server on loopback.

The worker sends through EMAIL_URL, which the ``celery_worker`` fixture points at the
aiosmtpd server; the ``smtp`` fixture empties its inbox. Rows are committed
(``transaction=True``) so the worker sees them.
"""

import datetime as dt
import time
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from intersessional.models import Participation
from tests.support.factories import (
    ActivityFactory,
    IntersessionalGroupFactory,
    ParticipationFactory,
    PartyFactory,
    TopicFactory,
    UserFactory,
    WorkingGroupFactory,
)
from workplan.models import Profile, Reminder
from workplan.reminders.services import reminders_create_due, reminders_send_due
from workplan.tasks import reminders_scan

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BRUSSELS = ZoneInfo("Europe/Brussels")
# 25 October 2018, 09:00 in Brussels: 1.4 (October 2018) is 7 days from its deadline,
# 2.1 (May 2018) has been overdue since 1 June.
OCT_25 = dt.datetime(2018, 10, 25, 9, tzinfo=BRUSSELS)



def user_with(username, *parties):
    user = UserFactory(username=username)
    Profile.objects.create(user=user).parties.set(parties)
    return user


@pytest.fixture
def plan(db):
    wgec = WorkingGroupFactory(acronym="WGEC", time_zone="Europe/Brussels")
    p = {n: PartyFactory(short_name=n) for n in ["WGEC", "CBSA", "IFCBA", "US", "China"]}
    t1 = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    t2 = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    a14 = ActivityFactory(topic=t1, order=4, description="Discuss and potentially finalize Technical Specifications",
                          responsible="WGEC", timeline_text="September/October 2018",
                          first_month=dt.date(2018, 9, 1), last_month=dt.date(2018, 10, 1))
    a14.parties.set([p["WGEC"]])
    a21 = ActivityFactory(topic=t2, order=1, description="Refine and further develop Flow Chart",
                          responsible="Co-Leads (CBSA and IFCBA)", timeline_text="May 2018",
                          first_month=dt.date(2018, 5, 1), last_month=dt.date(2018, 5, 1))
    a21.parties.set([p["CBSA"], p["IFCBA"]])
    ig1 = IntersessionalGroupFactory(working_group=wgec, number=1, item_of_work="Definitions and Technical Specifications")
    ig1.topics.set([t1])
    ig2 = IntersessionalGroupFactory(working_group=wgec, number=2, item_of_work="Flow Charts and Data Elements")
    ig2.topics.set([t2])
    ParticipationFactory(group=ig1, party=p["US"], role=Participation.Role.COORDINATOR)
    ParticipationFactory(group=ig2, party=p["China"], role=Participation.Role.COORDINATOR)
    users = {name: user_with(name, party) for name, party in
             [("us", p["US"]), ("cbsa", p["CBSA"]), ("china", p["China"])]}
    return {"group": wgec, "parties": p, "users": users, "topics": (t1, t2), "activities": (a14, a21)}


def wait_for(predicate, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def by_recipient(inbox):
    return Counter(m["To"] for m in inbox.messages)


def test_scan_task_on_a_real_worker_delivers_each_reminder_once(plan, celery_worker, smtp):
    """R1 end to end: the scan enqueued three times, each reminder mailed once."""
    u = plan["users"]
    reminders_scan.delay_on_commit(now=OCT_25.isoformat())
    wait_for(lambda: len(smtp.inbox.messages) == 3, "three digests")
    messages = {m["To"]: m for m in smtp.inbox.messages}
    assert set(messages) == {u["us"].email, u["cbsa"].email, u["china"].email}
    assert all(m["Subject"] == "[WGEC] Reminder: 1 activity deadline" for m in messages.values())
    us_text = messages[u["us"].email].get_body(("plain",)).get_content()
    assert "Discuss and potentially finalize Technical Specifications" in us_text
    assert "Deadline in 7 days" in us_text
    cbsa_html = messages[u["cbsa"].email].get_body(("html",)).get_content()
    assert "Refine and further develop Flow Chart" in cbsa_html and "Overdue by 147 days" in cbsa_html

    # Beat firing twice more (or a redelivered task) sends nothing new...
    reminders_scan.delay_on_commit(now=OCT_25.isoformat())
    reminders_scan.delay_on_commit(now=(OCT_25 + dt.timedelta(minutes=15)).isoformat())
    # ...and a later scan, behind them in the solo worker's queue, proves they have run:
    # on 1 November 1.4 is overdue, a new reminder for its coordinator only.
    reminders_scan.delay_on_commit(now=dt.datetime(2018, 11, 1, 9, tzinfo=BRUSSELS).isoformat())
    wait_for(lambda: len(smtp.inbox.messages) == 4, "the 1 November digest")
    time.sleep(1)
    assert by_recipient(smtp.inbox) == {u["us"].email: 2, u["cbsa"].email: 1, u["china"].email: 1}
    assert "Overdue by 1 day" in smtp.inbox.messages[-1].get_body(("plain",)).get_content()
    assert not Reminder.objects.filter(sent_at__isnull=True, void_at__isnull=True).exists()
    assert Reminder.objects.count() == 4


def test_recipient_refused_once_is_retried_and_gets_one_message(plan, celery_worker, smtp):
    """A recipient the SMTP server refuses once gets exactly one digest at the next scan;
    the others are not sent theirs again."""
    u = plan["users"]
    smtp.inbox.refuse_once.add(u["cbsa"].email)
    reminders_scan.delay_on_commit(now=OCT_25.isoformat())
    wait_for(lambda: Reminder.objects.filter(sent_at__isnull=False).count() == 2, "two recipients marked sent")
    assert by_recipient(smtp.inbox) == {u["us"].email: 1, u["china"].email: 1}
    assert Reminder.objects.get(recipient=u["cbsa"]).sent_at is None

    reminders_scan.delay_on_commit(now=(OCT_25 + dt.timedelta(minutes=15)).isoformat())
    wait_for(lambda: len(smtp.inbox.messages) == 3, "the retried digest")
    time.sleep(1)
    assert by_recipient(smtp.inbox) == {u["us"].email: 1, u["china"].email: 1, u["cbsa"].email: 1}
    assert Reminder.objects.get(recipient=u["cbsa"]).sent_at is not None


def test_worker_and_another_sender_at_once_deliver_each_reminder_once(plan, celery_worker, smtp):
    """R1 with two senders racing: the worker's scan and a send step in this process run
    at the same time over 40 recipients; SKIP LOCKED gives each digest to one of them."""
    cbsa = plan["parties"]["CBSA"]
    emails = [user_with(f"delegate{i:02d}", cbsa).email for i in range(40)]
    reminders_create_due(now=OCT_25)
    reminders_scan.delay_on_commit(now=OCT_25.isoformat())
    here = reminders_send_due(now=OCT_25)
    wait_for(lambda: not Reminder.objects.filter(sent_at__isnull=True).exists(), "every row sent")
    time.sleep(1)
    counts = by_recipient(smtp.inbox)
    assert all(counts[e] == 1 for e in emails), counts
    assert sum(counts.values()) == 43  # 40 delegates + cbsa + china (2.1) + us (1.4)
    print(f"this process sent {here.messages} digests, the worker {43 - here.messages}")
