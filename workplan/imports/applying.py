"""Writing a previewed work plan into a working group, in one transaction.

``plan_apply`` is the one write path of every import (command line, web page, seed);
the rules are those of ``workplan.imports.loading``. Writes are bulk (a fixed number of
queries whatever the plan's size), and each activity written gets exactly one history
record with who and when, holding its parties, as django-simple-history would write it
for a single save (bulk writes record nothing by themselves).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from workplan.plan.models import Activity, Party, Topic, WorkingGroup
from workplan.imports.loading import ImportPreview, PlanChangedError, plan_preview
from workplan.imports.parties import KNOWN_PARTIES
from workplan.imports.rows import ParsedPlan

__all__ = ["plan_apply"]


def _parties(preview: ImportPreview) -> dict[str, Party]:
    Party.objects.bulk_create([Party(short_name=name, kind=kind,
                                     full_name=KNOWN_PARTIES.get(name, ("", ""))[1])
                               for name, kind in preview.new_parties])
    return {p.short_name.casefold(): p for p in Party.objects.all()}


def _topics(group: WorkingGroup, preview: ImportPreview) -> dict[int, Topic]:
    Topic.objects.bulk_create([Topic(group=group, number=n, title=t) for n, t in preview.topics_added])
    topics = {t.number: t for t in Topic.objects.filter(group=group)}
    for number, _old, new in preview.topics_retitled:
        topics[number].title = new
    Topic.objects.bulk_update([topics[n] for n, _o, _n in preview.topics_retitled], ["title"])
    return topics


def _history(activities: list[Activity], *, update: bool, by, reason: str, when: dt.datetime) -> None:
    """One history record per activity (type "+" or "~"), with its current party links."""
    if not activities:
        return
    records = Activity.history.bulk_history_create(activities, update=update, default_user=by,
                                                   default_change_reason=reason, default_date=when)
    record_of = {r.id: r for r in records}
    Link = Activity.parties.through
    LinkHistory = Activity.history.model._meta.get_field("historicalactivity_parties").related_model
    LinkHistory.objects.bulk_create([
        LinkHistory(history=record_of[link.activity_id], id=link.id, activity_id=link.activity_id,
                    party_id=link.party_id)
        for link in Link.objects.filter(activity__in=activities)])


def _orders(preview: ImportPreview, topics: dict[int, Topic]) -> dict[int, tuple[int, int]]:
    """activity pk -> (topic number, order) for every existing activity that must move:
    matched ones to the file's number; withdrawn ones keep theirs unless an active row
    takes it, then they go after the topic's last number."""
    final: dict[int, tuple[int, int]] = {}
    used: dict[int, set[int]] = {}
    for change in preview.changes:
        if change.row is not None:
            used.setdefault(change.row.topic_number, set()).add(change.row.activity_number)
            if change.activity is not None:
                final[change.activity.pk] = (change.row.topic_number, change.row.activity_number)
    others = [c.activity for c in preview.changes if c.row is None]
    # Activities withdrawn before this import keep their numbers too, unless taken.
    matched = {c.activity.pk for c in preview.changes if c.activity is not None}
    others += list(Activity.objects.filter(topic__in=topics.values(), withdrawn_at__isnull=False)
                   .exclude(pk__in=matched).select_related("topic"))
    for activity in sorted(others, key=lambda a: (a.topic.number, a.order)):
        taken = used.setdefault(activity.topic.number, set())
        order = activity.order
        if order in taken:
            order = max(taken) + 1
        taken.add(order)
        final[activity.pk] = (activity.topic.number, order)
    return final


@transaction.atomic
def plan_apply(*, group: WorkingGroup, parsed: ParsedPlan, by=None, expected_fingerprint: str | None = None,
               reason: str = "", now: dt.datetime | None = None) -> ImportPreview:
    """Apply ``parsed`` to ``group`` as ``plan_preview`` describes it; returns the preview.

    ``by`` (a user or None) is recorded as who changed and withdrew; ``reason`` is the
    history's change reason (default "Imported from FILE"). ``expected_fingerprint`` is
    the fingerprint of the preview the person saw: when the plan has changed since,
    ``PlanChangedError`` is raised and nothing is written. Raises ``PlanProblemsError``
    when the file has problems. All or nothing (one transaction; the group row is
    locked so two imports into one group run one after the other).
    """
    from intersessional.models import IntersessionalGroup, Participation

    WorkingGroup.objects.select_for_update().get(pk=group.pk)
    preview = plan_preview(group=group, parsed=parsed)
    if expected_fingerprint and preview.fingerprint != expected_fingerprint:
        raise PlanChangedError(_("The work plan of %(group)s changed after the preview was made; "
                                 "nothing was imported. Look at the new preview and apply again.")
                               % {"group": group.acronym})
    now = now or timezone.now()
    by = by if getattr(by, "is_authenticated", False) else None
    if not reason:
        reason = (_("Imported from %(file)s") % {"file": parsed.source_name} if parsed.source_name
                  else _("Imported"))
    parties = _parties(preview)
    topics = _topics(group, preview)

    # Existing activities that move: park, then place (the (topic, order) pair is unique).
    final = _orders(preview, topics)
    movers = list(Activity.objects.filter(pk__in=final.keys()).select_related("topic"))
    movers = [a for a in movers if (a.topic.number, a.order) != final[a.pk]]
    # Parked above every number in use (a small integer: the column's limit is 32767).
    park = max([a.order for a in movers] + [o for _t, o in final.values()], default=0) + 1
    for i, activity in enumerate(movers):
        activity.order = park + i
    Activity.objects.bulk_update(movers, ["order"], history=False)  # _history records the result
    for activity in movers:
        number, activity.order = final[activity.pk]
        activity.topic = topics[number]
    Activity.objects.bulk_update(movers, ["topic", "order"], history=False)

    Link = Activity.parties.through
    changed, created, withdrawn = [], [], []
    for change in preview.changes:
        activity, row = change.activity, change.row
        if change.kind == "added":
            activity = Activity(topic=topics[row.topic_number], order=row.activity_number,
                                status=Activity.Status.NOT_STARTED, changed_by=by, changed_at=now)
            created.append((activity, row))
        elif change.kind in ("changed", "restored"):
            changed.append((activity, row))
        elif change.kind == "withdrawn":
            activity.withdrawn_at, activity.withdrawn_by = now, by
            withdrawn.append(activity)
        else:
            continue
        if activity.pk in final:  # where the parking above put it
            number, activity.order = final[activity.pk]
            activity.topic = topics[number]
        if row is not None:
            activity.description, activity.responsible = row.description, row.responsible
            activity.remarks = row.remarks
            activity.set_timeline(row.timeline)
        if change.kind == "restored":
            activity.withdrawn_at = activity.withdrawn_by = None
    for activity in [a for a, _r in changed] + withdrawn:
        activity.version += 1
        activity.changed_by, activity.changed_at = by, now
    Activity.objects.bulk_update(history=False, objs=[a for a, _r in changed] + withdrawn, fields=[
        "topic", "order", "description", "responsible", "remarks", "timeline_text", "first_month",
        "last_month", "tentative", "version", "changed_by", "changed_at", "withdrawn_at", "withdrawn_by"])
    new = Activity.objects.bulk_create([a for a, _r in created], history=False)  # _history writes them
    Link.objects.filter(activity__in=[a for a, _r in changed]).delete()
    Link.objects.bulk_create([Link(activity=a, party=parties[n.casefold()])
                              for a, row in changed + list(zip(new, [r for _a, r in created]))
                              for n in dict.fromkeys(row.parties)])
    _history(new, update=False, by=by, reason=reason, when=now)
    _history([a for a, _r in changed] + withdrawn, update=True, by=by, reason=reason, when=now)

    current = {g.number: g for g in IntersessionalGroup.objects.filter(working_group=group)}
    for row in preview.groups_added + preview.groups_changed:
        ig = current.get(row.number) or IntersessionalGroup(working_group=group, number=row.number)
        ig.item_of_work, ig.volunteers_text = row.item_of_work, row.volunteers_text
        ig._history_user, ig._change_reason = by, reason
        ig.save()
        for old in Participation.objects.filter(group=ig):  # one by one: each removal is a history row
            old._history_user, old._change_reason = by, reason
            old.delete()
        bulk_create_with_history(
            [Participation(group=ig, party=parties[n.casefold()], role=Participation.Role.COORDINATOR,
                           position=i) for i, n in enumerate(row.coordinators, start=1)]
            + [Participation(group=ig, party=parties[n.casefold()], role=Participation.Role.VOLUNTEER,
                             position=i) for i, n in enumerate(row.volunteers, start=1)],
            Participation, default_user=by, default_change_reason=reason, default_date=now)
    preview.applied = True
    return preview
