"""activity_update_status: optimistic locking, bookkeeping and history."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.support.factories import ActivityFactory, TopicFactory
from tests.support.pages import *  # noqa: F401,F403
from workplan.models import Activity
from workplan.plan.services import ActivityChangedError, activity_update_status
from workplan.plan.timeline import parse_timeline


@pytest.fixture
def activity(wgec):
    return ActivityFactory(topic=TopicFactory(group=wgec, number=1), description="Review text")


def test_update_sets_fields_bumps_version_and_records_history(activity, secretariat_user):
    now = dt.datetime(2018, 10, 9, 14, 30, tzinfo=dt.timezone.utc)
    saved = activity_update_status(activity=activity, status="in_progress", note="Draft sent",
                                   by=secretariat_user, expected_version=1, now=now)
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.version) == ("in_progress", "Draft sent", 2)
    assert activity.changed_by == secretariat_user and activity.changed_at == now
    assert saved.version == 2
    latest = activity.history.order_by("-history_id").first()
    assert latest.history_user == secretariat_user
    assert latest.history_date == now
    assert latest.status == "in_progress" and latest.version == 2


def test_stale_version_is_refused_and_nothing_is_written(activity, secretariat_user,
                                                         other_secretariat_user):
    activity_update_status(activity=activity, status="in_progress", note="First",
                           by=secretariat_user, expected_version=1)
    history_before = activity.history.count()
    with pytest.raises(ActivityChangedError) as refused:
        activity_update_status(activity=activity, status="postponed", note="Second",
                               by=other_secretariat_user, expected_version=1)
    assert refused.value.current.changed_by == secretariat_user
    assert refused.value.current.version == 2
    activity.refresh_from_db()
    assert (activity.status, activity.progress_note, activity.version) == ("in_progress", "First", 2)
    assert activity.history.count() == history_before


def test_timeline_is_replaced_when_given(activity, secretariat_user):
    activity_update_status(activity=activity, status="postponed", note="", by=secretariat_user,
                           expected_version=1, timeline=parse_timeline("March/April 2019"))
    activity.refresh_from_db()
    assert activity.timeline_text == "March/April 2019"
    assert (activity.first_month, activity.last_month) == (dt.date(2019, 3, 1), dt.date(2019, 4, 1))


def test_a_save_that_changes_nothing_writes_nothing(activity, secretariat_user):
    history_before = activity.history.count()
    activity_update_status(activity=activity, status=activity.status, note=activity.progress_note,
                           by=secretariat_user, expected_version=1)
    activity.refresh_from_db()
    assert activity.version == 1 and activity.history.count() == history_before


def test_unknown_status_is_refused(activity, secretariat_user):
    with pytest.raises(ValueError):
        activity_update_status(activity=activity, status="done", note="", by=secretariat_user,
                               expected_version=1)
    activity.refresh_from_db()
    assert activity.version == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_one_wins(wgec, secretariat_user,
                                                              other_secretariat_user):
    """Two saves racing from version 1 in two database connections: exactly one is saved,
    the other is refused; the row lock makes the check and the write one step."""
    activity = ActivityFactory(topic=TopicFactory(group=wgec, number=1))
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, note):
        try:
            barrier.wait()
            activity_update_status(activity=Activity.objects.get(pk=activity.pk), status="in_progress",
                                   note=note, by=user, expected_version=1)
            outcomes.append(("saved", note))
        except ActivityChangedError:
            outcomes.append(("refused", note))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(secretariat_user, "one")),
               threading.Thread(target=save, args=(other_secretariat_user, "two"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(note for kind, note in outcomes if kind == "saved")
    activity.refresh_from_db()
    assert activity.progress_note == winner and activity.version == 2
