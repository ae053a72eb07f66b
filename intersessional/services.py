"""Changes to intersessional groups: coordinators, volunteers, linked topics, and the
requests of Members and stakeholders to join (the seed's Annex II: groups "remain open to
Members and stakeholders, enabling them to join at any time").

Every change is made by the Secretariat of the group's working group, checks the version
the form was opened on, and is recorded (django-simple-history) with who made it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Party, Topic
from workplan.plan.rules import party_ids
from workplan.workspace.common import WorkspaceError, lock_at_version, require_secretariat, save_with_history

from .models import IntersessionalGroup, JoinRequest, Participation


def _set_role(group: IntersessionalGroup, role: str, parties: Sequence[Party], by) -> bool:
    """Make ``parties`` the group's ``role`` holders in that order (kept ones keep their
    row); True when anything changed. Each row added, moved or removed is recorded."""
    rows = {p.party_id: p for p in group.participations.filter(role=role)}
    changed = False
    for row in rows.values():
        if row.party_id not in {p.pk for p in parties}:
            row._history_user = by
            row.delete()
            changed = True
    for position, party in enumerate(parties, start=1):
        row = rows.get(party.pk)
        if row is None:
            row = Participation(group=group, party=party, role=role, position=position)
        elif row.position == position:
            continue
        row.position = position
        row._history_user = by
        row.save()
        changed = True
    return changed


def intersessional_group_update(*, group: IntersessionalGroup, expected_version: int | None, by,
                                coordinators: Sequence[Party], volunteers: Sequence[Party],
                                topics: Sequence[Topic]) -> IntersessionalGroup:
    """Set a group's coordinators and volunteers (each in the order given) and its
    linked topics (of the same working group; ``WorkspaceError`` otherwise).

    Locks the group, checks ``expected_version`` (``VersionConflict``), then writes only
    what changed, with one history record per row and one for the group (holding its
    topics) with ``version + 1``. A party may both coordinate and volunteer (Australia in
    group 4 of the seed)."""
    require_secretariat(by, group.working_group)
    if any(t.group_id != group.working_group_id for t in topics):
        raise WorkspaceError(_("A linked topic must belong to the same working group."))
    with transaction.atomic():
        current = lock_at_version(IntersessionalGroup, group.pk, expected_version, related=("working_group",))
        changed = _set_role(current, Participation.Role.COORDINATOR, list(coordinators), by)
        changed |= _set_role(current, Participation.Role.VOLUNTEER, list(volunteers), by)
        wanted = {t.pk for t in topics}
        if wanted != set(current.topics.values_list("pk", flat=True)):
            current.skip_history_when_saving = True
            current.topics.set(list(wanted))
            del current.skip_history_when_saving
            changed = True
        if changed:
            save_with_history(current, by=by, fields=[])
    return current


def join_request_create(*, group: IntersessionalGroup, party: Party, by, message: str = "") -> JoinRequest:
    """Ask that ``party`` (one of ``by``'s parties; ``PermissionDenied`` otherwise) join
    ``group`` as a volunteer. ``WorkspaceError`` when the party already volunteers there
    or a request for it is pending."""
    if party.pk not in party_ids(by):
        raise PermissionDenied(_("You may ask only for a party you belong to."))
    if group.participations.filter(party=party, role=Participation.Role.VOLUNTEER).exists():
        raise WorkspaceError(_("%(party)s is already a volunteer of this group.") % {"party": party})
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(group=group, party=party, requested_by=by,
                                              message=message.strip()[:2000])
    except IntegrityError:  # the partial unique constraint: one pending request per party
        raise WorkspaceError(_("A request for %(party)s is already waiting for the Secretariat.")
                             % {"party": party}) from None


def join_request_decide(*, request: JoinRequest, accept: bool, by,
                        now: dt.datetime | None = None) -> JoinRequest:
    """Accept (the party becomes the group's last volunteer, recorded with ``by``) or
    decline a pending request. ``WorkspaceError`` when it was decided already (two
    Secretariat members clicking at once: the second is told)."""
    require_secretariat(by, request.group.working_group)
    with transaction.atomic():
        current = JoinRequest.objects.select_for_update(of=("self",)).select_related("group", "party").get(
            pk=request.pk)
        if current.state != JoinRequest.State.PENDING:
            raise WorkspaceError(_("This request was already answered."))
        current.state = JoinRequest.State.ACCEPTED if accept else JoinRequest.State.DECLINED
        current.decided_at, current.decided_by = now or timezone.now(), by
        current.save(update_fields=["state", "decided_at", "decided_by"])
        if accept:
            group = IntersessionalGroup.objects.select_for_update().get(pk=current.group_id)
            if not group.participations.filter(party=current.party, role=Participation.Role.VOLUNTEER).exists():
                last = group.participations.filter(role=Participation.Role.VOLUNTEER).aggregate(
                    n=Max("position"))["n"] or 0
                row = Participation(group=group, party=current.party, role=Participation.Role.VOLUNTEER,
                                    position=last + 1)
                row._history_user = by
                row._change_reason = "request to join accepted"
                row.save()
                save_with_history(group, by=by, fields=[])
    return current
