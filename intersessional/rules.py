"""Who may do what with intersessional groups (the ``rules`` library).

* Every logged-in user reads the groups, their coordinators and volunteers.
* The Secretariat of the group's working group changes them (members, linked topics).
* A coordinator of a group is a user whose parties coordinate it (not volunteers):
  they report progress on the activities of the group's topics (``workplan.submit_progress``).

Use ``user.has_perm("intersessional.<name>", group)``.
"""

import rules

from workplan.plan.rules import is_logged_in, is_secretariat, party_ids

from .models import IntersessionalGroup, Participation


def coordinated_group_ids(user) -> frozenset[int]:
    """Ids of the intersessional groups the user's parties coordinate (cached on the user).

    The same rule as ``workplan.plan.rules.coordinated_activity_ids`` (coordinators, not
    volunteers), which the reminders' SQL repeats (workplan/reminders/scan.py)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_wgec_coordinated_groups"):
        parties = party_ids(user)
        user._wgec_coordinated_groups = frozenset(
            Participation.objects.filter(party__in=parties, role=Participation.Role.COORDINATOR)
            .values_list("group_id", flat=True)
        ) if parties else frozenset()
    return user._wgec_coordinated_groups


@rules.predicate
def is_group_coordinator(user, group) -> bool:
    if not user.is_authenticated or not isinstance(group, IntersessionalGroup):
        return False
    return group.pk in coordinated_group_ids(user)


rules.add_perm("intersessional.view_group", is_logged_in)
rules.add_perm("intersessional.change_group", is_secretariat)
rules.add_perm("intersessional.coordinate_group", is_group_coordinator | is_secretariat)
