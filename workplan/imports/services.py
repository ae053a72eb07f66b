"""Loading a work plan into a working group: one transaction, parties matched or created,
history written for every row (what ``manage.py import_workplan`` and ``load_seed`` call)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from workplan.imports.pipe import (
    KNOWN_PARTIES,
    WorkPlan,
    WorkPlanImportError,
    parse_workplan,
)
from workplan.plan.models import Activity, Party, Topic, WorkingGroup

logger = logging.getLogger(__name__)

# --- importing a work plan ------------------------------------------------------------


@dataclass
class ImportResult:
    """What ``workplan_import`` wrote: counts, the parties it had to create (short
    names), and warnings (names not known and created as Members, Responsible text not
    read as a party, names listed twice)."""

    group: WorkingGroup
    topics: int = 0
    activities: int = 0
    intersessional_groups: int = 0
    participations: int = 0
    parties_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: bool = False

    def summary(self) -> str:
        """One line, e.g. "WGEC: 7 topics, 26 activities, 5 intersessional groups (68
        coordinators and volunteers), 35 new parties." """
        parts = [
            ngettext("%(n)d topic", "%(n)d topics", self.topics) % {"n": self.topics},
            ngettext("%(n)d activity", "%(n)d activities", self.activities) % {"n": self.activities},
            ngettext("%(n)d intersessional group", "%(n)d intersessional groups",
                     self.intersessional_groups) % {"n": self.intersessional_groups},
        ]
        return _("%(group)s: %(counts)s (%(participations)s), %(parties)s.") % {
            "group": self.group.acronym, "counts": ", ".join(parts),
            "participations": ngettext("%(n)d coordinator or volunteer",
                                       "%(n)d coordinators and volunteers",
                                       self.participations) % {"n": self.participations},
            "parties": ngettext("%(n)d new party", "%(n)d new parties",
                                len(self.parties_created)) % {"n": len(self.parties_created)}}


def _parties_for(plan: WorkPlan, result: ImportResult) -> dict[str, Party]:
    """Party rows for every name the plan uses, created when missing.

    An existing party is matched case-insensitively and left as it is (an editor may
    have corrected its kind). A new one takes its kind and full name from
    ``KNOWN_PARTIES``; a name not listed there becomes a Member, with a warning.
    """
    existing = {p.short_name.casefold(): p for p in Party.objects.all()}
    parties: dict[str, Party] = {}
    new: list[Party] = []
    for name in plan.party_names():
        party = existing.get(name.casefold())
        if party is None:
            kind, full_name = KNOWN_PARTIES.get(name, (Party.Kind.MEMBER, ""))
            party = Party(short_name=name, full_name=full_name, kind=kind)
            new.append(party)
            existing[name.casefold()] = party
            result.parties_created.append(name)
            if name not in KNOWN_PARTIES:
                result.warnings.append(
                    _('"%(name)s" is not a known party: created as a Member; correct its kind '
                      'in the admin if needed') % {"name": name})
        parties[name] = party
    Party.objects.bulk_create(new)  # PostgreSQL and SQLite return the new ids
    return parties


def _check_lengths(plan: WorkPlan, source_name: str) -> None:
    """Refuse, with the row's line, a text longer than its database column allows
    (otherwise PostgreSQL would refuse it mid-import, without a line number)."""
    from intersessional.models import IntersessionalGroup

    def limit(model, name):
        return model._meta.get_field(name).max_length

    checks = [(t.line, _("Topic"), t.title, limit(Topic, "title")) for t in plan.topics]
    checks += [(a.line, _("Timeline"), a.timeline.text, limit(Activity, "timeline_text"))
               for a in plan.activities]
    checks += [(a.line, _("Responsible"), name, limit(Party, "short_name"))
               for a in plan.activities for name in a.parties]
    checks += [(a.line, column, getattr(a, name), limit(Activity, name)) for a in plan.activities
               for column, name in ((_("Activity"), "description"), (_("Responsible"), "responsible"),
                                    (_("Remarks"), "remarks"))]
    checks += [(g.line, _("Volunteers"), g.volunteers_text, limit(IntersessionalGroup, "volunteers_text"))
               for g in plan.intersessional_groups]
    checks += [(g.line, _("Item of Work"), g.item_of_work, limit(IntersessionalGroup, "item_of_work"))
               for g in plan.intersessional_groups]
    checks += [(g.line, _("Volunteers"), name, limit(Party, "short_name"))
               for g in plan.intersessional_groups for name in g.coordinators + g.volunteers]
    for line, column, text, max_length in checks:
        if len(text) > max_length:
            raise WorkPlanImportError(
                _('"%(start)s..." in %(column)s is %(length)d characters long; at most '
                  '%(max)d are allowed') % {"start": text[:40], "column": column,
                                            "length": len(text), "max": max_length},
                line, source_name)


def _activity_history_create(activities: list[Activity], links: list, reason: str) -> None:
    """One "created" history record per activity, holding its linked parties, as
    django-simple-history would write it for an activity saved with its parties."""
    records = Activity.history.bulk_history_create(activities, default_change_reason=reason)
    record_of = {r.id: r for r in records}
    LinkHistory = Activity.history.model._meta.get_field("historicalactivity_parties").related_model
    LinkHistory.objects.bulk_create([
        LinkHistory(history=record_of[link.activity_id], id=link.id, activity_id=link.activity_id,
                    party_id=link.party_id) for link in links])


def workplan_import(*, group: WorkingGroup, text: str, source_name: str = "",
                    replace: bool = False) -> ImportResult:
    """Import a work plan in the seed's pipe-table format into ``group``, all or nothing.

    ``text`` is the whole document (format: ``workplan.imports.pipe``; source: the seed's
    Annex I and Annex II). Writes Topics, Activities (status "not started", texts as
    written, timeline parsed), the Parties they name, IntersessionalGroups and their
    Participation rows (coordinators, then volunteers, in the order written), in one
    transaction.

    A group that already has topics (or intersessional groups, when the file has
    Annex II) is refused, unless ``replace`` is true: then the group's topics with their
    activities (and, when the file has Annex II, its intersessional groups) are deleted
    and the file's put in their place, in the same transaction, so a failed replace
    leaves the old plan untouched. Replacing loses activities' status, progress notes and
    links of intersessional groups to topics; their history rows stay.

    Raises ``WorkPlanImportError`` (line number and reason, ``source_name`` as the file
    name); nothing is written then.
    """
    from intersessional.models import IntersessionalGroup, Participation

    try:
        known = set(KNOWN_PARTIES) | set(Party.objects.values_list("short_name", flat=True))
        plan = parse_workplan(text, known=known)
    except WorkPlanImportError as e:
        raise e.with_source(source_name) from None
    if not plan.topics and not plan.intersessional_groups:
        raise WorkPlanImportError(_("the work plan tables have no rows"), None, source_name)

    _check_lengths(plan, source_name)

    result = ImportResult(group=group, warnings=list(plan.warnings), replaced=replace)
    with transaction.atomic():
        # Lock the group row so that two imports into one group run one after the other.
        WorkingGroup.objects.select_for_update().get(pk=group.pk)
        old_topics = Topic.objects.filter(group=group)
        old_groups = IntersessionalGroup.objects.filter(working_group=group)
        clash = (plan.topics and old_topics.exists()) or (plan.intersessional_groups and old_groups.exists())
        if clash and not replace:
            topics, groups = old_topics.count(), old_groups.count()
            raise WorkPlanImportError(
                _("%(group)s already has a work plan (%(topics)s, %(groups)s); nothing was "
                  "imported. Use --replace to replace it.") % {
                    "group": group.acronym,
                    "topics": ngettext("%(n)d topic", "%(n)d topics", topics) % {"n": topics},
                    "groups": ngettext("%(n)d intersessional group", "%(n)d intersessional groups",
                                       groups) % {"n": groups}},
                None, source_name)
        if plan.topics:
            old_topics.delete()
        if plan.intersessional_groups:
            old_groups.delete()

        parties = _parties_for(plan, result)
        reason = _("Imported from %(file)s") % {"file": source_name} if source_name else _("Imported")
        # Bulk writes: a fixed number of queries whatever the plan's size. Each activity
        # and group gets exactly one "created" history record, with the parties linked
        # at import in the activity's record (saving, then linking, would record a
        # second "changed" entry for every row).
        topics = Topic.objects.bulk_create(
            [Topic(group=group, number=t.number, title=t.title) for t in plan.topics])
        pairs: list[tuple] = []
        for topic, topic_row in zip(topics, plan.topics):
            for row in topic_row.activities:
                activity = Activity(topic=topic, order=row.order, description=row.description,
                                    responsible=row.responsible, remarks=row.remarks,
                                    status=Activity.Status.NOT_STARTED)
                activity.set_timeline(row.timeline)
                pairs.append((row, activity))
        activities = Activity.objects.bulk_create([a for _row, a in pairs], history=False)
        Link = Activity.parties.through
        links = Link.objects.bulk_create(
            [Link(activity=a, party=parties[n]) for row, a in pairs for n in row.parties])
        _activity_history_create(activities, links, reason)
        result.topics, result.activities = len(topics), len(activities)

        igs = bulk_create_with_history(
            [IntersessionalGroup(working_group=group, number=row.number, item_of_work=row.item_of_work,
                                 volunteers_text=row.volunteers_text)
             for row in plan.intersessional_groups],
            IntersessionalGroup, default_change_reason=reason)
        participations = []
        for ig, row in zip(igs, plan.intersessional_groups):
            participations += [Participation(group=ig, party=parties[n], role=Participation.Role.COORDINATOR,
                                             position=i) for i, n in enumerate(row.coordinators, start=1)]
            participations += [Participation(group=ig, party=parties[n], role=Participation.Role.VOLUNTEER,
                                             position=i) for i, n in enumerate(row.volunteers, start=1)]
        bulk_create_with_history(participations, Participation, default_change_reason=reason)
        result.intersessional_groups, result.participations = len(igs), len(participations)
    return result
