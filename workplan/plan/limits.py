"""Length limits of the free-text fields, in characters, defined once.

Models take their ``max_length`` from here, so forms built on them get the limit (a
``maxlength`` attribute and a field error); the help text states it with
``limit_help``; services check it again with ``text_lengths_check`` (a caller that is not
a form, such as a command or another service, gets the same error). A 1 MB progress
note once made a 1,190-page session report: the limits keep a report readable.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import ngettext

#: Progress notes, the internal note, remarks, review comments, volunteers as written.
NOTE_MAX_LENGTH = 4000
#: An activity's text as the plan words it.
DESCRIPTION_MAX_LENGTH = 2000
#: Who is responsible, as written ("Co-Chairs, Co-Leads and interested Members...").
RESPONSIBLE_MAX_LENGTH = 1000
#: The text of a standard of the Framework of Standards.
STANDARD_TEXT_MAX_LENGTH = 10000


def _limit_help(limit: int) -> str:
    return ngettext("At most %(n)s character.", "At most %(n)s characters.", limit) % {
        "n": number_format(limit, force_grouping=True)}


#: ``limit_help(4000)`` -> "At most 4,000 characters." (lazy: in the user's language).
limit_help = lazy(_limit_help, str)


def text_lengths_check(*, model, values: dict[str, str]) -> None:
    """Refuse texts longer than their field's ``max_length`` on ``model``.

    ``values`` maps field names to the texts about to be saved (None is skipped). Raises
    ``ValidationError`` with one message per field that is too long (a dict, so a form
    can show each beside its field); returns None when all fit.
    """
    errors = {}
    for name, text in values.items():
        limit = model._meta.get_field(name).max_length
        if text is not None and limit is not None and len(text) > limit:
            errors[name] = ValidationError(
                gettext("At most %(max)s characters are allowed; this text has %(length)s.") % {
                    "max": number_format(limit, force_grouping=True),
                    "length": number_format(len(text), force_grouping=True)},
                code="max_length")
    if errors:
        raise ValidationError(errors)
