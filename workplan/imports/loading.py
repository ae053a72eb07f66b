"""Comparing an uploaded work plan with a working group's plan, and applying it.

``plan_preview`` says what applying ``ParsedPlan`` to a group would do; ``plan_apply``
does it, in one transaction, after checking that the plan has not changed since the
preview was made (``ImportPreview.fingerprint``). The plan is updated in place, so
statuses, progress notes, standard tags and history stay with their activities:

- Each file row is matched to one of the group's activities: first the same topic,
  number and text; then the same text anywhere (an activity renumbered or moved to
  another topic); then the same topic and number (an activity reworded). Text is
  compared without case and runs of spaces. Matching the text before the number keeps
  statuses with their activities when a revision inserts a row above them.
- A matched activity takes the file's topic, number, text, responsible, timeline and
  remarks (a new version, a history row). An unmatched row is a new activity. An
  activity the file no longer has is withdrawn (``withdrawn_at``), never deleted; one
  withdrawn earlier that the file has again is restored.
- Topics are created or retitled; a topic the file lacks is kept. Intersessional groups
  are matched by number; one the file lacks is kept.
- Parties named in Responsible or Volunteers cells are linked; a name the tracker does
  not know becomes a new party of kind "unconfirmed" (a known WCO name takes its kind),
  listed in the preview for the Secretariat to confirm.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from workplan.plan.models import Activity, Party, Topic, WorkingGroup
from workplan.imports.parties import KNOWN_PARTIES
from workplan.imports.rows import GroupRow, ParsedPlan, PlanRow

__all__ = ["ActivityChange", "ImportPreview", "PlanChangedError", "PlanProblemsError", "known_party_names",
           "plan_preview"]


class PlanProblemsError(ValueError):
    """The file has problems; ``problems`` lists them (nothing was written)."""

    def __init__(self, parsed: ParsedPlan):
        self.problems = parsed.problem_lines()
        super().__init__("\n".join(self.problems))


class PlanChangedError(Exception):
    """The group's plan changed between the preview and the apply; nothing was written."""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _activity_fields(activity: Activity) -> dict[str, str]:
    return {"topic": str(activity.topic.number), "number": str(activity.order),
            "description": activity.description, "responsible": activity.responsible,
            "timeline": activity.timeline_text, "remarks": activity.remarks}


def _row_fields(row: PlanRow) -> dict[str, str]:
    return {"topic": str(row.topic_number), "number": str(row.activity_number),
            "description": row.description, "responsible": row.responsible,
            "timeline": row.timeline_text, "remarks": row.remarks}


def field_labels() -> dict[str, str]:
    return {"topic": _("Topic"), "number": _("No."), "description": _("Activity"),
            "responsible": _("Responsible"), "timeline": _("Timeline"), "remarks": _("Remarks")}


@dataclass
class ActivityChange:
    """One line of the preview. ``kind``: "added", "changed", "withdrawn", "restored" or
    "unchanged"; ``old``/``new`` are the compared texts (field -> text) and ``fields``
    the names of those that differ."""

    kind: str
    key: str
    row: PlanRow | None = None
    activity: Activity | None = None
    old: dict[str, str] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)

    def differences(self) -> list[tuple[str, str, str]]:
        """(label, old text, new text) for each field that changes."""
        labels = field_labels()
        return [(labels[f], self.old.get(f, ""), self.new.get(f, "")) for f in self.fields]


@dataclass
class ImportPreview:
    """What applying a file to a group does (or did). ``fingerprint`` identifies the
    group's plan as compared; ``plan_apply`` refuses when it has changed since."""

    group: WorkingGroup
    parsed: ParsedPlan
    changes: list[ActivityChange] = field(default_factory=list)
    topics_added: list[tuple[int, str]] = field(default_factory=list)
    topics_retitled: list[tuple[int, str, str]] = field(default_factory=list)
    groups_added: list[GroupRow] = field(default_factory=list)
    groups_changed: list[GroupRow] = field(default_factory=list)
    new_parties: list[tuple[str, str]] = field(default_factory=list)
    fingerprint: str = ""
    applied: bool = False

    def of_kind(self, kind: str) -> list[ActivityChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def added(self) -> list[ActivityChange]:
        return self.of_kind("added")

    @property
    def changed(self) -> list[ActivityChange]:
        """Changed and restored activities."""
        return [c for c in self.changes if c.kind in ("changed", "restored")]

    @property
    def withdrawn(self) -> list[ActivityChange]:
        return self.of_kind("withdrawn")

    @property
    def warnings(self) -> list[str]:
        unconfirmed = [_('"%(name)s" is not a party the tracker knows: it will be created as '
                         'unconfirmed, for the Secretariat to confirm') % {"name": name}
                       for name, kind in self.new_parties if kind == Party.Kind.UNCONFIRMED]
        return unconfirmed + list(self.parsed.notes)

    @property
    def has_changes(self) -> bool:
        return bool(any(c.kind != "unchanged" for c in self.changes) or self.topics_added
                    or self.topics_retitled or self.groups_added or self.groups_changed)

    def summary(self) -> str:
        return _("%(group)s: %(added)d added, %(changed)d changed, %(withdrawn)d withdrawn, "
                 "%(restored)d restored, %(unchanged)d unchanged activities; %(topics)d new topics; "
                 "%(groups_added)d new and %(groups_changed)d changed intersessional groups; "
                 "%(parties)d new parties.") % {
            "group": self.group.acronym, "added": len(self.of_kind("added")),
            "changed": len(self.of_kind("changed")), "withdrawn": len(self.of_kind("withdrawn")),
            "restored": len(self.of_kind("restored")), "unchanged": len(self.of_kind("unchanged")),
            "topics": len(self.topics_added), "groups_added": len(self.groups_added),
            "groups_changed": len(self.groups_changed), "parties": len(self.new_parties)}

    def lines(self) -> list[str]:
        """The preview as plain text lines, warnings apart (the command line prints them)."""
        out = [self.summary()]
        for n, title in self.topics_added:
            out.append(_("new topic %(n)d. %(title)s") % {"n": n, "title": title})
        for n, old, new in self.topics_retitled:
            out.append(_('topic %(n)d: "%(old)s" -> "%(new)s"') % {"n": n, "old": old, "new": new})
        for change in self.changes:
            if change.kind == "added":
                out.append(_("+ %(key)s %(text)s") % {"key": change.key, "text": change.new["description"]})
            elif change.kind == "withdrawn":
                out.append(_("- %(key)s %(text)s (withdrawn)") % {"key": change.key,
                                                                  "text": change.old["description"]})
            elif change.kind in ("changed", "restored"):
                out.append(_("~ %(key)s %(text)s") % {"key": change.key, "text": change.new["description"]})
                for label, old, new in change.differences():
                    out.append(f"    {label}: {old!r} -> {new!r}")
        return out


def known_party_names() -> set[str]:
    """Short names the readers recognise: ``KNOWN_PARTIES`` and every party in the database."""
    return set(KNOWN_PARTIES) | set(Party.objects.values_list("short_name", flat=True))


def _fingerprint(group: WorkingGroup) -> str:
    from intersessional.models import IntersessionalGroup

    digest = hashlib.sha256()
    for row in (Activity.objects.filter(topic__group=group).order_by("pk")
                .values_list("pk", "version", "withdrawn_at")):
        digest.update(repr(row).encode())
    for row in Topic.objects.filter(group=group).order_by("pk").values_list("pk", "number", "title"):
        digest.update(repr(row).encode())
    for row in (IntersessionalGroup.objects.filter(working_group=group).order_by("pk")
                .values_list("pk", "number", "item_of_work", "volunteers_text")):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _match(rows: list[PlanRow], activities: list[Activity]) -> list[tuple[PlanRow | None, Activity | None]]:
    pairs: dict[int, Activity] = {}  # row index -> activity
    taken: set[int] = set()

    def run(key_row, key_activity, candidates):
        index: dict = {}
        for a in candidates:
            if a.pk not in taken:
                index.setdefault(key_activity(a), []).append(a)
        for i, row in enumerate(rows):
            if i in pairs:
                continue
            for a in index.get(key_row(row), []):
                if a.pk not in taken:
                    pairs[i] = a
                    taken.add(a.pk)
                    break

    active = [a for a in activities if a.withdrawn_at is None]
    run(lambda r: (r.topic_number, r.activity_number, _norm(r.description)),
        lambda a: (a.topic.number, a.order, _norm(a.description)), active)
    run(lambda r: _norm(r.description), lambda a: _norm(a.description), active)
    run(lambda r: _norm(r.description), lambda a: _norm(a.description),
        [a for a in activities if a.withdrawn_at is not None])
    run(lambda r: (r.topic_number, r.activity_number), lambda a: (a.topic.number, a.order), active)
    result = [(row, pairs.get(i)) for i, row in enumerate(rows)]
    result += [(None, a) for a in active if a.pk not in taken]
    return result


def plan_preview(*, group: WorkingGroup, parsed: ParsedPlan) -> ImportPreview:
    """What applying ``parsed`` to ``group`` would change. Raises ``PlanProblemsError``
    when the file has problems. Reads only (a fixed number of queries)."""
    from intersessional.models import IntersessionalGroup

    if not parsed.ok:
        raise PlanProblemsError(parsed)
    preview = ImportPreview(group=group, parsed=parsed, fingerprint=_fingerprint(group))
    activities = list(Activity.objects.filter(topic__group=group).select_related("topic")
                      .order_by("topic__number", "order"))
    for row, activity in _match(parsed.activities, activities):
        if activity is None:
            preview.changes.append(ActivityChange("added", row.key, row=row, new=_row_fields(row)))
        elif row is None:
            preview.changes.append(ActivityChange("withdrawn", f"{activity.topic.number}.{activity.order}",
                                                  activity=activity, old=_activity_fields(activity)))
        else:
            old, new = _activity_fields(activity), _row_fields(row)
            fields = [k for k in new if old[k] != new[k]]
            kind = "restored" if activity.withdrawn_at else ("changed" if fields else "unchanged")
            preview.changes.append(ActivityChange(kind, row.key, row=row, activity=activity,
                                                  old=old, new=new, fields=fields))
    topics = dict(Topic.objects.filter(group=group).values_list("number", "title"))
    for number, title in parsed.topics().items():
        if number not in topics:
            preview.topics_added.append((number, title))
        elif topics[number] != title:
            preview.topics_retitled.append((number, topics[number], title))
    current = {g.number: g for g in IntersessionalGroup.objects.filter(working_group=group)}
    for row in parsed.groups:
        ig = current.get(row.number)
        if ig is None:
            preview.groups_added.append(row)
        elif (ig.item_of_work, ig.volunteers_text) != (row.item_of_work, row.volunteers_text):
            preview.groups_changed.append(row)
    existing = {n.casefold() for n in Party.objects.values_list("short_name", flat=True)}
    names = [n for r in parsed.activities for n in r.parties]
    names += [n for g in parsed.groups for n in g.coordinators + g.volunteers]
    for name in dict.fromkeys(names):
        if name.casefold() not in existing:
            existing.add(name.casefold())
            kind = KNOWN_PARTIES[name][0] if name in KNOWN_PARTIES else Party.Kind.UNCONFIRMED
            preview.new_parties.append((name, kind))
    return preview
