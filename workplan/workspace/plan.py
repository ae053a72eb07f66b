"""The plan's topics and activities: add, edit, reorder, withdraw and reinstate.

Texts are kept as written (the seed's Annex I cells); the timeline text is parsed with
``workplan.timeline.parse_timeline`` here, whatever page or command calls, so that the
months the charts, lists and reminders use always match the text. Status and progress
note stay with ``workplan.services.activity_update_status``. A withdrawn activity is kept
(with its history) and can be reinstated; nothing here deletes a topic or an activity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Activity, Party, Topic, WorkingGroup
from workplan.plan.timeline import parse_timeline

from .common import WorkspaceError, lock_at_version, require_secretariat, save_with_history

ACTIVITY_TEXT_FIELDS = ("description", "responsible", "timeline_text", "remarks", "internal_note")
UP, DOWN = "up", "down"


def _history_user(obj, by, now: dt.datetime) -> None:
    obj._history_user = by
    obj._history_date = now


# --- topics ---------------------------------------------------------------------------

def topic_create(*, group: WorkingGroup, title: str, by) -> Topic:
    """Add a topic at the end of ``group``'s plan (number: the highest + 1). Raises
    ``PermissionDenied`` (not Secretariat of the group) or ``WorkspaceError`` (no title)."""
    require_secretariat(by, group)
    if not title.strip():
        raise WorkspaceError(_("A topic needs a title."))
    with transaction.atomic():
        # The group row serialises numbering: two topics added at once get two numbers.
        WorkingGroup.objects.select_for_update().get(pk=group.pk)
        last = Topic.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0
        topic = Topic(group=group, number=last + 1, title=title.strip())
        _history_user(topic, by, timezone.now())
        topic.save()
    return topic


def topic_update(*, topic: Topic, title: str, expected_version: int | None, by) -> Topic:
    """Change a topic's title; ``VersionConflict`` when the topic moved on since
    ``expected_version``. A save that changes nothing writes nothing."""
    require_secretariat(by, topic.group)
    if not title.strip():
        raise WorkspaceError(_("A topic needs a title."))
    with transaction.atomic():
        current = lock_at_version(Topic, topic.pk, expected_version, related=("group",))
        if current.title != title.strip():
            current.title = title.strip()
            save_with_history(current, by=by, fields=["title"])
    return current


def _swap(model, a, b, field: str, scope: dict, by, now: dt.datetime, extra: tuple = ()) -> None:
    """Swap ``field`` of rows ``a`` and ``b`` under a unique constraint over ``scope``:
    ``a`` goes through a free value first (unrecorded), then each gets one history record."""
    free = (model.objects.filter(**scope).aggregate(n=Max(field))["n"] or 0) + 1
    va, vb = getattr(a, field), getattr(b, field)
    setattr(a, field, free)
    a.skip_history_when_saving = True
    a.save(update_fields=[field])
    del a.skip_history_when_saving
    setattr(b, field, va)
    save_with_history(b, by=by, fields=[field, *extra], now=now)
    setattr(a, field, vb)
    save_with_history(a, by=by, fields=[field, *extra], now=now)


def topic_move(*, topic: Topic, direction: str, expected_version: int | None, by) -> Topic:
    """Swap a topic's number with its neighbour's (``direction`` "up": the previous
    number, "down": the next). ``WorkspaceError`` at either end. Both topics get a new
    version and a history record."""
    require_secretariat(by, topic.group)
    if direction not in (UP, DOWN):
        raise WorkspaceError(_("Move up or down."))
    with transaction.atomic():
        WorkingGroup.objects.select_for_update().get(pk=topic.group_id)
        current = lock_at_version(Topic, topic.pk, expected_version, related=("group",))
        siblings = Topic.objects.select_for_update().filter(group_id=current.group_id)
        neighbour = (siblings.filter(number__lt=current.number).order_by("-number") if direction == UP
                     else siblings.filter(number__gt=current.number).order_by("number")).first()
        if neighbour is None:
            raise WorkspaceError(_("This topic is already at that end of the plan."))
        _swap(Topic, current, neighbour, "number", {"group_id": current.group_id}, by, timezone.now())
    return current


def topic_withdraw(*, topic: Topic, expected_version: int | None, by, reason: str = "",
                   now: dt.datetime | None = None) -> int:
    """Withdraw every activity of ``topic`` still in the plan (each one as
    ``activity_withdraw``, with its own history record); the topic then shows as
    withdrawn. Version check on the topic. Returns how many activities were withdrawn;
    ``WorkspaceError`` when none was left to withdraw."""
    require_secretariat(by, topic.group)
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_at_version(Topic, topic.pk, expected_version, related=("group",))
        rows = list(Activity.objects.select_for_update(of=("self",)).filter(topic=current, withdrawn_at__isnull=True))
        if not rows:
            raise WorkspaceError(_("Every activity of this topic is withdrawn already."))
        for row in rows:
            row.withdrawn_at = row.changed_at = now
            row.withdrawn_by = row.changed_by = by
            save_with_history(row, by=by, now=now, reason=reason.strip()[:100],
                              fields=["withdrawn_at", "withdrawn_by", "changed_by", "changed_at"])
        save_with_history(current, by=by, now=now, fields=[], reason=reason.strip()[:100])
    return len(rows)


def topic_reinstate(*, topic: Topic, expected_version: int | None, by, now: dt.datetime | None = None) -> int:
    """Reinstate the activities withdrawn with the topic (all its withdrawn ones).
    Returns how many; ``WorkspaceError`` when none was withdrawn."""
    require_secretariat(by, topic.group)
    now = now or timezone.now()
    with transaction.atomic():
        current = lock_at_version(Topic, topic.pk, expected_version, related=("group",))
        rows = list(Activity.objects.select_for_update(of=("self",)).filter(topic=current, withdrawn_at__isnull=False))
        if not rows:
            raise WorkspaceError(_("No activity of this topic is withdrawn."))
        for row in rows:
            row.withdrawn_at = row.withdrawn_by = None
            row.changed_at, row.changed_by = now, by
            save_with_history(row, by=by, now=now, fields=["withdrawn_at", "withdrawn_by", "changed_by", "changed_at"])
        save_with_history(current, by=by, now=now, fields=[])
    return len(rows)


# --- activities -----------------------------------------------------------------------

def _clean_texts(values: dict) -> dict:
    texts = {k: (v or "").strip() for k, v in values.items()}
    if "description" in texts and not texts["description"]:
        raise WorkspaceError(_("An activity needs a description."))
    return texts


def _set_parties(activity: Activity, parties: Iterable[Party]) -> bool:
    """Link exactly ``parties``, unrecorded (the next save records them); True if changed."""
    wanted = {p.pk for p in parties}
    if wanted == set(activity.parties.values_list("pk", flat=True)):
        return False
    activity.skip_history_when_saving = True
    try:
        activity.parties.set(list(wanted))
    finally:
        del activity.skip_history_when_saving
    return True


def activity_create(*, topic: Topic, description: str, by, responsible: str = "",
                    parties: Iterable[Party] = (), timeline_text: str = "", remarks: str = "",
                    internal_note: str = "", now: dt.datetime | None = None) -> Activity:
    """Add an activity at the end of ``topic`` (order: the highest + 1), status "not
    started". ``timeline_text`` is parsed (``TimelineError`` with the reason, nothing
    written). One "created" history record by ``by`` holding the linked ``parties``."""
    require_secretariat(by, topic.group)
    texts = _clean_texts({"description": description, "responsible": responsible,
                          "timeline_text": timeline_text, "remarks": remarks,
                          "internal_note": internal_note})
    timeline = parse_timeline(texts.pop("timeline_text"))
    now = now or timezone.now()
    with transaction.atomic():
        Topic.objects.select_for_update().get(pk=topic.pk)  # serialises the order numbers
        last = Activity.objects.filter(topic=topic).aggregate(n=Max("order"))["n"] or 0
        activity = Activity(topic=topic, order=last + 1, changed_by=by, changed_at=now, **texts)
        activity.set_timeline(timeline)
        activity.skip_history_when_saving = True
        activity.save()
        activity.parties.set(list(parties))
        del activity.skip_history_when_saving
        # One record, written after the links so that it holds them.
        Activity.history.bulk_history_create([activity], default_user=by, default_date=now)
        record = activity.history.latest()
        LinkHistory = Activity.history.model._meta.get_field("historicalactivity_parties").related_model
        Link = Activity.parties.through
        LinkHistory.objects.bulk_create([
            LinkHistory(history=record, id=link.id, activity_id=link.activity_id, party_id=link.party_id)
            for link in Link.objects.filter(activity=activity)])
    return activity


def activity_update(*, activity: Activity, expected_version: int | None, by,
                    parties: Iterable[Party] | None = None, now: dt.datetime | None = None,
                    **texts: str) -> Activity:
    """Change an activity's texts (keywords among ``description``, ``responsible``,
    ``timeline_text``, ``remarks``, ``internal_note``; others raise ``TypeError``) and,
    when given, its linked ``parties`` (exactly those).

    In one transaction: lock, version check (``VersionConflict``), timeline parsed when
    its text changed (``TimelineError``: nothing written), then ``version + 1``,
    ``changed_by``/``changed_at`` and one history record by ``by`` holding the new
    parties. A save that changes nothing writes nothing. Returns the activity as saved.
    """
    unknown = set(texts) - set(ACTIVITY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"activity_update() got unknown fields {sorted(unknown)}")
    require_secretariat(by, activity.topic.group)
    texts = _clean_texts(texts)
    with transaction.atomic():
        current = lock_at_version(Activity, activity.pk, expected_version,
                                  related=("topic", "topic__group", "changed_by"))
        changed = [name for name, value in texts.items() if getattr(current, name) != value]
        if "timeline_text" in changed:
            current.set_timeline(parse_timeline(texts.pop("timeline_text")))
            changed += ["first_month", "last_month", "tentative"]
        for name in changed:
            if name in texts:
                setattr(current, name, texts[name])
        parties_changed = parties is not None and _set_parties(current, parties)
        if not changed and not parties_changed:
            return current
        current.changed_by = by
        current.changed_at = now or timezone.now()
        save_with_history(current, by=by, fields=[*changed, "changed_by", "changed_at"],
                          now=current.changed_at)
    return current


def activity_move(*, activity: Activity, direction: str, expected_version: int | None, by) -> Activity:
    """Swap an activity's order with its neighbour's in the same topic (``direction``
    "up" or "down"); ``WorkspaceError`` at either end. Both get a version and a record."""
    require_secretariat(by, activity.topic.group)
    if direction not in (UP, DOWN):
        raise WorkspaceError(_("Move up or down."))
    now = timezone.now()
    with transaction.atomic():
        Topic.objects.select_for_update().get(pk=activity.topic_id)
        current = lock_at_version(Activity, activity.pk, expected_version, related=("topic", "topic__group"))
        siblings = Activity.objects.select_for_update(of=("self",)).filter(topic_id=current.topic_id)
        neighbour = (siblings.filter(order__lt=current.order).order_by("-order") if direction == UP
                     else siblings.filter(order__gt=current.order).order_by("order")).first()
        if neighbour is None:
            raise WorkspaceError(_("This activity is already at that end of its topic."))
        for row in (current, neighbour):
            row.changed_by, row.changed_at = by, now
        _swap(Activity, current, neighbour, "order", {"topic_id": current.topic_id}, by, now,
              extra=("changed_by", "changed_at"))
    return current


def activity_withdraw(*, activity: Activity, expected_version: int | None, by, reason: str = "",
                      now: dt.datetime | None = None) -> Activity:
    """Withdraw an activity from the plan: kept, with its history, shown as withdrawn and
    left out of counts and overdue lists; ``activity_reinstate`` undoes it.
    ``WorkspaceError`` when already withdrawn. ``reason`` goes into the history record."""
    require_secretariat(by, activity.topic.group)
    with transaction.atomic():
        current = lock_at_version(Activity, activity.pk, expected_version, related=("topic", "topic__group"))
        if current.withdrawn_at is not None:
            raise WorkspaceError(_("This activity is already withdrawn."))
        current.withdrawn_at = current.changed_at = now or timezone.now()
        current.withdrawn_by = current.changed_by = by
        save_with_history(current, by=by, now=current.changed_at, reason=reason.strip()[:100],
                          fields=["withdrawn_at", "withdrawn_by", "changed_by", "changed_at"])
    return current


def activity_reinstate(*, activity: Activity, expected_version: int | None, by,
                       now: dt.datetime | None = None) -> Activity:
    """Put a withdrawn activity back in the plan; ``WorkspaceError`` when it is not withdrawn."""
    require_secretariat(by, activity.topic.group)
    with transaction.atomic():
        current = lock_at_version(Activity, activity.pk, expected_version, related=("topic", "topic__group"))
        if current.withdrawn_at is None:
            raise WorkspaceError(_("This activity is not withdrawn."))
        current.withdrawn_at = current.withdrawn_by = None
        current.changed_at, current.changed_by = now or timezone.now(), by
        save_with_history(current, by=by, now=current.changed_at,
                          fields=["withdrawn_at", "withdrawn_by", "changed_by", "changed_at"])
    return current
