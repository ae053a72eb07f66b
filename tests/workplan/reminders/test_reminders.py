"""Deadline reminders (issue 4) over seed-like data, with a frozen clock.

The data follows the seed's Annex I (work plan rows with their Responsible cells and
timelines) and Annex II (intersessional groups with their coordinators). Mail goes to
Django's in-memory outbox here, except where the SMTP failure path needs the real
loopback server; the real worker on Redis is in test_reminders_worker.py.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from intersessional.models import Participation
from tests.support.factories import (
    ActivityFactory,
    IntersessionalGroupFactory,
    MembershipFactory,
    ParticipationFactory,
    PartyFactory,
    TopicFactory,
    UserFactory,
    WorkingGroupFactory,
)
from workplan.models import Activity, Membership, Profile, Reminder
from workplan.plan.periods import local_datetime, month_instants, shift_days
from workplan.reminders.services import (
    activities_changed_in_month,
    reminder_stage,
    reminders_create_due,
    reminders_create_overdue_summary,
    reminders_send_due,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
UTC = dt.timezone.utc
pytestmark = pytest.mark.django_db


def bxl(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def month(year, number) -> dt.date:
    return dt.date(year, number, 1)



def user_with(username, *parties, opt_out=False):
    user = UserFactory(username=username)
    profile = Profile.objects.create(user=user, reminders_opt_out=opt_out)
    profile.parties.set(parties)
    return user


@pytest.fixture
def plan(db):
    """A slice of the seed's WGEC plan, with the people who get its reminders."""
    wgec = WorkingGroupFactory(acronym="WGEC", time_zone="Europe/Brussels")
    p = {name: PartyFactory(short_name=name) for name in
         ["Secretariat", "WGEC", "CBSA", "IFCBA", "US", "EU", "Canada", "China", "Co-Leads"]}
    t1 = TopicFactory(group=wgec, number=1, title="Technical Specifications")
    t2 = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    t4 = TopicFactory(group=wgec, number=4, title="Implementation Strategy and Action Plan")
    t5 = TopicFactory(group=wgec, number=5, title="Case Studies and Pilots")

    def activity(topic, order, text, responsible, timeline, first, last, parties):
        a = ActivityFactory(topic=topic, order=order, description=text, responsible=responsible,
                            timeline_text=timeline, first_month=first, last_month=last)
        a.parties.set(parties)
        return a

    a = {
        "1.4": activity(t1, 4, "Discuss and potentially finalize Technical Specifications", "WGEC",
                        "September/October 2018", month(2018, 9), month(2018, 10), [p["WGEC"]]),
        "2.1": activity(t2, 1, "Refine and further develop Flow Chart", "Co-Leads (CBSA and IFCBA)",
                        "May 2018", month(2018, 5), month(2018, 5), [p["CBSA"], p["IFCBA"]]),
        "2.6": activity(t2, 6, "Continue consultations and further work", "Co-Chairs and Sub-Group Co-Leads",
                        "", None, None, [p["Co-Leads"]]),
        "2.8": activity(t2, 8, "Finalize Flow Chart and Data Elements", "WGEC",
                        "March/April 2019", month(2019, 3), month(2019, 4), [p["WGEC"]]),
        "4.3": activity(t4, 3, "Continue consultations", "Co-Leads and Secretariat",
                        "October 2018 to March 2019", month(2018, 10), month(2019, 3),
                        [p["Co-Leads"], p["Secretariat"]]),
        "5.1": activity(t5, 1, "Invite Members and stakeholders to share their working examples, initiatives/pilots",
                        "Members and stakeholders", "December 2018", month(2018, 12), month(2018, 12), [p["CBSA"]]),
    }
    # Annex II: group 1 (Definitions and Technical Specifications), coordinators US and EU;
    # group 2 (Flow Charts and Data Elements), coordinators Canada and China.
    ig1 = IntersessionalGroupFactory(working_group=wgec, number=1, item_of_work="Definitions and Technical Specifications")
    ig1.topics.set([t1])
    ig2 = IntersessionalGroupFactory(working_group=wgec, number=2, item_of_work="Flow Charts and Data Elements")
    ig2.topics.set([t2])
    for ig, party in [(ig1, "US"), (ig1, "EU"), (ig2, "Canada"), (ig2, "China")]:
        ParticipationFactory(group=ig, party=p[party], role=Participation.Role.COORDINATOR)
    ParticipationFactory(group=ig1, party=p["CBSA"], role=Participation.Role.VOLUNTEER)

    u = {
        "secretariat": user_with("secretariat", p["Secretariat"]),
        "cbsa": user_with("cbsa", p["CBSA"]),
        "us": user_with("us", p["US"]),
        "china": user_with("china", p["China"]),
        "optout": user_with("optout", p["CBSA"], opt_out=True),
        "nobody": user_with("nobody"),
    }
    MembershipFactory(user=u["secretariat"], group=wgec, role=Membership.Role.SECRETARIAT)
    return {"group": wgec, "parties": p, "activities": a, "users": u}


def run(now):
    """One scan then one send at ``now``, as the Celery task does."""
    with time_machine.travel(now, tick=False):
        created = reminders_create_due()
        result = reminders_send_due()
    return created, result


def due_map(rows):
    """{(username, activity description prefix): kind} of rows."""
    return {(r.recipient.username, r.activity.description[:25]): r.kind for r in rows}


# --- what is due, when, for whom -------------------------------------------------

def test_stages_of_an_october_deadline_fall_at_eight_local():
    deadline = bxl(2018, 11, 1)
    at = dt.time(8, 0)

    def stage(now):
        return reminder_stage(deadline=deadline, lead_days=[30, 7], now=now, tz=BRUSSELS, at=at)

    assert stage(bxl(2018, 10, 2, 7, 59)) is None
    assert stage(bxl(2018, 10, 2, 8, 0)) == ("before-30", bxl(2018, 10, 2, 8))
    assert stage(bxl(2018, 10, 25, 8, 0)) == ("before-7", bxl(2018, 10, 25, 8))
    assert stage(bxl(2018, 10, 31, 23, 59)) == ("before-7", bxl(2018, 10, 25, 8))
    assert stage(bxl(2018, 11, 1, 7, 0)) is None  # past the deadline, before the send time
    assert stage(bxl(2018, 11, 1, 8, 0)) == ("overdue-0", bxl(2018, 11, 1, 8))
    assert stage(bxl(2018, 11, 15, 7, 59)) == ("overdue-0", bxl(2018, 11, 1, 8))
    assert stage(bxl(2018, 11, 15, 8, 0)) == ("overdue-14", bxl(2018, 11, 15, 8))
    # Every instant is aware and exact in UTC: 08:00 CEST then 08:00 CET.
    assert stage(bxl(2018, 10, 25, 9))[1] == utc(2018, 10, 25, 6)
    assert stage(bxl(2018, 11, 1, 9))[1] == utc(2018, 11, 1, 7)


def test_who_gets_what_on_25_october_2018(plan):
    u = plan["users"]
    created, result = run(bxl(2018, 10, 25, 9, 0))
    rows = Reminder.objects.select_related("recipient", "activity")
    assert due_map(rows) == {
        # 1.4 ends October 2018: 7 days to go, to the coordinators of intersessional group 1.
        ("us", "Discuss and potentially f"): "before-7",
        # 2.1 ended May 2018: overdue since 1 June, 140 days = 10 x 14.
        ("cbsa", "Refine and further develo"): "overdue-140",
        ("china", "Refine and further develo"): "overdue-140",
    }
    assert result.messages == 3
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {u["us"].email, u["cbsa"].email, u["china"].email}
    assert u["optout"].email not in by_to and u["nobody"].email not in by_to
    assert "Deadline in 7 days" in by_to[u["us"].email].body
    assert "31 October 2018" in by_to[u["us"].email].body


def test_activity_added_late_gets_only_the_latest_stage(plan):
    """Created 5 days before its deadline: the 7-day reminder, not a late 30-day one too."""
    run(bxl(2018, 10, 26, 9))
    kinds = set(Reminder.objects.filter(activity=plan["activities"]["1.4"]).values_list("kind", flat=True))
    assert kinds == {"before-7"}


def test_thirty_days_before_december_deadline(plan):
    run(bxl(2018, 12, 2, 8, 0))
    rows = Reminder.objects.filter(activity=plan["activities"]["5.1"])
    assert {(r.recipient.username, r.kind) for r in rows} == {("cbsa", "before-30")}
    assert rows[0].due_at == utc(2018, 12, 2, 7)  # 08:00 CET
    assert rows[0].deadline == utc(2018, 12, 31, 23)  # 2019-01-01 00:00 CET


def test_unscheduled_closed_and_postponed_activities_get_none(plan):
    a = plan["activities"]
    a["2.1"].status = Activity.Status.COMPLETED
    a["2.1"].save()
    a["1.4"].status = Activity.Status.POSTPONED
    a["1.4"].save()
    run(bxl(2018, 10, 25, 9))
    assert not Reminder.objects.exists()
    assert mail.outbox == []
    # Cancelled too, at any later date; 2.6 is unscheduled and never has one.
    a["5.1"].status = Activity.Status.CANCELLED
    a["5.1"].save()
    run(bxl(2018, 12, 28, 9))
    assert not Reminder.objects.filter(activity__in=[a["5.1"], a["2.6"]]).exists()


def test_closing_after_the_row_was_made_voids_it(plan):
    a = plan["activities"]["1.4"]
    with time_machine.travel(bxl(2018, 10, 25, 9), tick=False):
        reminders_create_due()
        a.status = Activity.Status.COMPLETED
        a.save()
        result = reminders_send_due()
    assert result.messages == 2  # 2.1 only, for cbsa and china
    row = Reminder.objects.get(activity=a)
    assert row.sent_at is None and row.void_reason == "closed"


def test_opted_out_user_gets_nothing_even_after_rows_exist(plan):
    u = plan["users"]
    with time_machine.travel(bxl(2018, 10, 25, 9), tick=False):
        reminders_create_due()
        Profile.objects.filter(user=u["cbsa"]).update(reminders_opt_out=True)
        reminders_send_due()
    assert u["cbsa"].email not in {m.to[0] for m in mail.outbox}
    assert not Reminder.objects.filter(recipient=u["optout"]).exists()
    assert Reminder.objects.get(recipient=u["cbsa"]).void_reason == "recipient"


def test_overdue_every_14_days_until_completed(plan):
    a = plan["activities"]["1.4"]
    us = plan["users"]["us"]
    sent_on = []
    day = dt.date(2018, 10, 25)
    while day < dt.date(2019, 1, 5):
        before = len(mail.outbox)
        run(local_datetime(day, dt.time(9), BRUSSELS))
        if any(m.to == [us.email] for m in mail.outbox[before:]):
            sent_on.append(day)
        day += dt.timedelta(days=1)
        if day == dt.date(2018, 12, 20):
            a.status = Activity.Status.COMPLETED
            a.save()
    assert sent_on == [dt.date(2018, 10, 25), dt.date(2018, 11, 1), dt.date(2018, 11, 15), dt.date(2018, 11, 29),
                       dt.date(2018, 12, 13)]


def test_changing_the_timeline_resets_what_is_due(plan):
    a = plan["activities"]["1.4"]
    us = plan["users"]["us"]
    run(bxl(2018, 10, 25, 9))
    assert [m.to for m in mail.outbox].count([us.email]) == 1
    # Moved to November: the new deadline is a new key, so its 7-day reminder is sent...
    a.last_month = month(2018, 11)
    a.timeline_text = "September/November 2018"
    a.save()
    run(bxl(2018, 10, 26, 9))  # nothing for 1.4 yet: 30 days before 1 December is 1 November
    assert [m.to for m in mail.outbox].count([us.email]) == 1
    run(bxl(2018, 11, 24, 9))  # 7 days before 1 December
    assert [m.to for m in mail.outbox].count([us.email]) == 2
    kinds = sorted(Reminder.objects.filter(activity=a, sent_at__isnull=False).values_list("kind", flat=True))
    assert kinds == ["before-7", "before-7"]


def test_row_for_an_old_deadline_is_never_sent(plan):
    a = plan["activities"]["1.4"]
    with time_machine.travel(bxl(2018, 10, 25, 9), tick=False):
        reminders_create_due()
        a.last_month = month(2019, 1)
        a.save()
        reminders_send_due()
    row = Reminder.objects.get(activity=a)
    assert row.sent_at is None and row.void_reason == "deadline changed"
    assert plan["users"]["us"].email not in {m.to[0] for m in mail.outbox}


# --- the digest -------------------------------------------------------------------

def test_one_digest_per_recipient_sorted_by_deadline_with_links(plan, settings, screenshot_dir):
    settings.SITE_URL = "https://wgec.example.org"
    p, u = plan["parties"], plan["users"]
    # CBSA also gets 5.1 (moved to November) and, as US member too, 1.4 (October).
    Profile.objects.get(user=u["cbsa"]).parties.add(p["US"])
    plan["group"].reminder_lead_days = [60, 30, 7]
    plan["group"].save()
    plan["activities"]["5.1"].first_month = plan["activities"]["5.1"].last_month = month(2018, 11)
    plan["activities"]["5.1"].timeline_text = "November 2018"
    plan["activities"]["5.1"].save()
    run(bxl(2018, 10, 25, 9))
    mine = [m for m in mail.outbox if m.to == [u["cbsa"].email]]
    assert len(mine) == 1
    message = mine[0]
    assert message.subject == "[WGEC] Reminder: 3 activity deadlines"
    body = message.body
    order = [body.index(text) for text in ["Refine and further develop Flow Chart",
                                           "Discuss and potentially finalize Technical Specifications",
                                           "Invite Members and stakeholders"]]
    assert order == sorted(order)
    assert f"https://wgec.example.org/activities/{plan['activities']['1.4'].pk}/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    (screenshot_dir / "reminder_digest.html").write_text(html)  # for people to look at
    (screenshot_dir / "reminder_digest.txt").write_text(body)
    assert f'href="https://wgec.example.org/activities/{plan["activities"]["2.1"].pk}/"' in html
    assert "Deadline in 37 days" in html and "Deadline in 7 days" in html and "Overdue by 147 days" in html


def test_no_mail_when_nothing_is_due(plan):
    created, result = run(bxl(2018, 4, 1, 9))
    assert created == 0 and result.messages == 0 and mail.outbox == []


def test_weekly_secretariat_overdue_summary_once_a_week(plan, screenshot_dir):
    sec = plan["users"]["secretariat"]
    plan["activities"]["4.3"].changed_at = bxl(2018, 10, 31, 23, 30)  # counts in October (R4)
    plan["activities"]["4.3"].save()
    with time_machine.travel(bxl(2018, 10, 29, 8), tick=False):
        reminders_create_overdue_summary()
        reminders_send_due()
        reminders_create_overdue_summary()  # beat firing twice
        reminders_send_due()
    mine = [m for m in mail.outbox if m.to == [sec.email]]
    assert len(mine) == 1
    assert "Weekly overdue summary" in mine[0].body
    assert "Refine and further develop Flow Chart" in mine[0].body
    assert "Discuss and potentially finalize" not in mine[0].body  # not overdue yet
    assert "WGEC: 1 activity changed in October 2018." in mine[0].body
    (screenshot_dir / "reminder_summary.html").write_text(mine[0].alternatives[0][0])
    assert Reminder.objects.filter(recipient=sec, kind="summary-2018-W44").count() == 1
    with time_machine.travel(bxl(2018, 11, 5, 8), tick=False):
        reminders_create_overdue_summary()
        reminders_send_due()
    mine = [m for m in mail.outbox if m.to == [sec.email]]
    assert len(mine) == 2 and "Discuss and potentially finalize" in mine[1].body


# --- R1: once, enforced by the database ---------------------------------------------

def test_scan_and_send_twice_sends_each_reminder_once(plan):
    """R1: however often beat or a redelivered task runs the scan, one reminder per
    (activity, recipient, kind, deadline)."""
    now = bxl(2018, 10, 25, 9)
    run(now)
    rows, messages = Reminder.objects.count(), len(mail.outbox)
    created, result = run(now)
    run(now + dt.timedelta(minutes=15))
    assert created == 0 and result.messages == 0
    assert Reminder.objects.count() == rows == 3 and len(mail.outbox) == messages == 3


def test_database_refuses_a_second_row_for_the_same_reminder(plan):
    """R1: the unique constraint, not the scheduler, prevents duplicates."""
    run(bxl(2018, 10, 25, 9))
    row = Reminder.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(activity=row.activity, recipient=row.recipient, kind=row.kind,
                                deadline=row.deadline, due_at=row.due_at)


# --- R2: aware instants -----------------------------------------------------------

def test_one_day_before_keeps_the_brussels_wall_clock():
    """R2: 24 h before 2018-10-15 09:00 Brussels is 2018-10-14T07:00Z; before
    2019-01-15 09:00 it is 2019-01-14T08:00Z, with the server in UTC."""
    assert shift_days(bxl(2018, 10, 15, 9), -1, BRUSSELS) == utc(2018, 10, 14, 7)
    assert shift_days(bxl(2019, 1, 15, 9), -1, BRUSSELS) == utc(2019, 1, 14, 8)
    with pytest.raises(ValueError):
        shift_days(dt.datetime(2019, 1, 15, 9), -1, BRUSSELS)


@pytest.mark.parametrize("last, lead_due", [
    (month(2018, 10), utc(2018, 10, 31, 8)),  # 1 day before 1 Nov 00:00 CET, at 09:00 CET
    (month(2019, 3), utc(2019, 3, 31, 7)),  # 1 day before 1 Apr 00:00 CEST, at 09:00 CEST
])
def test_reminder_due_at_exact_utc_instant_with_server_in_utc(plan, settings, last, lead_due):
    """R2: the group is in Brussels, the server in UTC; due instants are exact."""
    settings.TIME_ZONE = "UTC"
    settings.REMINDER_SEND_TIME = "09:00"
    group = plan["group"]
    group.reminder_lead_days = [1]
    group.save()
    Activity.objects.exclude(pk=plan["activities"]["1.4"].pk).update(status=Activity.Status.COMPLETED)
    Activity.objects.filter(pk=plan["activities"]["1.4"].pk).update(last_month=last)
    created, _ = run(lead_due - dt.timedelta(microseconds=1))
    assert created == 0
    created, result = run(lead_due)
    assert created == 1
    assert [(r.kind, r.due_at) for r in Reminder.objects.all()] == [("before-1", lead_due)]
    assert result.messages == 1
    with pytest.raises(ValueError):
        reminders_send_due(now=dt.datetime(2018, 10, 31, 9))


# --- R3: daylight-saving days ---------------------------------------------------------

def scan_every_15_minutes(start, end):
    """Scan and send at each quarter hour from start to end (UTC); return send instants."""
    sent_at = []
    now = start
    while now <= end:
        created, result = run(now)
        sent_at += [now] * result.messages
        now += dt.timedelta(minutes=15)
    return sent_at


def only_october_activity(plan, lead):
    group = plan["group"]
    group.reminder_lead_days = [lead]
    group.save()
    Activity.objects.exclude(pk=plan["activities"]["1.4"].pk).update(status=Activity.Status.COMPLETED)


def test_reminder_in_the_repeated_hour_is_sent_once(plan, settings):
    """R3: due at 02:30 local on 2018-10-28 (the hour that repeats): sent exactly once."""
    settings.REMINDER_SEND_TIME = "02:30"
    only_october_activity(plan, lead=4)  # 1 Nov minus 4 days = 28 Oct
    sent = scan_every_15_minutes(utc(2018, 10, 27, 22), utc(2018, 10, 28, 4))
    assert sent == [utc(2018, 10, 28, 0, 30)]  # 02:30 CEST, the first 02:30


@pytest.mark.parametrize("last, lead, day", [
    (month(2018, 10), 4, dt.date(2018, 10, 28)),  # autumn: the day has 25 hours
    (month(2019, 3), 1, dt.date(2019, 3, 31)),  # spring: the day has 23 hours
])
def test_eight_oclock_digest_runs_once_on_dst_days(plan, settings, last, lead, day):
    """R3: a daily 08:00 digest runs once, at 08:00 local, on both DST days."""
    settings.REMINDER_SEND_TIME = "08:00"
    only_october_activity(plan, lead=lead)
    Activity.objects.filter(pk=plan["activities"]["1.4"].pk).update(last_month=last)
    start = local_datetime(day, dt.time(0), BRUSSELS).astimezone(UTC)
    end = local_datetime(day + dt.timedelta(days=1), dt.time(0), BRUSSELS).astimezone(UTC)
    sent = scan_every_15_minutes(start, end)
    assert sent == [local_datetime(day, dt.time(8), BRUSSELS)]
    assert sent[0].astimezone(BRUSSELS).hour == 8


def test_reminder_in_the_spring_gap_is_sent_once(plan, settings):
    """R3: 02:30 does not exist on 2019-03-31 in Brussels; the reminder still goes once."""
    settings.REMINDER_SEND_TIME = "02:30"
    only_october_activity(plan, lead=1)
    Activity.objects.filter(pk=plan["activities"]["1.4"].pk).update(last_month=month(2019, 3))
    sent = scan_every_15_minutes(utc(2019, 3, 30, 22), utc(2019, 3, 31, 4))
    assert len(sent) == 1


def test_a_missed_day_is_caught_up_not_lost(plan):
    """R3: "due and not yet sent": no scan ran on 25 October; the 26th sends it."""
    created, result = run(bxl(2018, 10, 26, 14))
    assert created == 3 and result.messages == 3
    assert Reminder.objects.get(activity=plan["activities"]["1.4"]).kind == "before-7"


# --- R4: months in the group's zone -------------------------------------------------------

def test_month_instants_are_local_and_aware(plan):
    """R4: an update at 2018-10-31 23:30 Brussels counts in October."""
    start, end = month_instants(plan["group"], 2018, 10)
    assert start == utc(2018, 9, 30, 22) and end == utc(2018, 10, 31, 23)
    start, end = month_instants(plan["group"], 2018, 12)
    assert end == bxl(2019, 1, 1)
    with pytest.raises(ValueError):
        month_instants(plan["group"], 2018, 13)


def test_changes_this_month_counts_by_local_month(plan):
    """R4: late on the last evening of the month counts in that month, whatever UTC says."""
    group = plan["group"]
    a = plan["activities"]
    Activity.objects.update(changed_at=bxl(2018, 9, 15))
    Activity.objects.filter(pk=a["1.4"].pk).update(changed_at=bxl(2018, 10, 31, 23, 30))
    Activity.objects.filter(pk=a["2.1"].pk).update(changed_at=bxl(2018, 11, 1, 0, 30))  # Oct in UTC
    october = set(activities_changed_in_month(group=group, year=2018, month=10))
    november = set(activities_changed_in_month(group=group, year=2018, month=11))
    assert october == {a["1.4"]} and november == {a["2.1"]}
    # A group west of UTC: 23:30 on 31 October in New York is already November in UTC.
    group.time_zone = "America/New_York"
    group.save()
    Activity.objects.filter(pk=a["1.4"].pk).update(
        changed_at=dt.datetime(2018, 10, 31, 23, 30, tzinfo=ZoneInfo("America/New_York")))
    assert a["1.4"] in set(activities_changed_in_month(group=group, year=2018, month=10))


# --- SMTP failure: only the refused recipient is retried ------------------------------

def test_refused_recipient_is_retried_alone(plan, smtp):
    u = plan["users"]
    smtp.inbox.refuse_once.add(u["cbsa"].email)
    created, result = run(bxl(2018, 10, 25, 9))
    assert result.messages == 2 and result.failed_recipients == [str(u["cbsa"].pk)]
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted([u["us"].email, u["china"].email])
    assert Reminder.objects.get(recipient=u["cbsa"]).sent_at is None
    created, result = run(bxl(2018, 10, 25, 9, 15))
    assert result.messages == 1 and result.failed_recipients == []
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(
        [u["us"].email, u["china"].email, u["cbsa"].email])
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


def test_smtp_server_down_leaves_everything_for_the_next_run(plan, smtp, settings):
    """No server answering: the run stops after a few attempts, nothing is marked sent,
    and the next run with the server back delivers every digest once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = s.getsockname()[1]  # closed once the block ends
    created, result = run(bxl(2018, 10, 25, 9))
    assert result.messages == 0 and len(result.failed_recipients) == 3
    assert not Reminder.objects.filter(sent_at__isnull=False).exists()
    settings.EMAIL_PORT = smtp.port
    created, result = run(bxl(2018, 10, 25, 9, 15))
    assert result.messages == 3 and len(smtp.inbox.messages) == 3


# --- speed: queries grow with batches, not rows -------------------------------------------

def test_scan_query_count_does_not_grow_with_activities(plan, django_assert_max_num_queries):
    now = bxl(2018, 10, 25, 9)
    topic = plan["activities"]["1.4"].topic
    for i in range(40):
        ActivityFactory(topic=topic, order=100 + i).parties.set([plan["parties"]["CBSA"]])
    with django_assert_max_num_queries(10):
        created = reminders_create_due(now=now)
    assert created > 40


# --- the commands --------------------------------------------------------------------

def test_send_reminders_dry_run_writes_nothing(plan, capsys):
    with time_machine.travel(bxl(2019, 1, 1, 12), tick=False):
        call_command("send_reminders", "--as-of", "2018-10-25", "--dry-run")
    out = capsys.readouterr().out
    assert "us@example.org (1)" in out and "before-7" in out and "overdue-140" in out
    assert not Reminder.objects.exists() and mail.outbox == []


def test_send_reminders_replays_a_missed_day_once(plan, capsys):
    with time_machine.travel(bxl(2019, 1, 1, 12), tick=False):
        call_command("send_reminders", "--as-of", "2018-10-25")
        call_command("send_reminders", "--as-of", "2018-10-25")
    assert len(mail.outbox) == 3
    assert "Created 0 reminder rows; sent 0 digests" in capsys.readouterr().out


def test_send_reminders_refuses_bad_or_future_dates(plan):
    with time_machine.travel(bxl(2018, 10, 1, 12), tick=False):
        with pytest.raises(CommandError, match="not a date"):
            call_command("send_reminders", "--as-of", "25/10/2018")
        with pytest.raises(CommandError, match="future"):
            call_command("send_reminders", "--as-of", "2018-10-25")
        call_command("send_reminders", "--as-of", "2018-10-25", "--dry-run")


def test_setup_periodic_tasks_is_idempotent_and_keeps_admin_edits(db):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    call_command("setup_periodic_tasks")
    scan = PeriodicTask.objects.get(task="workplan.reminders_scan")
    assert (scan.interval.every, scan.interval.period) == (15, IntervalSchedule.MINUTES)
    summary = PeriodicTask.objects.get(task="workplan.reminders_overdue_summary")
    assert (summary.crontab.hour, summary.crontab.minute, summary.crontab.day_of_week) == ("8", "0", "1")
    # An operator slows the scan down in the admin and disables the summary.
    scan.interval, _ = IntervalSchedule.objects.get_or_create(every=30, period=IntervalSchedule.MINUTES)
    scan.save()
    PeriodicTask.objects.filter(pk=summary.pk).update(enabled=False)
    call_command("setup_periodic_tasks")
    assert PeriodicTask.objects.filter(task__startswith="workplan.reminders").count() == 2
    scan.refresh_from_db()
    summary.refresh_from_db()
    assert scan.interval.every == 30 and summary.enabled is False
