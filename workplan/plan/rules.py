"""Who may do what (the ``rules`` library): predicates and the permissions built on them.

Roles, per working group:
* Secretariat: a ``Membership`` with role secretariat in the object's working group
  (superusers count as Secretariat everywhere). Changes everything of that group.
* Coordinator: a user whose parties coordinate an intersessional group linked to the
  activity's topic, or are named responsible for the activity. Submits progress updates.
* Delegate: any other logged-in user. Reads everything, changes nothing.

Use ``user.has_perm("workplan.<name>", obj)`` in views, ``{% has_perm %}`` in templates.
Lookups are cached on the user object for the request, so a list of 50 rows asking
about each row costs no query per row.
"""

import rules

from workplan.plan.models import Activity, Membership, WorkingGroup


def group_of(obj) -> WorkingGroup | None:
    """The working group an object belongs to (a WorkingGroup, Topic, Activity, Meeting,
    IntersessionalGroup, or anything with ``group``/``working_group``/``topic``)."""
    if obj is None or isinstance(obj, WorkingGroup):
        return obj
    for attr in ("working_group", "group", "topic", "meeting", "activity"):
        target = getattr(obj, attr, None)
        if target is not None and target is not obj:
            return group_of(target)
    return None


def secretariat_group_ids(user) -> frozenset[int]:
    if not hasattr(user, "_wgec_secretariat_groups"):
        user._wgec_secretariat_groups = frozenset(
            Membership.objects.filter(user=user, role=Membership.Role.SECRETARIAT).values_list("group_id", flat=True)
        )
    return user._wgec_secretariat_groups


def party_ids(user) -> frozenset[int]:
    if not hasattr(user, "_wgec_party_ids"):
        user._wgec_party_ids = frozenset(user.profile.parties.values_list("id", flat=True)) \
            if hasattr(user, "profile") else frozenset()
    return user._wgec_party_ids


def coordinated_activity_ids(user) -> frozenset[int]:
    """Ids of the activities the user's parties are responsible for or coordinate.

    Responsible: a party of the user is among the activity's ``parties``. Coordinate: a
    party of the user coordinates (not merely volunteers for) an intersessional group
    linked to the activity's topic. Two queries at most, cached on the user object.

    The reminders' scan repeats this rule in SQL for speed (``_scan_sql`` in
    workplan/reminders/scan.py, its ``party`` step); change both together.
    tests/workplan/reminders/test_coordinator_rule.py holds the two equal.
    """
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_wgec_coordinated"):
        parties = party_ids(user)
        if not parties:
            user._wgec_coordinated = frozenset()
        else:
            responsible = Activity.objects.filter(parties__in=parties)
            coordinated = Activity.objects.filter(
                topic__intersessional_groups__participations__party__in=parties,
                topic__intersessional_groups__participations__role="coordinator",
            )
            user._wgec_coordinated = frozenset(responsible.values_list("id", flat=True)) | frozenset(
                coordinated.values_list("id", flat=True))
    return user._wgec_coordinated


@rules.predicate
def is_secretariat(user, obj=None) -> bool:
    """Secretariat of the object's working group; with no object, of any group."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    groups = secretariat_group_ids(user)
    if obj is None:
        return bool(groups)
    group = group_of(obj)
    return group is not None and group.pk in groups


def forget_cached_roles(user) -> None:
    """Drop the per-request caches above (after changing a user's parties or memberships)."""
    for attr in ("_wgec_secretariat_groups", "_wgec_party_ids", "_wgec_coordinated",
                 "_wgec_coordinated_groups"):
        user.__dict__.pop(attr, None)


def _activity_of(obj) -> Activity | None:
    """The activity an object is about: an Activity, or anything with ``activity`` (an update)."""
    if isinstance(obj, Activity):
        return obj
    activity = getattr(obj, "activity", None)
    return activity if isinstance(activity, Activity) else None


@rules.predicate
def is_coordinator_of(user, obj) -> bool:
    """The user's parties are responsible for, or coordinate the group of, the activity
    (an Activity, or a ProgressUpdate about one)."""
    activity = _activity_of(obj)
    if not user.is_authenticated or activity is None:
        return False
    return activity.pk in coordinated_activity_ids(user)


@rules.predicate
def is_author_of(user, update) -> bool:
    """The user submitted this progress update."""
    return user.is_authenticated and getattr(update, "submitted_by_id", None) == user.pk


is_logged_in = rules.is_authenticated

# Reading: every logged-in user (delegates read the plan, lists, groups and meetings).
rules.add_perm("workplan.view_plan", is_logged_in)
rules.add_perm("workplan.view_changes", is_logged_in)
rules.add_perm("workplan.view_my_items", is_logged_in)
rules.add_perm("workplan.view_progress_update", is_secretariat | is_author_of | is_coordinator_of)
# Changing: the Secretariat of the object's working group; coordinators only propose.
rules.add_perm("workplan.change_activity", is_secretariat)
rules.add_perm("workplan.submit_progress", is_coordinator_of | is_secretariat)
rules.add_perm("workplan.review_progress", is_secretariat)
rules.add_perm("workplan.view_secretariat_fields", is_secretariat)
rules.add_perm("workplan.manage_meetings", is_secretariat)
rules.add_perm("workplan.generate_report", is_secretariat)
rules.add_perm("workplan.manage_users", is_secretariat)
rules.add_perm("workplan.import_plan", is_secretariat)
