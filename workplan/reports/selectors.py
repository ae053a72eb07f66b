"""Reads for the meeting and report pages, in a fixed number of queries."""

from django.db.models import Count, Q, QuerySet

from workplan.plan.models import Meeting, WorkingGroup
from workplan.reports.models import Report


def meetings_for_group(*, group: WorkingGroup | None) -> QuerySet[Meeting]:
    """Meetings of ``group``, latest first, each with ``ready_reports`` (a count)."""
    if group is None:
        return Meeting.objects.none()
    return (Meeting.objects.filter(group=group)
            .annotate(ready_reports=Count("reports", filter=Q(reports__state=Report.State.READY)))
            .order_by("-start_date", "title"))


def reports_for_meeting(*, meeting: Meeting, user) -> QuerySet[Report]:
    """The meeting's reports the user may see, newest version first: all of them for the
    meeting's Secretariat, only ready ones for delegates and coordinators."""
    return (Report.objects.filter(meeting=meeting).visible_to(user, meeting)
            .select_related("requested_by").order_by("-version"))
