"""Users and their roles: the Secretariat's read-only admin and the demo users.

A role is data, not code: Secretariat = ``Membership(role="secretariat")`` (plus
``is_staff`` and the "Secretariat staff" auth group, for a read-only admin scoped to
its working groups: workplan/plan/admin_site.py); coordinator = the
user's parties (``Profile.parties``) coordinate a group or are responsible; delegate =
anyone else logged in. See workplan/rules.py.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from workplan.plan.models import Membership, Party, Profile, WorkingGroup

SECRETARIAT_STAFF_GROUP = "Secretariat staff"
# Apps whose rows the Secretariat may read in the admin. Never users (their e-mail
# addresses and passwords: operators' work), auth groups, log-in records or schedules.
_STAFF_APPS = ("workplan", "intersessional")


def secretariat_staff_group_ensure() -> Group:
    """The auth group of Secretariat staff: the *view* permissions of the work-plan apps,
    and nothing else (idempotent; any other permission the group holds is removed).

    The admin site enforces the same rule in code (only superusers write), so a
    permission added to this group by hand still opens no admin form.
    """
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(
        content_type__app_label__in=_STAFF_APPS, codename__startswith="view_"))
    return group


def secretariat_grant(*, user, group: WorkingGroup) -> None:
    """Make ``user`` Secretariat of ``group``: membership, staff flag (the read-only
    admin), the "Secretariat staff" auth group."""
    with transaction.atomic():
        Membership.objects.update_or_create(user=user, group=group,
                                            defaults={"role": Membership.Role.SECRETARIAT})
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(secretariat_staff_group_ensure())


@dataclass
class DemoUser:
    username: str
    role: str  # shown to people: "Secretariat", "coordinator of group 1", ...
    party: str | None  # Party.short_name, as in the seed
    password: str | None = None  # set only when the user was created now
    created: bool = False


# (username, role description, party short names to try, in order; the seed's Annex II)
DEMO_USERS = (
    ("secretariat", "Secretariat", ()),
    ("coordinator1", "coordinator of intersessional group 1", ("US", "EU")),
    ("coordinator4", "coordinator of intersessional group 4", ("Australia", "ICC")),
    ("delegate", "delegate", ("Japan",)),
)


class SeedMissing(Exception):
    """The seed (working group, parties) is not loaded."""


def demo_users_create(*, group_acronym: str = "WGEC") -> list[DemoUser]:
    """Create the demo users that do not exist yet, one per role, with new passwords.

    Existing users are left alone (password unchanged). Raises ``SeedMissing`` when the
    working group or a needed party is missing. Passwords are random (16 URL-safe
    characters) and returned once, for printing.
    """
    group = WorkingGroup.objects.filter(acronym=group_acronym).first()
    if group is None:
        raise SeedMissing(f"Working group {group_acronym} not found.")
    User = get_user_model()
    result = []
    with transaction.atomic():
        for username, role, party_names in DEMO_USERS:
            party = None
            if party_names:
                party = next((p for name in party_names
                              for p in Party.objects.filter(short_name=name)), None)
                if party is None and username != "delegate":
                    raise SeedMissing(f"None of the parties {', '.join(party_names)} exists.")
            demo = DemoUser(username=username, role=role, party=party.short_name if party else None)
            if User.objects.filter(username=username).exists():
                result.append(demo)
                continue
            demo.password = secrets.token_urlsafe(12)
            demo.created = True
            user = User.objects.create_user(username=username, password=demo.password,
                                            email=f"{username}@example.invalid")
            profile, _ = Profile.objects.get_or_create(user=user)
            if party is not None:
                profile.parties.add(party)
            if username == "secretariat":
                secretariat_grant(user=user, group=group)
            else:
                Membership.objects.get_or_create(user=user, group=group,
                                                 defaults={"role": Membership.Role.DELEGATE})
            result.append(demo)
    return result
