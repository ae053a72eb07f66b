"""What only the Secretariat may see, declared once for pages, exports and history.

Secretariat-only information (on pages and in exports alike):

* ``Activity.internal_note``: the Secretariat's own notes on an activity.
* Users' e-mail addresses: people are named by ``person_name`` on every page, export,
  e-mail and PDF: full name, else a username that is not an address, else a label
  ("a Secretariat member", "a representative of US"); an address only to the Secretariat.
* Reminder recipients (who gets which reminder): Secretariat pages only.

Delegates and coordinators must not receive these by any path: page, CSV, XLSX, PDF,
JSON, the activity's history or /changes/. Code that lists activity fields generically
(history diffs, exports with user-chosen columns) asks ``activity_fields_for(user, obj)``
or ``hide_secret_fields``; tests/test_secret_fields.py walks every URL as each role and
looks for planted secrets in what comes back.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

#: Activity fields only the Secretariat of the activity's working group may see.
SECRETARIAT_ONLY_ACTIVITY_FIELDS: frozenset[str] = frozenset({"internal_note"})

#: Activity fields shown in history and /changes/, in display order. Derived fields
#: (first/last month, tentative: parsed from the timeline text) and bookkeeping
#: (version, changed_at/by: shown as "who, when") are left out.
HISTORY_FIELDS: tuple[str, ...] = (
    "description", "responsible", "timeline_text", "status", "remarks", "progress_note",
    "internal_note",
)


def can_see_secret_fields(user, obj=None) -> bool:
    """True for the Secretariat of ``obj``'s working group (or of any group with no obj)."""
    return bool(user and user.is_authenticated and user.has_perm("workplan.view_secretariat_fields", obj))


def hide_secret_fields(field_names: Iterable[str], *, user, obj=None) -> list[str]:
    """``field_names`` without the Secretariat-only ones unless ``user`` may see them."""
    if can_see_secret_fields(user, obj):
        return list(field_names)
    return [name for name in field_names if name not in SECRETARIAT_ONLY_ACTIVITY_FIELDS]


def activity_fields_for(user, obj=None) -> list[str]:
    """History fields ``user`` may see for an activity of ``obj``'s working group."""
    return hide_secret_fields(HISTORY_FIELDS, user=user, obj=obj)


def _looks_like_address(text: str) -> bool:
    return "@" in text


def _role_label(person, viewer=None) -> str:
    """"a Secretariat member", "a representative of US, EU" or "a registered user"; two
    queries, only for people with no name but an address, cached on ``person`` and on
    ``viewer`` (who lives for the request: a list of 50 history rows by one person costs
    two queries, not a hundred)."""
    memo = getattr(viewer, "_wgec_role_labels", None) if viewer is not None else {}
    if memo is None:
        memo = {}
        viewer._wgec_role_labels = memo  # request.user is a lazy object: set, not __dict__
    if person.pk in memo:
        return memo[person.pk]
    if not hasattr(person, "_wgec_role_label"):
        from workplan.plan.models import Membership, Party

        if person.is_superuser or Membership.objects.filter(
                user=person, role=Membership.Role.SECRETARIAT).exists():
            label = _("a Secretariat member")
        else:
            parties = list(Party.objects.filter(users__user=person).order_by("short_name")
                           .values_list("short_name", flat=True))
            label = (_("a representative of %(parties)s") % {"parties": ", ".join(parties)}
                     if parties else _("a registered user"))
        person._wgec_role_label = str(label)
    memo[person.pk] = person._wgec_role_label
    return person._wgec_role_label


def person_name(person, *, viewer=None) -> str:
    """How ``person`` (a user, or None for the system) is named to ``viewer`` (a user, or
    None for readers not known in advance: PDF reports, exports sent on).

    The full name; else the username when it is not an e-mail address; else, for the
    person themselves and for the Secretariat (who may see addresses), the username;
    for everyone else a label from the person's role: "a Secretariat member", "a
    representative of <their parties>" or "a registered user". Never an e-mail address
    to anyone but the Secretariat and the person. None gives "system".
    """
    if person is None:
        return str(_("system"))
    name = person.get_full_name().strip()
    if name and not _looks_like_address(name):
        return name
    username = person.get_username()
    if not _looks_like_address(username):
        return username
    if viewer is not None and getattr(viewer, "is_authenticated", False) and (
            viewer.pk == person.pk or can_see_secret_fields(viewer)):
        return username
    return _role_label(person, viewer)
