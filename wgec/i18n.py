"""Language choices read from settings when asked, not at import (a model field's
``choices`` may be this callable, so migrations do not freeze the list)."""

from django.conf import settings


def language_choices() -> list[tuple[str, str]]:
    """``settings.LANGUAGES``: [(code, lazy name)], e.g. [("en", "English"), ("fr", "French")]."""
    return list(settings.LANGUAGES)
