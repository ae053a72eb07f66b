"""Calendar feeds: parsed back with icalendar; private token URLs; resetting the token."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from intersessional.models import Participation
from tests.support.factories import (IntersessionalGroupFactory, MembershipFactory, PartyFactory,
                             ParticipationFactory, UserFactory)
from tests.support.seed_plan import build_seed_plan
from workplan.models import Activity, Meeting, Membership, Profile, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://wgec.example.org"


@pytest.fixture
def plan():
    return build_seed_plan()


@pytest.fixture
def coordinator(plan):
    """EU: coordinator of intersessional group 1 (topics 1 and 3); CBSA named on 2.1."""
    user = UserFactory(username="coordinator")
    MembershipFactory(user=user, group=plan)
    eu, cbsa = PartyFactory(short_name="EU"), PartyFactory(short_name="CBSA")
    profile = Profile.objects.create(user=user)
    profile.parties.set([eu, cbsa])
    ig = IntersessionalGroupFactory(working_group=plan, number=1)
    ig.topics.set(Topic.objects.filter(group=plan, number__in=[1, 3]))
    ParticipationFactory(group=ig, party=eu, role=Participation.Role.COORDINATOR)
    Activity.objects.get(topic__number=2, order=1).parties.add(cbsa)
    return user


def events(body: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def get_feed(client, name, token):
    return client.get(reverse(f"workplan:calendar-{name}-feed", args=[token]))


def test_group_feed_has_every_deadline_and_meeting(client, plan, coordinator):
    """No session: the token alone opens the feed."""
    response = get_feed(client, "group", coordinator.profile.calendar_token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0" and "WGEC" in str(cal["X-WR-CALNAME"])
    evs = events(response.content)
    deadlines = [e for uid, e in evs.items() if uid.startswith("activity-")]
    meetings = [e for uid, e in evs.items() if uid.startswith("meeting-")]
    assert len(deadlines) == 25  # 26 activities, 2.6 has no timeline
    assert len(meetings) == 4


def test_deadline_is_an_all_day_event_on_the_last_day_of_the_last_month(client, plan, coordinator):
    activity = Activity.objects.get(topic__number=4, order=3)  # October 2018 to March 2019
    evs = events(get_feed(client, "group", coordinator.profile.calendar_token).content)
    event = evs[f"activity-{activity.pk}-deadline@wgec.example.org"]
    assert event["DTSTART"].dt == dt.date(2019, 3, 31)
    assert not isinstance(event["DTSTART"].dt, dt.datetime)  # VALUE=DATE
    assert event["DTSTART"].params.get("VALUE") in (None, "DATE")
    assert b"DTSTART;VALUE=DATE:20190331" in event.to_ical()
    assert event["DTEND"].dt == dt.date(2019, 4, 1)
    assert str(event["SUMMARY"]) == "Deadline 4.3: Continue consultations"
    assert "Co-Leads and Secretariat" in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith("https://wgec.example.org/")
    # Agrees with the model's own deadline (midnight after the last day, group time zone).
    assert activity.deadline().date() == event["DTEND"].dt


def test_meetings_carry_their_dates_and_place(client, plan, coordinator):
    meeting = Meeting.objects.get(title="4th WGEC meeting")
    evs = events(get_feed(client, "group", coordinator.profile.calendar_token).content)
    event = evs[f"meeting-{meeting.pk}@wgec.example.org"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (dt.date(2018, 10, 8), dt.date(2018, 10, 13))
    assert str(event["LOCATION"]) == "Brussels"
    assert str(event["SUMMARY"]) == "4th WGEC meeting"


def test_uids_are_stable_between_requests_and_resets(client, plan, coordinator):
    first = set(events(get_feed(client, "group", coordinator.profile.calendar_token).content))
    coordinator.profile.reset_calendar_token()
    second = set(events(get_feed(client, "group", coordinator.profile.calendar_token).content))
    assert first == second and len(first) == 29


def test_user_feed_has_the_users_items_only(client, plan, coordinator):
    evs = events(get_feed(client, "user", coordinator.profile.calendar_token).content)
    deadline_ids = {int(uid.split("-")[1]) for uid in evs if uid.startswith("activity-")}
    expected = set(Activity.objects.filter(topic__number__in=[1, 3]).values_list("pk", flat=True))
    expected.add(Activity.objects.get(topic__number=2, order=1).pk)
    assert deadline_ids == expected  # topics 1 and 3 coordinated, 2.1 as responsible
    assert sum(uid.startswith("meeting-") for uid in evs) == 4


def test_user_without_parties_gets_an_empty_but_valid_feed(client, plan):
    user = UserFactory(username="delegate")
    profile = Profile.objects.create(user=user)
    response = get_feed(client, "user", profile.calendar_token)
    assert response.status_code == 200
    assert not [uid for uid in events(response.content) if uid.startswith("activity-")]


@pytest.mark.parametrize("token", ["nosuchtokenatall", "x" * 64, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_unknown_token_is_404(client, plan, coordinator, token):
    assert get_feed(client, "user", token).status_code == 404
    assert get_feed(client, "group", token).status_code == 404


def test_malformed_token_paths_are_404(client, plan):
    for path in ("/calendar/../../etc/passwd.ics", "/calendar/a%00b.ics", "/calendar/short.ics",
                 "/calendar/" + "y" * 65 + ".ics"):
        assert client.get(path).status_code == 404


def test_inactive_users_token_is_404(client, plan, coordinator):
    coordinator.is_active = False
    coordinator.save()
    assert get_feed(client, "user", coordinator.profile.calendar_token).status_code == 404


def test_calendar_page_shows_both_urls_and_reset_invalidates_the_old_ones(client, plan, coordinator):
    client.force_login(coordinator)
    old = coordinator.profile.calendar_token
    html = client.get(reverse("workplan:calendar")).content.decode()
    assert f"https://wgec.example.org/calendar/{old}.ics" in html
    assert f"https://wgec.example.org/calendar/{old}/group.ics" in html
    assert client.get(reverse("workplan:calendar-reset")).status_code == 405  # POST only
    response = client.post(reverse("workplan:calendar-reset"))
    assert response.status_code == 302
    new = Profile.objects.get(user=coordinator).calendar_token
    assert new != old
    client.logout()
    assert get_feed(client, "user", old).status_code == 404
    assert get_feed(client, "group", old).status_code == 404
    assert get_feed(client, "user", new).status_code == 200
    assert get_feed(client, "group", new).status_code == 200


def test_calendar_page_creates_a_missing_profile(client, plan):
    user = UserFactory(username="newcomer")
    client.force_login(user)
    response = client.get(reverse("workplan:calendar"))
    assert response.status_code == 200
    token = Profile.objects.get(user=user).calendar_token
    assert token in response.content.decode()


def test_calendar_page_needs_a_login(client, plan):
    response = client.get(reverse("workplan:calendar"))
    assert response.status_code == 302
    assert client.post(reverse("workplan:calendar-reset")).status_code == 302


def test_group_feed_follows_the_users_first_group(client, plan):
    from workplan.models import WorkingGroup

    other = WorkingGroup.objects.create(acronym="AAA", name="Another group")
    Meeting.objects.create(group=other, kind="wg", title="AAA meeting", start_date=dt.date(2019, 1, 1),
                           end_date=dt.date(2019, 1, 1))
    user = UserFactory(username="wgec-member")
    MembershipFactory(user=user, group=plan, role=Membership.Role.DELEGATE)
    token = Profile.objects.create(user=user).calendar_token
    body = get_feed(client, "group", token).content
    assert "AAA meeting" not in body.decode()
    assert len(events(body)) == 29


def test_user_text_survives_the_feed(client, plan, coordinator):
    activity = Activity.objects.get(topic__number=1, order=1)
    activity.description = "Côte d'Ivoire, 中国; commas, semicolons\nand a new line"
    activity.save()
    evs = events(get_feed(client, "user", coordinator.profile.calendar_token).content)
    event = evs[f"activity-{activity.pk}-deadline@wgec.example.org"]
    assert str(event["DESCRIPTION"]).startswith("Côte d'Ivoire, 中国; commas, semicolons\nand a new line")
