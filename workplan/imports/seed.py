"""Loading the seed: the WGEC working group, its work plan, meetings and group links.

Data lives in ``fixtures/`` (see fixtures/README.md):

- ``wgec-workplan-2018-09-21.txt``: the seed document verbatim, imported with
  ``workplan_import`` (Annex I topics and activities, Annex II intersessional groups);
- ``wgec-meetings.json``: the meetings the seed names;
- ``wgec-intersessional-topics.json``: which topics each intersessional group works on
  (the seed says it in prose, paragraph 10, not in a table).

``seed_load`` is idempotent: each part is written only when missing, so a second run
writes nothing and makes a handful of queries.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from workplan.plan.models import Meeting, Topic, WorkingGroup
from workplan.imports.services import ImportResult, workplan_import

SEED_ACRONYM = "WGEC"
SEED_NAME = "Working Group on E-Commerce"
SEED_TIME_ZONE = "Europe/Brussels"
WORKPLAN_FILE = "wgec-workplan-2018-09-21.txt"
MEETINGS_FILE = "wgec-meetings.json"
GROUP_TOPICS_FILE = "wgec-intersessional-topics.json"


def fixtures_dir() -> Path:
    return Path(settings.BASE_DIR) / "fixtures"


@dataclass
class SeedResult:
    """What ``seed_load`` did; everything zero/None/empty on a second run."""

    group_created: bool = False
    workplan: ImportResult | None = None
    meetings_created: int = 0
    groups_linked: int = 0
    framework: object = None  # framework_import.ImportSummary
    baseline: object = None  # the approved plan's Baseline, when taken by this run
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        framework_changed = bool(self.framework and (
            self.framework.rows_replaced or self.framework.principles_created
            or self.framework.standards_created or self.framework.articles_created
            or self.framework.fields_filled))
        return bool(self.group_created or self.workplan or self.meetings_created or self.groups_linked
                    or framework_changed)


def _meetings_load(group: WorkingGroup, path: Path) -> int:
    """Create the meetings of ``path`` that ``group`` lacks (same kind, title and start)."""
    data = json.loads(path.read_text(encoding="utf-8"))["meetings"]
    have = set(group.meetings.values_list("kind", "title", "start_date"))
    new = []
    for m in data:
        start, end = dt.date.fromisoformat(m["start_date"]), dt.date.fromisoformat(m["end_date"])
        if (m["kind"], m["title"], start) in have:
            continue
        new.append(Meeting(group=group, kind=m["kind"], number=m["number"], title=m["title"],
                           start_date=start, end_date=end, place=m["place"],
                           month_only=m["month_only"]))
    for meeting in new:
        meeting.full_clean()  # a kind or dates the model refuses is a fixture bug: say so
    Meeting.objects.bulk_create(new)
    return len(new)


def _group_topics_link(group: WorkingGroup, path: Path, warnings: list[str]) -> int:
    """Give each intersessional group without topics the topics ``path`` lists for it."""
    from intersessional.models import IntersessionalGroup

    links = json.loads(path.read_text(encoding="utf-8"))["intersessional_group_topics"]
    topics = {t.number: t for t in Topic.objects.filter(group=group)}
    linked = 0
    for ig in IntersessionalGroup.objects.filter(working_group=group).prefetch_related("topics"):
        entry = links.get(str(ig.number))
        if entry is None or ig.topics.all():
            continue
        missing = [n for n in entry["topics"] if n not in topics]
        if missing:
            warnings.append(_("intersessional group %(group)d: no topic %(topics)s to link")
                            % {"group": ig.number, "topics": ", ".join(map(str, missing))})
        found = [topics[n] for n in entry["topics"] if n in topics]
        if found:
            ig.topics.set(found)
            linked += 1
    return linked


def seed_load(*, directory: Path | None = None) -> SeedResult:
    """Create what is missing of the seed, in one transaction; returns what was done.

    The working group WGEC ("Working Group on E-Commerce", Europe/Brussels) is created
    if missing; the seed work plan is imported only if the group has neither topics nor
    intersessional groups (an edited plan is never touched); meetings and group-topic
    links are added only where missing. Raises ``WorkPlanImportError`` if the fixture
    does not import (a bug in the fixture, not in the database).
    """
    directory = directory or fixtures_dir()
    result = SeedResult()
    with transaction.atomic():
        group, result.group_created = WorkingGroup.objects.get_or_create(
            acronym=SEED_ACRONYM, defaults={"name": SEED_NAME, "time_zone": SEED_TIME_ZONE})
        if not group.topics.exists() and not group.intersessional_groups.exists():
            path = directory / WORKPLAN_FILE
            result.workplan = workplan_import(group=group, text=path.read_text(encoding="utf-8"),
                                              source_name=path.name)
            result.warnings += result.workplan.warnings
            # The plan just imported is the one the Council approved: the first baseline.
            from workplan.baselines.services import seed_baseline_ensure

            result.baseline = seed_baseline_ensure(group=group)
        result.meetings_created = _meetings_load(group, directory / MEETINGS_FILE)
        result.groups_linked = _group_topics_link(group, directory / GROUP_TOPICS_FILE, result.warnings)
        # Annex III of the same document: the Framework of Standards and its TFA mapping.
        from workplan.framework.loading import framework_load_seed

        result.framework = framework_load_seed(path=directory / WORKPLAN_FILE)
    return result
