"""``manage.py setup_periodic_tasks``: the django-celery-beat schedule, as code.

Creates, if missing, the deadline-reminder scan (every 15 minutes), the weekly
Secretariat overdue summary (Mondays 08:00 in settings.TIME_ZONE), the daily digest of
progress notifications (08:00 in settings.TIME_ZONE), the sweep of progress
notifications left unsent (every 15 minutes) and the report sweep (every
``settings.JOBS_SWEEP_MINUTES``, default 2: reports queued or rendering past their
bound are sent again or marked failed, orphan files deleted). Existing entries are
found by name and left as they are, so changes made in the admin (another interval,
disabled) survive every deploy that runs this command.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SCAN_NAME = "Deadline reminders: scan and send"
SUMMARY_NAME = "Deadline reminders: weekly Secretariat overdue summary"
DIGEST_NAME = "Progress notifications: daily digest"
SWEEP_NAME = "Progress notifications: send what is left unsent"
REPORTS_SWEEP_NAME = "Reports: repair stale renders and delete orphan files"


class Command(BaseCommand):
    help = "Create the periodic Celery tasks (idempotent; admin edits are kept)."

    def handle(self, *args, **options):
        every_15, _ = IntervalSchedule.objects.get_or_create(every=15, period=IntervalSchedule.MINUTES)
        _task, created = PeriodicTask.objects.get_or_create(
            name=SCAN_NAME,
            defaults={"task": "workplan.reminders_scan", "interval": every_15,
                      "description": "Creates due reminder rows and sends one digest per recipient."},
        )
        self.stdout.write(f"{'Created' if created else 'Kept'}: {SCAN_NAME}")

        monday_8, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour="8", day_of_week="1", day_of_month="*", month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        _task, created = PeriodicTask.objects.get_or_create(
            name=SUMMARY_NAME,
            defaults={"task": "workplan.reminders_overdue_summary", "crontab": monday_8,
                      "description": "Lists each group's overdue activities to its Secretariat."},
        )
        self.stdout.write(f"{'Created' if created else 'Kept'}: {SUMMARY_NAME}")

        daily_8, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        _task, created = PeriodicTask.objects.get_or_create(
            name=DIGEST_NAME,
            defaults={"task": "workplan.notifications_digest", "crontab": daily_8,
                      "description": "One e-mail per person who chose a daily digest of progress notifications."},
        )
        self.stdout.write(f"{'Created' if created else 'Kept'}: {DIGEST_NAME}")

        _task, created = PeriodicTask.objects.get_or_create(
            name=SWEEP_NAME,
            defaults={"task": "workplan.notifications_sweep", "interval": every_15,
                      "description": "Sends immediate progress notifications whose task never ran."},
        )
        self.stdout.write(f"{'Created' if created else 'Kept'}: {SWEEP_NAME}")

        every_few, _ = IntervalSchedule.objects.get_or_create(every=settings.JOBS_SWEEP_MINUTES,
                                                              period=IntervalSchedule.MINUTES)
        _task, created = PeriodicTask.objects.get_or_create(
            name=REPORTS_SWEEP_NAME,
            defaults={"task": "workplan.reports_sweep", "interval": every_few,
                      "description": "Sends lost report renders again, marks dead ones failed, "
                                     "deletes report files no row names."},
        )
        self.stdout.write(f"{'Created' if created else 'Kept'}: {REPORTS_SWEEP_NAME}")
