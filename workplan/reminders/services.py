"""Deadline reminders: which are due, for whom, and sending them once.

What is due
-----------
An activity's deadline is ``Activity.deadline()``: the end of the last day of its last
timeline month in the working group's time zone (the seed's Annex I "Timeline" cell,
read by ``workplan.plan.timeline``). Unscheduled activities, and activities completed,
cancelled or postponed, get no reminders. For an open scheduled activity:

- ``before-N``: N days before the deadline, for each N in
  ``WorkingGroup.reminder_lead_days`` (default 30 and 7);
- ``overdue-0``: the first day past the deadline, then ``overdue-14``, ``overdue-28``,
  ... every 14 days until the activity is closed or postponed;
- ``summary-YYYY-Www``: once a week, each Secretariat member of the group gets the list of
  the group's overdue activities.

Each reminder is due at ``settings.REMINDER_SEND_TIME`` (default 08:00) local time on its
day, so "7 days before the deadline of an October activity" is 2018-10-25 08:00 Brussels
(deadline 2018-11-01 00:00 Brussels minus 7 calendar days, at 08:00). Only the latest
stage due at scan time is created: an activity added five days before its deadline gets
the 7-day reminder, not a late 30-day one too.

Recipients: the active users with an e-mail address whose profile names one of the
activity's responsible parties (``Activity.parties``), and the users of the coordinator
parties (``Participation(role=coordinator)``) of every intersessional group whose topics
hold the activity. A profile with ``reminders_opt_out`` gets nothing.

Once, and how
-------------
``reminders_create_due`` (the scan) inserts one ``Reminder`` row per (activity, recipient,
kind, deadline) with one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` per working
group; the unique constraint makes a second row impossible however often beat fires or
two workers scan at once. The time-zone arithmetic stays in Python
(``reminder_stage``, once per distinct last month); SQL only joins activities to parties
to users, so queries do not grow with rows (bench/reminders.py).
A changed timeline changes the deadline, hence the key: what is due is computed afresh,
and unsent rows for the old deadline are voided by the send step, never sent.

``reminders_send_due`` then sends "due and not yet sent" rows (``due_at <= now``, not
"due within the last hour": a scan missed for a day, or the repeated hour of a DST
change, neither loses nor doubles a reminder). For each recipient it opens a
transaction, claims the recipient (a PostgreSQL advisory lock on the recipient: a second
scan skips the recipient instead of sending part of their items), locks ALL their
pending rows (``SELECT ... FOR UPDATE``), sends ONE digest, marks the rows sent and
commits. Claiming the rows alone with ``SKIP LOCKED`` split digests when two scans
locked one recipient's rows at the same moment; the scan's inserts for a group are
serialised the same way (an advisory lock on the group). An SMTP failure for one recipient rolls back only that
recipient's transaction: their rows stay unsent and the next scan (15 minutes later)
retries them, while everyone else's are marked.

Delivery guarantee: AT-LEAST-ONCE. The rows are marked in the same transaction that
holds their locks while the message is handed to the SMTP server. A worker killed after
the server accepted a message but before the commit leaves the rows unsent and unlocked,
and the next run sends that digest again. We prefer an occasional duplicate reminder in
that narrow window to a reminder silently lost. A worker killed before sending leaves
the rows for the next run (nothing claimed is ever stranded, since the claim is a lock,
not a flag: the database drops it with the killed scan's connection). The scan task is
acknowledged on receipt, so the next scan (every 15 minutes) resumes a killed one's work,
not a redelivery of its message when the broker's visibility timeout runs out. Never a
long countdown: tasks only ever scan for what is due (Redis redelivers a task
whose countdown outlives its visibility timeout, and it would be sent twice).
"""

from workplan.reminders.scan import (  # noqa: F401
    BATCH_SIZE,
    DueReminder,
    reminders_create_due,
    reminders_create_overdue_summary,
    reminders_pending,
    reminders_preview_due,
    reminders_preview_overdue_summary,
)
from workplan.reminders.schedule import (  # noqa: F401
    NO_REMINDER_STATUSES,
    OVERDUE_EVERY_DAYS,
    reminder_stage,
    send_time,
)
from workplan.reminders.send import (  # noqa: F401
    MAX_SERVER_FAILURES,
    DigestItem,
    SendResult,
    activities_changed_in_month,
    reminders_send_due,
)

__all__ = [
    "NO_REMINDER_STATUSES",
    "OVERDUE_EVERY_DAYS",
    "DigestItem",
    "DueReminder",
    "SendResult",
    "activities_changed_in_month",
    "reminder_stage",
    "reminders_create_due",
    "reminders_create_overdue_summary",
    "reminders_pending",
    "reminders_preview_due",
    "reminders_preview_overdue_summary",
    "reminders_send_due",
    "send_time",
]
