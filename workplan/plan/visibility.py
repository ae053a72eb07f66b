"""What only the Secretariat may see, declared once for pages, exports and history.

Secretariat-only information (issue 3, "What a user sees in exports"):

* ``Activity.internal_note``: the Secretariat's own notes on an activity.
* Users' e-mail addresses: people are shown by full name or username, never by address
  (``person_label``); e-mail addresses appear only in the admin.
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


def person_label(user) -> str:
    """How a person is named to other users: full name, else username. Never an e-mail
    address (Secretariat-only); a username that is an address is cut at the "@"."""
    if user is None:
        return str(_("system"))
    name = user.get_full_name().strip() or user.get_username()
    return name.split("@", 1)[0] if "@" in name else name
