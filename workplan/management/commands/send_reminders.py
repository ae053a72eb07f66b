"""``manage.py send_reminders [--as-of YYYY-MM-DD] [--dry-run]``: show or send what is due.

For operators, and for replaying a missed day: ``--as-of`` evaluates the schedule at the
end of that day (23:59:59 in settings.TIME_ZONE); sending runs the same scan and send
steps as the Celery task, so nothing already sent is sent again.
"""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workplan.reminders import services as reminders
from workplan.reminders.models import Reminder


class Command(BaseCommand):
    help = "Create and send the deadline reminders due now (or at the end of --as-of)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", metavar="YYYY-MM-DD",
                            help="Evaluate at the end of this day (settings.TIME_ZONE) instead of now.")
        parser.add_argument("--dry-run", action="store_true", help="Show what is due; write and send nothing.")
        parser.add_argument("--summary", action="store_true",
                            help="Also make this week's Secretariat overdue summary.")

    def handle(self, *args, as_of=None, dry_run=False, summary=False, **options):
        now = timezone.now()
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of {as_of!r} is not a date like 2018-10-25.") from None
            now = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0),
                                      tzinfo=ZoneInfo(settings.TIME_ZONE)) - dt.timedelta(microseconds=1)
            if now > timezone.now() and not dry_run:
                raise CommandError("--as-of in the future can only be shown (--dry-run), not sent early.")
        self.stdout.write(f"As of {now.isoformat()}")

        if dry_run:
            new = reminders.reminders_preview_due(now=now)
            if summary:
                new += reminders.reminders_preview_overdue_summary(now=now)
            pending = list(reminders.reminders_pending(now=now))
            self._show(pending, new)
            return

        created = reminders.reminders_create_due(now=now)
        if summary:
            created += reminders.reminders_create_overdue_summary(now=now)
        result = reminders.reminders_send_due(now=now)
        self.stdout.write(f"Created {created} reminder rows; sent {result.messages} digests "
                          f"({result.sent_rows} rows); voided {result.void_rows} rows.")
        if result.failed_recipients:
            self.stderr.write(f"Mail failed for users {', '.join(result.failed_recipients)}: "
                              "their reminders stay pending for the next run.")

    def _show(self, pending: list[Reminder], new: list) -> None:
        from django.contrib.auth import get_user_model

        from workplan.plan.models import Activity

        by_user = defaultdict(list)
        for row in pending:
            by_user[row.recipient_id].append(("pending", row))
        for row in new:
            by_user[row.recipient_id].append(("new", row))
        users = get_user_model().objects.in_bulk(list(by_user))
        activities = Activity.objects.select_related("topic__group").in_bulk(
            {row.activity_id for rows in by_user.values() for _s, row in rows})
        total = 0
        for user_id in sorted(by_user, key=lambda u: users[u].email):
            rows = sorted(by_user[user_id], key=lambda r: (r[1].deadline, r[1].activity_id))
            self.stdout.write(f"{users[user_id].email} ({len(rows)})")
            for state, row in rows:
                activity = activities[row.activity_id]
                self.stdout.write(f"  {row.kind:<18} deadline {row.deadline.astimezone(activity.topic.group.tzinfo):%Y-%m-%d %H:%M %Z}"
                                  f"  [{state}]  {activity}")
                total += 1
        self.stdout.write(f"{total} reminders due for {len(by_user)} recipients (dry run: nothing sent).")
