"""The coordinator rule is written twice: in the ORM (workplan.plan.rules.coordinated_activity_ids,
which pages and permissions use) and in the reminders' SQL (workplan/reminders/scan.py),
for speed. On the roles world (issue 3), both name the same people for the same
activities (issue 11)."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from tests.support.roles import world  # noqa: F401
from workplan.plan.rules import coordinated_activity_ids, forget_cached_roles
from workplan.reminders.services import reminders_preview_due


def test_reminder_recipients_are_the_coordinators_the_rules_name(world):  # noqa: F811
    # Japan volunteers for group 1 (no rights); made responsible for 2.1 it coordinates it.
    world.a2.parties.add(world.party["Japan"])
    # Every activity of the world is past its deadline then, so each has a reminder due.
    due = reminders_preview_due(now=dt.datetime(2018, 9, 15, 12, 0, tzinfo=ZoneInfo("Europe/Brussels")))
    by_sql = defaultdict(set)
    for reminder in due:
        by_sql[reminder.recipient_id].add(reminder.activity_id)
    by_rules = {}
    for user in vars(world.users).values():
        forget_cached_roles(user)
        by_rules[user.pk] = set(coordinated_activity_ids(user))
    assert {pk: ids for pk, ids in by_rules.items() if ids} == dict(by_sql)
    assert by_rules[world.users.coord1.pk] == {world.a1.pk, world.a3.pk, world.a_sec.pk}
    assert by_rules[world.users.coord4.pk] == {world.a6.pk}
    assert by_rules[world.users.delegate.pk] == {world.a2.pk}
