from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = _("Work plan")

    def ready(self):
        from workplan.reports import checks  # noqa: F401  (registers the report font check)
        import wgec.checks  # noqa: F401  (registers wgec.W001, the per-process cache warning)
        from wgec import sessions  # noqa: F401  (connects the login signal that stamps a new session)
        from workplan.plan import language  # noqa: F401  (connects the login signal that restores the user's language)
