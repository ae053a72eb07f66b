"""Admin for Secretariat staff: working groups, parties, users' parties and meetings."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from workplan.plan.models import Activity, Meeting, Membership, Party, Profile, Topic, WorkingGroup
from workplan.progress.models import ProgressUpdate
from workplan.reminders.models import Reminder
from workplan.reports.models import Report
from workplan.plan.rules import secretariat_group_ids
from workplan.plan.timeline import TimelineError, parse_timeline

# Path from each model a form may offer to its working group, for GroupScopedAdmin.
_GROUP_PATHS = {WorkingGroup: "pk", Topic: "group", Activity: "topic__group", Meeting: "group"}


class GroupScopedAdmin:
    """Secretariat staff see, and may choose, only their own working groups' rows; a
    superuser sees every group. ``group_lookup`` is the path from the model to its
    WorkingGroup (one deployment may serve several working groups)."""

    group_lookup = "group"

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
    list_display = ["short_name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name"]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ["order", "description", "responsible", "timeline_text", "status"]
    extra = 0
    show_change_link = True


@admin.register(Topic)
class TopicAdmin(GroupScopedAdmin, admin.ModelAdmin):
    list_display = ["number", "title", "group"]
    list_filter = ["group"]
    inlines = [ActivityInline]


class ActivityAdminForm(forms.ModelForm):
    """Keeps the admin on the same rules as the activity page: the timeline text is
    parsed (months follow it), and a form opened on an older version is refused."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean_timeline_text(self):
        text = self.cleaned_data.get("timeline_text", "")
        try:
            self.parsed_timeline = parse_timeline(text)
        except TimelineError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        if self.instance.pk and opened is not None:
            current = Activity.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != opened:
                raise forms.ValidationError(_("This activity was changed by someone else since you opened it; "
                                              "reload the page to see their change, then apply yours again."))
        return cleaned


@admin.register(Activity)
class ActivityAdmin(GroupScopedAdmin, SimpleHistoryAdmin):
    form = ActivityAdminForm
    group_lookup = "topic__group"
    list_display = ["__str__", "topic", "responsible", "timeline_text", "status"]
    list_filter = ["topic__group", "status", "topic"]
    list_select_related = ["topic", "topic__group"]
    search_fields = ["description", "responsible", "remarks"]
    filter_horizontal = ["parties"]
    readonly_fields = ["first_month", "last_month", "tentative", "version", "changed_at", "changed_by"]

    def save_model(self, request, obj, form, change):
        obj.set_timeline(form.parsed_timeline)
        if change:
            # Locked re-check: the admin's view is atomic, so this closes the race between
            # the form's clean() and the write.
            current = Activity.objects.select_for_update().only("version").get(pk=obj.pk)
            if current.version != form.cleaned_data.get("opened_version", current.version):
                raise forms.ValidationError(_("This activity changed while you were saving it."))
            obj.version = current.version + 1
        obj.changed_by = request.user
        obj.changed_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Meeting)
class MeetingAdmin(GroupScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "place", "group"]
    list_filter = ["group", "kind"]


class ProfileInline(admin.StackedInline):
    model = Profile
    filter_horizontal = ["parties"]
    fields = ["parties", "reminders_opt_out"]
    can_delete = False


class MembershipInline(GroupScopedAdmin, admin.TabularInline):
    model = Membership
    extra = 0


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline, MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Secretariat staff manage users and their parties, but cannot make anyone
        # (themselves included) a superuser or hand out single permissions.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(GroupScopedAdmin, admin.ModelAdmin):
    group_lookup = "activity__topic__group"
    list_display = ["activity", "status", "state", "submitted_by", "created_at", "reviewed_by"]
    list_filter = ["state", "activity__topic__group"]
    list_select_related = ["activity__topic", "submitted_by", "reviewed_by"]
    raw_id_fields = ["activity"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Reminder)
class ReminderAdmin(GroupScopedAdmin, admin.ModelAdmin):
    group_lookup = "activity__topic__group"
    list_display = ["due_at", "kind", "activity", "recipient", "deadline", "sent_at", "void_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), ("void_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["activity", "recipient"]
    date_hierarchy = "due_at"


@admin.register(Report)
class ReportAdmin(GroupScopedAdmin, admin.ModelAdmin):
    """Read-only: reports are made from the meeting page, never edited by hand."""

    group_lookup = "meeting__group"
    list_display = ["meeting", "version", "state", "requested_by", "requested_at", "size"]
    list_filter = ["state", "meeting__group"]
    list_select_related = ["meeting", "requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
