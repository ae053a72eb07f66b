from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workplan.admin import GroupScopedAdmin

from .models import IntersessionalGroup, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(IntersessionalGroup)
class IntersessionalGroupAdmin(GroupScopedAdmin, SimpleHistoryAdmin):
    group_lookup = "working_group"
    list_display = ["number", "item_of_work", "working_group"]
    list_filter = ["working_group"]
    filter_horizontal = ["topics"]
    inlines = [ParticipationInline]
