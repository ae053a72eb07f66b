"""Sending progress notifications (rows written by ``workplan.progress.notify``) by e-mail.

Immediate rows are sent one message each by ``notifications_send`` (the Celery task
enqueued after the update's transaction commits); digest rows by
``notifications_send_digests``, one message per recipient, from the daily periodic task.
``notifications_sweep`` sends immediate rows whose task never ran (broker down, worker
lost) or ran out of retries.

Once: each row is locked (``SELECT ... FOR UPDATE SKIP LOCKED``) in its own transaction
while its message is handed to the SMTP server, then marked sent in that transaction; a
second worker or a retried task skips locked rows and finds sent ones gone from "unsent".
An SMTP failure (a refused recipient, a 4xx answer, a server down) rolls back that row
only: it stays unsent and the task retries it.

Delivery guarantee: AT-LEAST-ONCE, as for deadline reminders: a worker killed after the
server accepted a message but before the commit sends it again on the retry. Every mail
has a plain-text and an HTML body with absolute links (``settings.SITE_URL``), written in
``settings.LANGUAGE_CODE``.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workplan.plan.models import Profile
from workplan.progress.models import Notification, author_party_for
from workplan.plan.visibility import person_name

logger = logging.getLogger(__name__)

# An immediate row still unsent this long after it was made is the sweep's to send.
SWEEP_AFTER = dt.timedelta(minutes=5)


@dataclass
class MailResult:
    """What one send step did: messages sent, rows marked sent or void, and the ids of
    rows whose mail failed (still unsent, to retry)."""

    messages: int = 0
    sent_rows: int = 0
    void_rows: int = 0
    failed: list[int] = field(default_factory=list)


def _rows():
    return (Notification.objects.unsent()
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "recipient__profile", "update__activity__topic__group",
                            "update__submitted_by", "update__reviewed_by"))


def _void(row: Notification) -> bool:
    """True when the row must not be sent any more: the recipient left, lost their
    address or chose "never" since it was made."""
    recipient = row.recipient
    profile = getattr(recipient, "profile", None)
    return (not recipient.is_active or not recipient.email
            or (profile is not None and profile.notification_delivery == Profile.Delivery.NONE))


def _item(row: Notification) -> dict:
    """What a mail says about one notification (a dict for the templates)."""
    update = row.update
    activity = update.activity
    site = settings.SITE_URL
    if row.event == Notification.Event.SUBMITTED:
        url = f"{site}{reverse('workplan:reviews')}#update-{update.pk}"
    elif row.event == Notification.Event.RETURNED:
        url = f"{site}{reverse('workplan:my-items')}#activity-{activity.pk}"
    else:
        url = site + activity.get_absolute_url()
    party = author_party_for(update.submitted_by, activity) if update.submitted_by else None
    reporter = person_name(update.submitted_by)
    if party is not None:
        reporter = _("%(person)s (%(party)s)") % {"person": reporter, "party": party.short_name}
    status, note, edited = update.get_status_display(), update.note, False
    if row.event == Notification.Event.ACCEPTED:
        # What the activity now shows: the Secretariat may have corrected the proposal.
        entry = update.entries.order_by("-created_at", "-pk").first()
        if entry is not None:
            status, note, edited = entry.get_status_display(), entry.note, entry.edited
    headline = {
        Notification.Event.SUBMITTED: _("%(reporter)s reported progress on %(number)s for review."),
        Notification.Event.ACCEPTED: (_("%(reviewer)s accepted your progress update on %(number)s with edits.")
                                      if edited else
                                      _("%(reviewer)s accepted your progress update on %(number)s.")),
        Notification.Event.RETURNED: _("%(reviewer)s returned your progress update on %(number)s."),
    }[row.event] % {"reporter": reporter, "reviewer": person_name(update.reviewed_by),
                    "number": activity.number}
    return {"row": row, "event": row.event, "update": update, "activity": activity,
            "group": activity.topic.group, "headline": headline, "url": url,
            "status": status, "note": note, "comment": update.review_comment}


def _subject(item: dict) -> str:
    values = {"group": item["group"].acronym, "number": item["activity"].number,
              "title": item["activity"].description[:60]}
    return {
        Notification.Event.SUBMITTED: _("[%(group)s] Progress update to review: %(number)s %(title)s"),
        Notification.Event.ACCEPTED: _("[%(group)s] Your progress update on %(number)s was accepted"),
        Notification.Event.RETURNED: _("[%(group)s] Your progress update on %(number)s was returned"),
    }[item["event"]] % values


def _message(recipient, items: list[dict], *, digest: bool, connection) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context_items = [_item(row) for row in items]
        if digest:
            groups = ", ".join(sorted({i["group"].acronym for i in context_items}))
            subject = "[%s] %s" % (groups, ngettext("Progress updates: %(count)d notification",
                                                   "Progress updates: %(count)d notifications",
                                                   len(context_items)) % {"count": len(context_items)})
        else:
            subject = _subject(context_items[0])
        settings_url = settings.SITE_URL + reverse("workplan:profile-settings")
        context = {"recipient_name": person_name(recipient), "items": context_items, "digest": digest,
                   "site_url": settings.SITE_URL, "settings_url": settings_url, "subject": subject}
        text = render_to_string("workplan/progress/email/notification.txt", context)
        html = render_to_string("workplan/progress/email/notification.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def _connection():
    # A bounded timeout: a hung SMTP server must not hold the rows' locks for ever.
    return get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or 60)


def _send_locked(rows: list[Notification], *, digest: bool, connection, result: MailResult) -> None:
    """Inside the caller's transaction: void what must not go, send the rest as one
    message (to the rows' one recipient), mark them sent."""
    now = timezone.now()
    void = [r.pk for r in rows if _void(r)]
    if void:
        Notification.objects.filter(pk__in=void).update(void_at=now)
        result.void_rows += len(void)
    rows = [r for r in rows if r.pk not in void]
    if not rows:
        return
    _message(rows[0].recipient, rows, digest=digest, connection=connection).send()
    Notification.objects.filter(pk__in=[r.pk for r in rows]).update(sent_at=timezone.now())
    result.messages += 1
    result.sent_rows += len(rows)


def _failed(ids: list[int], exc: Exception, result: MailResult, connection) -> None:
    logger.warning("Notification mail %s failed, will retry: %s", ids, exc)
    Notification.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1)
    result.failed.extend(ids)
    connection.close()  # a broken session must not poison the next message


def notifications_send(*, ids: list[int]) -> MailResult:
    """Send the immediate notifications ``ids`` (one message each) that are still unsent
    and not locked by another sender. SMTP errors are caught per row and reported in
    ``result.failed``, never raised."""
    result = MailResult()
    connection = _connection()
    try:
        for pk in sorted(set(ids)):
            try:
                with transaction.atomic():
                    rows = list(_rows().filter(pk=pk, digest=False))
                    if rows:
                        _send_locked(rows, digest=False, connection=connection, result=result)
            except (smtplib.SMTPException, OSError) as exc:
                _failed([pk], exc, result, connection)
    finally:
        connection.close()
    return result


def notifications_send_digests(*, now: dt.datetime | None = None) -> MailResult:
    """Send one digest per recipient holding unsent digest rows made before ``now``
    (aware; default now), each recipient in its own transaction."""
    now = now or timezone.now()
    result = MailResult()
    recipients = list(Notification.objects.unsent().filter(digest=True, created_at__lte=now).order_by()
                      .values_list("recipient_id", flat=True).distinct())
    connection = _connection()
    try:
        for recipient_id in sorted(recipients):
            try:
                with transaction.atomic():
                    rows = list(_rows().filter(recipient_id=recipient_id, digest=True, created_at__lte=now)
                                .order_by("created_at", "id"))
                    if rows:
                        _send_locked(rows, digest=True, connection=connection, result=result)
            except (smtplib.SMTPException, OSError) as exc:
                ids = list(Notification.objects.unsent().filter(recipient_id=recipient_id, digest=True)
                           .values_list("id", flat=True))
                _failed(ids, exc, result, connection)
    finally:
        connection.close()
    return result


def notifications_sweep(*, now: dt.datetime | None = None) -> MailResult:
    """Send immediate rows still unsent ``SWEEP_AFTER`` after they were made."""
    now = now or timezone.now()
    ids = list(Notification.objects.unsent().filter(digest=False, created_at__lte=now - SWEEP_AFTER)
               .values_list("id", flat=True))
    return notifications_send(ids=ids) if ids else MailResult()
