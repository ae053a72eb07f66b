"""Changes to Framework tags: which standards an activity or intersessional group serves."""

from django.db import transaction

from intersessional.models import IntersessionalGroup

from workplan.framework.models import Standard, StandardTag
from workplan.plan.models import Activity


def _tags_apply(*, manager, shown: set[int], chosen: set[int]) -> tuple[set[int], set[int]]:
    # Apply only the difference between what the form showed and what was chosen, so
    # two Secretariat members tagging the same object at once both keep their changes.
    added, removed = chosen - shown, shown - chosen
    with transaction.atomic():
        if added:
            manager.add(*Standard.objects.filter(pk__in=added))
        if removed:
            manager.remove(*Standard.objects.filter(pk__in=removed))
    return added, removed


def activity_set_standards(*, activity: Activity, shown: set[int], chosen: set[int]) -> tuple[set[int], set[int]]:
    """Tag ``activity`` with the standards (pks) in ``chosen`` and untag those ``shown``
    on the form but not chosen; others' concurrent changes are kept. Returns (added, removed).

    Each tag added or removed is one ``StandardTag`` history row with the request's user
    (simple-history's middleware) and time, so the plan as of a past date has its tags.
    """
    added, removed = chosen - shown, shown - chosen
    with transaction.atomic():
        have = set(StandardTag.objects.filter(activity=activity, standard__in=added)
                   .values_list("standard_id", flat=True))
        for standard in Standard.objects.filter(pk__in=added - have).order_by("number"):
            StandardTag.objects.create(standard=standard, activity=activity)
        # Deleted one by one (not a queryset delete) so each removal is a history row.
        for tag in StandardTag.objects.filter(activity=activity, standard__in=removed):
            tag.delete()
    return added, removed


def intersessional_group_set_standards(*, group: IntersessionalGroup, shown: set[int],
                                       chosen: set[int]) -> tuple[set[int], set[int]]:
    """As ``activity_set_standards``, for an intersessional group."""
    return _tags_apply(manager=group.standards, shown=shown, chosen=chosen)
