"""Calendar page and iCalendar feeds, included under /calendar/ in the workplan namespace."""

from django.urls import path, register_converter

from workplan.feeds import views


class TokenConverter:
    """A calendar token: secrets.token_urlsafe characters only."""

    regex = "[A-Za-z0-9_-]{8,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "caltoken")

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("reset/", views.calendar_reset, name="calendar-reset"),
    path("<caltoken:token>.ics", views.user_feed, name="calendar-user-feed"),
    path("<caltoken:token>/group.ics", views.group_feed, name="calendar-group-feed"),
]
