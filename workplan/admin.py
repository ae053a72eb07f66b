"""Admin for Secretariat staff: working groups, parties, users' parties and meetings."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Meeting, Membership, Party, Profile, Reminder, Topic, WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "time_zone"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name"]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["order", "description", "responsible", "timeline_text", "status"]
    extra = 0
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "group"]
    list_filter = ["group"]
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "topic", "responsible", "timeline_text", "status"]
    list_filter = ["topic__group", "status", "topic"]
    list_select_related = ["topic", "topic__group"]
    search_fields = ["description", "responsible", "remarks"]
    filter_horizontal = ["parties"]
    readonly_fields = ["first_month", "last_month", "tentative", "version", "changed_at", "changed_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "place", "group"]
    list_filter = ["group", "kind"]


class ProfileInline(admin.StackedInline):
    model = Profile
    filter_horizontal = ["parties"]
    fields = ["parties", "reminders_opt_out"]
    can_delete = False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline, MembershipInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["due_at", "kind", "activity", "recipient", "deadline", "sent_at", "void_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("void_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["activity", "recipient"]
    date_hierarchy = "due_at"
