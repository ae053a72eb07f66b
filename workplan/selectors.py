"""Reads that need care: which working groups a user sees, with what prefetching."""

from django.db.models import QuerySet

from .models import WorkingGroup

SESSION_KEY = "working_group_id"


def groups_for_user(*, user) -> QuerySet[WorkingGroup]:
    """Working groups the user may see: all for superusers, else those they belong to.

    A user with no membership sees every group read-only (a delegate of the
    organisation reads all plans); memberships only grant rights, never hide plans.
    """
    return WorkingGroup.objects.all()


def current_group_for(request) -> WorkingGroup | None:
    """The group chosen with the header switcher (kept in the session), else the first
    group the user belongs to, else the first group. None only when no group exists."""
    user = request.user
    groups = groups_for_user(user=user) if user.is_authenticated else WorkingGroup.objects.all()
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if chosen:
        group = groups.filter(pk=chosen).first()
        if group:
            return group
    if user.is_authenticated:
        group = groups.filter(memberships__user=user).order_by("acronym").first()
        if group:
            return group
    return groups.order_by("acronym").first()
