"""One diff of activity versions (issue 11): the activity page, /changes/ and the PDF
report read the same change from the history, and the report names people as the
pages do (never by an e-mail address used as a username)."""

import datetime as dt

import pytest

from tests.support.factories import ActivityFactory, MembershipFactory, UserFactory, WorkingGroupFactory
from workplan.models import Membership
from workplan.plan.history import activity_history, changes_between, status_and_note_changes
from workplan.plan.services import activity_update_status

pytestmark = pytest.mark.django_db


def test_the_three_readings_of_one_change_agree():
    group = WorkingGroupFactory()
    activity = ActivityFactory(topic__group=group, description="Refine and further develop Flow Chart")
    anne = UserFactory(username="anne.dupont@example.org", email="anne.dupont@example.org")
    MembershipFactory(user=anne, group=group, role=Membership.Role.SECRETARIAT)
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    activity_update_status(activity=activity, status="in_progress", note="Draft circulated", by=anne,
                           expected_version=activity.version)

    [changed, _created] = activity_history(activity=activity, user=anne)
    on_page = {c.field: (c.old, c.new) for c in changed.changes}
    assert on_page == {"status": ("Not started", "In progress"), "progress_note": ("", "Draft circulated")}

    today = group.today()
    _page, changes = changes_between(group=group, start=today, end=today, user=anne)
    on_changes = {c.field: (c.old, c.new) for c in changes[0].fields}
    assert on_changes == on_page and changes[0].who == "anne.dupont"

    [in_report] = status_and_note_changes(activities={activity.pk: activity}, since=before,
                                          until=dt.datetime.now(dt.timezone.utc), tz=group.tzinfo)
    assert (in_report.old_status, in_report.new_status, in_report.note) == ("Not started", "In progress",
                                                                              "Draft circulated")
    assert in_report.by == changes[0].who  # not the address
