"""The activity page /activities/<id>/: details, history, the status form, permissions and
optimistic locking."""

import datetime as dt
import html

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from tests.support.factories import ActivityFactory, PartyFactory, TopicFactory
from tests.support.pages import *  # noqa: F401,F403
from workplan.models import Activity


@pytest.fixture
def activity(wgec):
    topic = TopicFactory(group=wgec, number=2, title="Flow Chart and Data Elements")
    activity = ActivityFactory(
        topic=topic, order=1, description="Refine and further develop Flow Chart",
        responsible="Co-Leads (CBSA and IFCBA)", timeline_text="October 2018 to March 2019",
        first_month=dt.date(2018, 10, 1), last_month=dt.date(2019, 3, 1), remarks="See annex")
    activity.parties.add(PartyFactory(short_name="CBSA"), PartyFactory(short_name="IFCBA"))
    return activity


def url(activity):
    return reverse("workplan:activity-detail", args=[activity.pk])


def post_data(activity, **changes):
    data = {"status": activity.status, "progress_note": activity.progress_note,
            "timeline_text": activity.timeline_text, "version": activity.version}
    data.update(changes)
    return data


def page_text(response):
    """The page's visible text, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def test_anonymous_is_sent_to_login(client, activity):
    response = client.get(url(activity))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_unknown_activity_is_404(sec_client, wgec):
    assert sec_client.get(reverse("workplan:activity-detail", args=[999999])).status_code == 404


def test_page_shows_every_field_parties_and_months(sec_client, activity):
    response = sec_client.get(url(activity))
    assert response.status_code == 200
    text = page_text(response)
    for expected in ["Refine and further develop Flow Chart", "Co-Leads (CBSA and IFCBA)",
                     "2. Flow Chart and Data Elements", "October 2018 to March 2019", "See annex",
                     "CBSA", "IFCBA", "Not started", "6 months",
                     "October 2018, November 2018, December 2018, January 2019, February 2019, March 2019"]:
        assert expected in text, expected


@pytest.mark.parametrize("who", ["delegate_user", "coordinator_user"])
def test_people_without_permission_see_no_form_and_cannot_post(client, activity, who, request):
    """A delegate (and a coordinator, who submits progress elsewhere) sees no status form,
    and a POST is refused with 403 and changes nothing."""
    client.force_login(request.getfixturevalue(who))
    response = client.get(url(activity))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert b'name="progress_note"' not in response.content
    response = client.post(url(activity), post_data(activity, status="completed", progress_note="x"))
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.status == "not_started" and activity.version == 1


def test_secretariat_changes_status_and_note_and_sees_it_in_the_history(sec_client, activity,
                                                                         secretariat_user):
    response = sec_client.get(url(activity))
    assert b'name="progress_note"' in response.content
    response = sec_client.post(url(activity), post_data(activity, status="in_progress",
                                                        progress_note="Draft circulated to Members"))
    assert response.status_code == 302 and response["Location"] == url(activity)
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.version) == (
        "in_progress", "Draft circulated to Members", 2)
    assert activity.changed_by == secretariat_user
    response = sec_client.get(url(activity))
    text = page_text(response)
    assert "The activity was saved." in text
    history = response.context["history"]
    assert history[0].user == secretariat_user  # newest first
    changes = {c.field: (c.old, c.new) for c in history[0].changes}
    assert changes["status"] == ("Not started", "In progress")
    assert changes["progress_note"] == ("", "Draft circulated to Members")
    assert "Sam Secretariat" in text and "Not started → In progress" in text


def test_history_is_newest_first(sec_client, activity, secretariat_user):
    for version, status in enumerate(["in_progress", "postponed", "completed"], start=1):
        activity.refresh_from_db()
        sec_client.post(url(activity), post_data(activity, status=status))
    history = sec_client.get(url(activity)).context["history"]
    news = [next(c.new for c in entry.changes if c.field == "status") for entry in history[:3]]
    assert news == ["Completed", "Postponed", "In progress"]
    assert history[-1].kind == "+"


def test_timeline_can_be_changed_and_a_bad_one_is_a_field_error(sec_client, activity):
    response = sec_client.post(url(activity), post_data(activity, timeline_text="Sometime soonish"))
    assert response.status_code == 400
    errors = response.context["form"].errors["timeline_text"]
    assert 'Cannot read the timeline "Sometime soonish"' in errors[0]
    assert response.context["form"]["timeline_text"].value() == "Sometime soonish"  # input kept
    activity.refresh_from_db()
    assert activity.timeline_text == "October 2018 to March 2019" and activity.version == 1

    response = sec_client.post(url(activity), post_data(activity, timeline_text="Q1 2019"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.first_month, activity.last_month) == (dt.date(2019, 1, 1), dt.date(2019, 3, 1))


@pytest.mark.parametrize("bad", [{"status": "finished"}, {"version": "abc"}, {"version": ""},
                                 {"status": ""}, {"version": "0"}, {"progress_note": "a\x00b"},
                                 {"timeline_text": "x" * 201}, {"timeline_text": "May\x002018"}])
def test_bad_form_input_is_a_400_with_a_message(sec_client, activity, bad):
    response = sec_client.post(url(activity), post_data(activity, **bad))
    assert response.status_code == 400
    assert response.context["form"].errors
    activity.refresh_from_db()
    assert activity.version == 1


@time_machine.travel(dt.datetime(2018, 10, 9, 12, 5, tzinfo=dt.timezone.utc))
def test_stale_form_is_refused_with_409_and_both_edits_are_kept(client, activity, secretariat_user,
                                                                 other_secretariat_user):
    """S3 stale form, second try. Two Secretariat members open the form; the first saves
    status and note; the second's save (from the older version) is refused with 409,
    saying who changed it and when. The re-shown form holds the *current* status and note
    (the first person's), with the second's input shown beside them as "your input"; the
    timeline, which only the second changed, keeps the second's input. Saving that form
    again cannot undo the first change unseen; choosing one's own value deliberately can."""
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(secretariat_user)
    second.force_login(other_secretariat_user)
    form_a = first.get(url(activity)).context["form"]
    form_b = second.get(url(activity)).context["form"]
    assert form_a.initial["version"] == form_b.initial["version"] == 1

    assert first.post(url(activity), post_data(activity, status="in_progress",
                                               progress_note="First: draft sent")).status_code == 302
    response = second.post(url(activity), post_data(activity, status="postponed",
                                                    progress_note="Second: wait for PTC",
                                                    timeline_text="March/April 2019"))
    assert response.status_code == 409
    text = page_text(response)
    assert "This activity was changed by Sam Secretariat at 9 October 2018, 14:05 since you opened it" in text
    form = response.context["form"]
    assert form["status"].value() == "in_progress"  # the other person's value, not the stale one
    assert form["progress_note"].value() == "First: draft sent"
    assert form["timeline_text"].value() == "March/April 2019"  # untouched by them: mine stands
    assert form["version"].value() == "2"
    assert form.your_input == {"status": "Postponed", "progress_note": "Second: wait for PTC"}
    assert "Your input (not saved): Postponed" in text
    assert "Your input (not saved): Second: wait for PTC" in text
    page = response.content.decode()
    assert '<option value="in_progress" selected>' in page
    assert '<option value="postponed" selected>' not in page
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.version) == ("in_progress", "First: draft sent", 2)

    # Saving the re-shown form as it is keeps the first change and adds the timeline.
    response = second.post(url(activity), {k: form[k].value() for k in form.fields})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.timeline_text, activity.version) == (
        "in_progress", "First: draft sent", "March/April 2019", 3)

    # A deliberate second save of one's own value, on the current version, goes through.
    response = second.post(url(activity), post_data(activity, status="postponed",
                                                    progress_note="Second: wait for PTC"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.version) == ("postponed", "Second: wait for PTC", 4)
    assert activity.changed_by == other_secretariat_user


def test_overdue_flag_on_the_page(sec_client, activity):
    with time_machine.travel(dt.datetime(2019, 6, 1, 12, tzinfo=dt.timezone.utc)):
        assert sec_client.get(url(activity)).context["overdue"] is True
    Activity.objects.filter(pk=activity.pk).update(status="completed")
    with time_machine.travel(dt.datetime(2019, 6, 1, 12, tzinfo=dt.timezone.utc)):
        assert sec_client.get(url(activity)).context["overdue"] is False
