"""URLs of issue 6 (timeline, calendar feeds), included into workplan.urls' namespace."""

from django.urls import path, register_converter

from workplan.dashboard import views as timeline_views


class TokenConverter:
    """A calendar token: secrets.token_urlsafe characters only."""

    regex = "[A-Za-z0-9_-]{8,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "caltoken")

urlpatterns = [
    path("timeline/", timeline_views.TimelineView.as_view(), name="timeline"),
    path("calendar/", timeline_views.calendar_page, name="calendar"),
    path("calendar/reset/", timeline_views.calendar_reset, name="calendar-reset"),
    path("calendar/<caltoken:token>.ics", timeline_views.user_feed, name="calendar-user-feed"),
    path("calendar/<caltoken:token>/group.ics", timeline_views.group_feed, name="calendar-group-feed"),
]
