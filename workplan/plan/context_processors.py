"""Template context shared by every page: the current working group and the choices."""

from workplan.plan.selectors import groups_for_user


def working_group(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "working_group": request.working_group,
        "working_groups": groups_for_user(user=user),
    }
