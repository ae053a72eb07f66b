"""Template context for the navigation's progress badges."""

from django.utils.functional import SimpleLazyObject

from workplan.progress.selectors import progress_counts as counts_for


def progress_counts(request):
    """``progress_counts``: {"pending": n, "returned": m} for the current working group
    (see ``workplan.progress.selectors.progress_counts``), computed in one query the first
    time a template reads it, and not at all on pages that do not."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}

    def counts():
        group = getattr(request, "working_group", None) or None  # the middleware's may be a lazy None
        secretariat = group is not None and user.has_perm("workplan.review_progress", group)
        return counts_for(user=user, group=group, secretariat=secretariat)

    return {"progress_counts": SimpleLazyObject(counts)}
