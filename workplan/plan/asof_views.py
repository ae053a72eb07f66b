"""``?as_of=`` on the plan's pages: the mixin every page with a past view uses."""

from django.shortcuts import render

from .asof import as_of_from_request, today_url


class AsOfMixin:
    """``?as_of=YYYY-MM-DD`` on a page: ``self.as_of`` is the past view (an ``AsOf``) or
    None for the live plan; a date that is not one answers 400 with the reason and a
    date field, never a 500. Adds ``as_of_view`` and ``today_url`` (the banner's) to the
    context."""

    as_of = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            try:
                self.as_of = as_of_from_request(request)
            except ValueError as error:
                return render(request, "workplan/as_of_error.html",
                              {"error": str(error), "today_url": today_url(request)}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_of_view=self.as_of, today_url=today_url(self.request), **kwargs)

    def as_of_today(self, group):
        """The date overdue flags are judged on: the past day, else today in the group."""
        if self.as_of:
            return self.as_of.day
        return group.today() if group else None
