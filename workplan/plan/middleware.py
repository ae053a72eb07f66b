"""Sets ``request.working_group``: the working group the pages show for this user."""

from django.utils.functional import SimpleLazyObject

from workplan.plan.selectors import current_group_for


class CurrentWorkingGroupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy: static files, the login page and the admin never pay for the query.
        request.working_group = SimpleLazyObject(lambda: current_group_for(request))
        return self.get_response(request)
