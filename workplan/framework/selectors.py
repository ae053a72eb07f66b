"""Reads for the Framework of Standards pages: a fixed number of queries, whatever the
number of standards, activities or mapping rows."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from intersessional.models import IntersessionalGroup

from workplan.plan.models import Activity, WorkingGroup
from workplan.framework.models import Principle, Standard, StandardTag, TfaMappingRow
from workplan.plan.asof import latest_rows


def standards_for_framework(*, group: WorkingGroup | None) -> tuple[list[tuple[Principle, list[Standard]]], list[Standard]]:
    """Principles in order, each with its standards, and the standards under no principle.

    Every standard carries ``activities`` (tagged, of ``group`` only, with their topic),
    ``intersessional_groups`` (of ``group``) and ``mapping_rows`` (with their TFA
    articles) prefetched. Five queries.
    """
    activities = Activity.objects.none() if group is None else \
        Activity.objects.filter(topic__group=group).select_related("topic")
    groups = IntersessionalGroup.objects.none() if group is None else \
        IntersessionalGroup.objects.filter(working_group=group)
    standards = list(Standard.objects.prefetch_related(
        Prefetch("activities", queryset=activities),
        Prefetch("intersessional_groups", queryset=groups),
        Prefetch("mapping_rows", queryset=TfaMappingRow.objects.distinct().prefetch_related("articles")),
    ))
    by_principle: dict[int | None, list[Standard]] = {}
    for standard in standards:
        by_principle.setdefault(standard.principle_id, []).append(standard)
    blocks = [(p, by_principle.get(p.pk, [])) for p in Principle.objects.all()]
    return blocks, by_principle.get(None, [])


def mapping_rows() -> list[TfaMappingRow]:
    """The Annex III rows in order, each with ``cell_items``: its principle and standard
    entries merged in the order written (``kind`` "principle" or "standard"), and
    ``note_standards``: the standard entries named in its note. Four queries."""
    rows = list(TfaMappingRow.objects.prefetch_related(
        "article_entries__article", "principle_entries__principle", "standard_entries__standard"))
    for row in rows:
        items = []
        for entry in row.principle_entries.all():
            entry.kind = "principle"
            items.append(entry)
        for entry in row.standard_entries.all():
            if entry.in_note:
                continue
            entry.kind = "standard"
            items.append(entry)
        row.cell_items = sorted(items, key=lambda e: e.position)
        row.note_standards = [e for e in row.standard_entries.all() if e.in_note]
    return rows


def filter_by_standard(queryset: QuerySet, standard) -> QuerySet:
    """Activities (or intersessional groups) tagged with ``standard``: a ``Standard``,
    its primary key, or nothing (the queryset is returned unfiltered).

    For a django-filter FilterSet: ``standard = ModelChoiceFilter(queryset=Standard.objects.all(),
    method=lambda qs, name, value: filter_by_standard(qs, value), label=_("Standard"))``.
    """
    if standard in (None, ""):
        return queryset
    return queryset.filter(standards=standard)


def activity_ids_with_standard(*, standard, cut_off: dt.datetime) -> QuerySet:
    """Ids of the activities tagged with ``standard`` just before ``cut_off``."""
    return latest_rows(StandardTag.history.model.objects.filter(standard=standard), cut_off=cut_off,
                       scope=Q(standard=standard)).values("activity_id")
