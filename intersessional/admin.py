from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IntersessionalGroup, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(IntersessionalGroup)
class IntersessionalGroupAdmin(SimpleHistoryAdmin):
    list_display = ["number", "item_of_work", "working_group"]
    list_filter = ["working_group"]
    filter_horizontal = ["topics"]
    inlines = [ParticipationInline]
