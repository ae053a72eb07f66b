"""The admin: the operators' tool (superusers), read-only for the Secretariat.

Who may do what is decided for every admin at once by ``workplan.plan.admin_site``:
superusers write, the Secretariat of a working group may view the admins marked
``secretariat_may_view`` (scoped here to its own groups' rows), nobody else gets in.
Activities and progress updates are read-only for everyone, superusers included: they
change only through the product's pages and services (version check, timeline parsing,
who changed it), never through an admin form.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from workplan.plan.models import Activity, Meeting, Membership, Party, Profile, Topic, WorkingGroup
from workplan.plan.rules import secretariat_group_ids
from workplan.progress.models import Notification, ProgressUpdate
from workplan.reminders.models import Reminder
from workplan.reports.models import Report

# Path from each model a form may offer to its working group, for GroupScopedAdmin.
_GROUP_PATHS = {WorkingGroup: "pk", Topic: "group", Activity: "topic__group", Meeting: "group"}


class GroupScopedAdmin:
    """Secretariat staff see, and may choose, only their own working groups' rows; a
    superuser sees every group. ``group_lookup`` is the path from the model to its
    WorkingGroup (one deployment may serve several working groups)."""

    group_lookup = "group"
    secretariat_may_view = True  # read-only (workplan.plan.admin_site), own groups only

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.group_lookup}__in": secretariat_group_ids(request.user)})

    def _scope(self, request, model, kwargs):
        if request.user.is_superuser or model not in _GROUP_PATHS:
            return kwargs
        groups = secretariat_group_ids(request.user)
        kwargs["queryset"] = model._default_manager.filter(**{f"{_GROUP_PATHS[model]}__in": groups})
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scope(request, db_field.related_model, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scope(request, db_field.related_model, kwargs))


@admin.register(WorkingGroup)
class WorkingGroupAdmin(GroupScopedAdmin, admin.ModelAdmin):
    group_lookup = "pk"
    list_display = ["acronym", "name", "time_zone"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    secretariat_may_view = True
    list_display = ["short_name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name"]


class ReadOnlyAdmin:
    """No add, change or delete for anyone, superusers included: the rows change only
    through the product's services (an admin form would skip their rules)."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActivityInline(ReadOnlyAdmin, admin.TabularInline):
    model = Activity
    fields = ["order", "description", "responsible", "timeline_text", "status"]
    extra = 0
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(GroupScopedAdmin, admin.ModelAdmin):
    list_display = ["number", "title", "group"]
    list_filter = ["group"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin, GroupScopedAdmin, SimpleHistoryAdmin):
    group_lookup = "topic__group"
    list_display = ["__str__", "topic", "responsible", "timeline_text", "status"]
    list_filter = ["topic__group", "status", "topic"]
    list_select_related = ["topic", "topic__group"]
    search_fields = ["description", "responsible", "remarks"]


@admin.register(Meeting)
class MeetingAdmin(GroupScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "place", "group"]
    list_filter = ["group", "kind"]


class ProfileInline(admin.StackedInline):
    model = Profile
    filter_horizontal = ["parties"]
    fields = ["parties", "reminders_opt_out", "language"]
    can_delete = False


class MembershipInline(GroupScopedAdmin, admin.TabularInline):
    model = Membership
    extra = 0


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline, MembershipInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin, GroupScopedAdmin, admin.ModelAdmin):
    """Read-only: updates are accepted or returned on /reviews/ (that writes the activity)."""

    group_lookup = "activity__topic__group"
    list_display = ["activity", "status", "state", "submitted_by", "created_at", "reviewed_by"]
    list_filter = ["state", "activity__topic__group"]
    list_select_related = ["activity__topic", "submitted_by", "reviewed_by"]
    raw_id_fields = ["activity"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(GroupScopedAdmin, admin.ModelAdmin):
    """Read-only: notification rows are made by progress updates and sent by Celery."""

    group_lookup = "update__activity__topic__group"
    list_display = ["created_at", "event", "update", "recipient", "digest", "sent_at", "void_at", "attempts"]
    list_filter = ["event", "digest", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["update__activity__topic", "recipient"]

    readonly_fields = ["update", "event", "recipient", "digest", "created_at", "sent_at", "void_at", "attempts"]


@admin.register(Reminder)
class ReminderAdmin(GroupScopedAdmin, admin.ModelAdmin):
    group_lookup = "activity__topic__group"
    list_display = ["due_at", "kind", "activity", "recipient", "deadline", "sent_at", "void_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("void_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["activity", "recipient"]
    date_hierarchy = "due_at"


@admin.register(Report)
class ReportAdmin(GroupScopedAdmin, admin.ModelAdmin):
    """No add or change: reports are made from the meeting page, never edited by hand."""

    group_lookup = "meeting__group"
    list_display = ["meeting", "version", "state", "requested_by", "requested_at", "size"]
    list_filter = ["state", "meeting__group"]
    list_select_related = ["meeting", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
