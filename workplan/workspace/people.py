"""The working group's people: invite by e-mail, set parties and role, deactivate.

A Secretariat member manages the users of its own working group only: never a
superuser, never a user who also belongs to a group where they are not Secretariat
(their account is shared with that group), and never themselves for deactivation.
Invitations reuse Django's password-reset tokens: the link lets the invited user set a
first password, and stops working once it is used or after ``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from workplan.plan.accounts import secretariat_grant
from workplan.plan.models import Membership, Party, Profile, WorkingGroup
from workplan.plan.rules import forget_cached_roles, secretariat_group_ids

from .common import WorkspaceError, require_secretariat

logger = logging.getLogger(__name__)
User = get_user_model()


def people_for_group(*, group: WorkingGroup | None) -> QuerySet:
    """Users with a membership in ``group`` (superusers left out), by name, each with
    ``group_membership`` (a one-item list) and ``profile.parties`` prefetched."""
    if group is None:
        return User.objects.none()
    return (User.objects.filter(memberships__group=group, is_superuser=False)
            .select_related("profile")
            .prefetch_related(Prefetch("memberships", queryset=Membership.objects.filter(group=group),
                                       to_attr="group_membership"),
                              "profile__parties")
            .order_by("last_name", "first_name", "username"))


def person_for_group(*, group: WorkingGroup | None, pk: int):
    """One user of ``group`` as in ``people_for_group``; ``User.DoesNotExist`` for
    anyone else (another group's user, a superuser, an unknown id)."""
    return people_for_group(group=group).get(pk=pk)


def _require_manageable(*, user, group: WorkingGroup, by) -> Membership:
    require_secretariat(by, group)
    if user.is_superuser:
        raise PermissionDenied(_("Superusers are managed by the operators."))
    membership = Membership.objects.filter(user=user, group=group).first()
    if membership is None:
        raise PermissionDenied(_("This user is not in your working group."))
    if not by.is_superuser:
        elsewhere = set(user.memberships.values_list("group_id", flat=True)) - secretariat_group_ids(by)
        if elsewhere:
            raise WorkspaceError(_("This user also belongs to another working group; ask an "
                                   "operator to change their account."))
    return membership


def _set_role(user, group: WorkingGroup, role: str, by) -> None:
    if role not in Membership.Role.values:
        raise WorkspaceError(_("Unknown role: %(role)s.") % {"role": role})
    if role == Membership.Role.SECRETARIAT:
        secretariat_grant(user=user, group=group)
    else:
        membership, _created = Membership.objects.get_or_create(user=user, group=group)
        if membership.role != role:
            membership.role = role
            membership._history_user = by
            membership.save(update_fields=["role"])
    forget_cached_roles(user)


def invitation_link(user, site_url: str | None = None) -> str:
    """Absolute address of the page where ``user`` sets a password (a reset token)."""
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    return (site_url or settings.SITE_URL).rstrip("/") + path


def user_invite(*, group: WorkingGroup, email: str, username: str, by, first_name: str = "",
                last_name: str = "", parties: Iterable[Party] = (), role: str = Membership.Role.DELEGATE,
                site_url: str | None = None):
    """Create a user in ``group`` with no usable password and e-mail them a link to set one.

    ``email`` and ``username`` must be unused (``WorkspaceError`` otherwise, saying which,
    without telling whose they are). ``role`` is one of ``Membership.Role``; ``parties``
    are linked to the user's profile. The mail is sent inside the transaction: when the
    SMTP server refuses it, nothing is kept and ``WorkspaceError`` says so.
    """
    require_secretariat(by, group)
    email, username = email.strip(), username.strip()
    if not email or not username:
        raise WorkspaceError(_("An invitation needs a user name and an e-mail address."))
    if User.objects.filter(username__iexact=username).exists():
        raise WorkspaceError(_("This user name is taken; choose another."))
    if User.objects.filter(email__iexact=email).exists():
        raise WorkspaceError(_("An account with this e-mail address exists already; ask an operator "
                               "to add it to your working group."))
    with transaction.atomic():
        user = User(username=username, email=email, first_name=first_name.strip(),
                    last_name=last_name.strip(), is_active=True)
        user.set_unusable_password()
        user.save()
        profile, _created = Profile.objects.get_or_create(user=user)
        profile._history_user = by
        profile.parties.set(list(parties))
        _set_role(user, group, role, by)
        _send_invitation(user, group, by, site_url)
    return user


def _send_invitation(user, group: WorkingGroup, by, site_url: str | None) -> None:
    context = {"user": user, "group": group, "link": invitation_link(user, site_url),
               "inviter": by.get_full_name() or by.get_username(),
               "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
    subject = _("Your WGEC Tracker account for %(group)s") % {"group": group.acronym}
    body = render_to_string("workplan/workspace/email/invitation.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as exc:  # smtplib and socket errors: nothing kept, say so
        logger.warning("Invitation to %s not sent: %s", user.email, exc)
        raise WorkspaceError(_("The invitation could not be sent (%(error)s); nothing was saved.")
                             % {"error": exc.__class__.__name__}) from exc


def user_invite_resend(*, user, group: WorkingGroup, by, site_url: str | None = None):
    """Send a new invitation link to a user of ``group`` who has not set a password yet
    (an expired link, a lost mail). ``WorkspaceError`` once they have one: they use
    "Forgotten your password?" like everyone. Same refusals as ``user_update``."""
    _require_manageable(user=user, group=group, by=by)
    if user.has_usable_password():
        raise WorkspaceError(_("This person has set a password already; they can reset it from the "
                               "log-in page."))
    if not user.is_active:
        raise WorkspaceError(_("Reactivate this person first."))
    _send_invitation(user, group, by, site_url)
    return user


def user_update(*, user, group: WorkingGroup, parties: Iterable[Party], role: str, by):
    """Set a user's parties (exactly those) and role in ``group``. Refused for
    superusers and users outside the group (``PermissionDenied``), users shared with
    another group (``WorkspaceError``), and for taking away one's own Secretariat role."""
    _require_manageable(user=user, group=group, by=by)
    if user.pk == by.pk and role != Membership.Role.SECRETARIAT:
        raise WorkspaceError(_("You cannot take away your own Secretariat role."))
    with transaction.atomic():
        profile, _created = Profile.objects.get_or_create(user=user)
        wanted = {p.pk for p in parties}
        if wanted != set(profile.parties.values_list("pk", flat=True)):
            profile._history_user = by
            profile.parties.set(list(wanted))
        _set_role(user, group, role, by)
    return user


def user_set_active(*, user, group: WorkingGroup, active: bool, by):
    """Deactivate (``active=False``: the user can no longer log in; nothing of theirs is
    deleted) or reactivate a user of ``group``. Same refusals as ``user_update``; one
    cannot deactivate oneself. The membership's history records who did it."""
    membership = _require_manageable(user=user, group=group, by=by)
    if user.pk == by.pk and not active:
        raise WorkspaceError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        if user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
            membership._history_user = by
            membership._change_reason = "reactivated" if active else "deactivated"
            membership.save()
    return user
