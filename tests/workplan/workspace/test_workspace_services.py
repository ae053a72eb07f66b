"""Issue 12: the Secretariat's workspace services (meetings, the plan, people).

Each service checks the Secretariat's right on the object's working group, the version
the form was opened on, parses the timeline, and records who did it (case S2: one write
path; case HI1: parties in the history).
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from tests.support.factories import MeetingFactory, WorkingGroupFactory
from tests.support.roles import make_user, world  # noqa: F401
from workplan.models import Activity, Meeting, Membership, Topic
from workplan.plan.timeline import TimelineError
from workplan.workspace import meetings, people, plan
from workplan.workspace.common import VersionConflict, WorkspaceError

User = get_user_model()


def test_meeting_create_update_cancel_records_who(world):
    sec = world.users.secretariat
    m = meetings.meeting_create(group=world.group, kind="ptc", number="223rd/224th", title="PTC, 223rd/224th Sessions",
                                start_date=dt.date(2019, 3, 11), end_date=dt.date(2019, 3, 15), place="Brussels", by=sec)
    assert m.version == 1 and m.history.latest().history_user == sec
    m = meetings.meeting_update(meeting=m, expected_version=1, by=sec, place="Brussels, WCO")
    assert (m.version, m.place) == (2, "Brussels, WCO")
    with pytest.raises(VersionConflict) as stale:
        meetings.meeting_update(meeting=m, expected_version=1, by=sec, place="Geneva")
    assert stale.value.current.place == "Brussels, WCO"
    m = meetings.meeting_cancel(meeting=m, expected_version=2, by=sec)
    assert m.is_cancelled and m.cancelled_by == sec and Meeting.objects.filter(pk=m.pk).exists()
    with pytest.raises(WorkspaceError):
        meetings.meeting_cancel(meeting=m, expected_version=None, by=sec)
    m = meetings.meeting_restore(meeting=m, expected_version=3, by=sec)
    assert not m.is_cancelled
    assert [h.history_user for h in m.history.all()] == [sec] * 4


def test_meeting_refuses_bad_dates_and_other_groups(world):
    with pytest.raises(WorkspaceError):
        meetings.meeting_create(group=world.group, kind="ptc", title="PTC", start_date=dt.date(2019, 3, 15),
                                end_date=dt.date(2019, 3, 11), by=world.users.secretariat)
    for user in (world.users.coord1, world.users.delegate):
        with pytest.raises(PermissionDenied):
            meetings.meeting_update(meeting=world.meeting, expected_version=None, by=user, place="Geneva")
    other = WorkingGroupFactory(acronym="WGX", name="Another group")
    sec2 = make_user("sec2", group=other, role=Membership.Role.SECRETARIAT)
    with pytest.raises(PermissionDenied):
        meetings.meeting_cancel(meeting=world.meeting, expected_version=None, by=sec2)
    assert MeetingFactory(group=other).pk  # their own meetings are theirs
    assert not Meeting.objects.get(pk=world.meeting.pk).is_cancelled


def test_activity_update_parses_timeline_and_records_parties(world):
    """Case HI1: a change of responsible parties is in the history, with who and when."""
    sec, a = world.users.secretariat, world.a1
    a = plan.activity_update(activity=a, expected_version=a.version, by=sec, timeline_text="October 2018 to March 2019",
                             responsible="EU and US", parties=[world.party["EU"], world.party["US"]])
    assert (a.first_month, a.last_month) == (dt.date(2018, 10, 1), dt.date(2019, 3, 1))
    assert a.changed_by == sec and a.version == 2
    record = a.history.latest()
    assert record.history_user == sec and record.responsible == "EU and US"
    assert {p.party.short_name for p in record.parties.all()} == {"EU", "US"}
    assert a.history.filter(history_type="~").count() == 1  # one record for one save, parties included


def test_activity_update_refuses_stale_and_bad_timeline(world):
    """Case S2: a stale form is refused (nothing lost); unreadable timeline text is refused."""
    sec, a = world.users.secretariat, world.a1
    plan.activity_update(activity=a, expected_version=a.version, by=sec, remarks="First")
    with pytest.raises(VersionConflict):
        plan.activity_update(activity=a, expected_version=a.version, by=sec, remarks="Second")
    with pytest.raises(TimelineError):
        plan.activity_update(activity=a, expected_version=a.version + 1, by=sec, timeline_text="sometime soonish",
                             remarks="Third")
    a.refresh_from_db()
    assert (a.remarks, a.timeline_text, a.version) == ("First", "May 2018", 2)


def test_activity_update_that_changes_nothing_writes_nothing(world):
    a = world.a1
    before, records = a.version, a.history.count()
    plan.activity_update(activity=a, expected_version=before, by=world.users.secretariat,
                         description=a.description, parties=[])
    a.refresh_from_db()
    assert a.version == before and a.history.count() == records


def test_activity_create_and_move(world):
    sec, t1 = world.users.secretariat, world.topics.t1
    new = plan.activity_create(topic=t1, description="Publish the consolidated text", by=sec,
                               timeline_text="Q1 2019", parties=[world.party["Secretariat"]])
    assert new.order == 3 and new.first_month == dt.date(2019, 1, 1)
    record = new.history.get()
    assert record.history_type == "+" and record.history_user == sec
    assert [p.party.short_name for p in record.parties.all()] == ["Secretariat"]
    plan.activity_move(activity=new, direction="up", expected_version=new.version, by=sec)
    orders = dict(Activity.objects.filter(topic=t1).values_list("description", "order"))
    assert orders["Publish the consolidated text"] == 2
    assert orders["Disseminate updated draft text for comments and feedback"] == 3
    with pytest.raises(WorkspaceError):
        plan.activity_move(activity=Activity.objects.get(pk=world.a1.pk), direction="up", expected_version=None, by=sec)


def test_topic_create_update_move(world):
    sec = world.users.secretariat
    t = plan.topic_create(group=world.group, title="Capacity building", by=sec)
    assert t.number == 7
    t = plan.topic_update(topic=t, title="Capacity Building", expected_version=1, by=sec)
    plan.topic_move(topic=t, direction="up", expected_version=t.version, by=sec)
    numbers = dict(Topic.objects.filter(group=world.group).values_list("title", "number"))
    assert numbers["Capacity Building"] == 6 and numbers["Other Annexes to the Framework of Standards"] == 7
    assert Topic.objects.get(pk=t.pk).history.latest().history_user == sec
    with pytest.raises(VersionConflict):
        plan.topic_update(topic=t, title="Again", expected_version=1, by=sec)


# --- people ---------------------------------------------------------------------------

def test_user_invite_sends_a_set_password_link(world, smtp, settings):
    settings.SITE_URL = "https://tracker.example.org"
    user = people.user_invite(group=world.group, email="ana@example.org", username="ana", first_name="Ana",
                              last_name="Lima", parties=[world.party["EU"]], by=world.users.secretariat)
    assert not user.has_usable_password() and user.is_active
    assert Membership.objects.get(user=user, group=world.group).role == Membership.Role.DELEGATE
    [mail] = smtp.inbox.messages
    assert mail["To"] == "ana@example.org"
    body = mail.get_content()
    assert "https://tracker.example.org/accounts/reset/" in body and "ana" in body
    with pytest.raises(WorkspaceError):
        people.user_invite(group=world.group, email="ANA@example.org", username="ana2", by=world.users.secretariat)


def test_user_invite_refused_by_smtp_keeps_nothing(world, smtp):
    smtp.inbox.refuse_once.add("bo@example.org")
    with pytest.raises(WorkspaceError):
        people.user_invite(group=world.group, email="bo@example.org", username="bo", by=world.users.secretariat)
    assert not User.objects.filter(username="bo").exists()


def test_people_never_reach_superusers_or_other_groups(world):
    sec = world.users.secretariat
    boss = User.objects.create_superuser("root", "root@example.org", "x")
    Membership.objects.create(user=boss, group=world.group)
    other = WorkingGroupFactory(acronym="WGX", name="Another group")
    outsider = make_user("outsider", group=other)
    shared = make_user("shared", group=world.group)
    Membership.objects.create(user=shared, group=other)
    listed = set(people.people_for_group(group=world.group).values_list("username", flat=True))
    assert "root" not in listed and "outsider" not in listed and "shared" in listed
    with pytest.raises(PermissionDenied):
        people.user_set_active(user=boss, group=world.group, active=False, by=sec)
    with pytest.raises(PermissionDenied):
        people.user_update(user=outsider, group=world.group, parties=[], role="delegate", by=sec)
    with pytest.raises(WorkspaceError):
        people.user_set_active(user=shared, group=world.group, active=False, by=sec)
    with pytest.raises(WorkspaceError):
        people.user_set_active(user=sec, group=world.group, active=False, by=sec)
    boss.refresh_from_db(), shared.refresh_from_db()
    assert boss.is_active and shared.is_active


def test_user_update_and_deactivate(world):
    sec, d = world.users.secretariat, world.users.delegate
    people.user_update(user=d, group=world.group, parties=[world.party["EU"]], role="secretariat", by=sec)
    assert Membership.objects.get(user=d, group=world.group).role == "secretariat"
    assert list(d.profile.parties.values_list("short_name", flat=True)) == ["EU"]
    assert d.profile.history.latest().history_user == sec
    people.user_set_active(user=d, group=world.group, active=False, by=sec)
    d.refresh_from_db()
    assert not d.is_active
    assert Membership.objects.get(user=d, group=world.group).history.latest().history_user == sec


# --- withdrawal -----------------------------------------------------------------------

def test_withdrawn_activity_is_kept_shown_and_left_out_of_figures(world, client):
    """A withdrawn activity stays (with its history), is marked on its page and in the
    lists, leaves the dashboard's counts and overdue list, and can be reinstated."""
    from workplan.plan.selectors import dashboard_figures

    sec, a = world.users.secretariat, world.a2
    on = dt.date(2019, 1, 15)
    before = dashboard_figures(group=world.group, as_of=on)
    assert a in before.overdue
    a = plan.activity_withdraw(activity=a, expected_version=a.version, by=sec, reason="Merged into 1.1")
    assert a.withdrawn_by == sec and Activity.objects.filter(pk=a.pk).exists()
    record = a.history.latest()
    assert record.history_user == sec and record.withdrawn_at is not None
    assert record.history_change_reason == "Merged into 1.1"
    after = dashboard_figures(group=world.group, as_of=on)
    assert a not in after.overdue and after.total == before.total - 1
    assert after.overdue_count == before.overdue_count - 1
    assert not a.is_overdue(on) and a not in Activity.objects.overdue(on)
    with pytest.raises(WorkspaceError):
        plan.activity_withdraw(activity=a, expected_version=a.version, by=sec)

    client.force_login(world.users.delegate)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Withdrawn from the work plan" in page
    assert 'badge withdrawn' in client.get("/activities/").content.decode()
    assert 'badge withdrawn' in client.get("/workplan/").content.decode()

    a = plan.activity_reinstate(activity=a, expected_version=a.version, by=sec)
    assert a.withdrawn_at is None and a in dashboard_figures(group=world.group, as_of=on).overdue


def test_invitation_sent_again_only_before_a_password_is_set(world, smtp):
    sec = world.users.secretariat
    user = people.user_invite(group=world.group, email="ana@example.org", username="ana", by=sec)
    people.user_invite_resend(user=user, group=world.group, by=sec)
    assert len(smtp.inbox.messages) == 2
    with pytest.raises(WorkspaceError):
        people.user_invite_resend(user=world.users.delegate, group=world.group, by=sec)


def test_topic_withdraw_withdraws_each_activity_with_history(world):
    sec, t1 = world.users.secretariat, world.topics.t1
    assert plan.topic_withdraw(topic=t1, expected_version=1, by=sec, reason="Done elsewhere") == 2
    rows = Activity.objects.filter(topic=t1)
    assert all(a.withdrawn_by == sec for a in rows)
    assert all(a.history.latest().history_change_reason == "Done elsewhere" for a in rows)
    with pytest.raises(VersionConflict):
        plan.topic_reinstate(topic=t1, expected_version=1, by=sec)
    assert plan.topic_reinstate(topic=t1, expected_version=2, by=sec) == 2
    assert not Activity.objects.filter(topic=t1, withdrawn_at__isnull=False).exists()
