"""``manage.py import_framework FILE``: load an Annex III table (TFA mapping) file."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplan.framework.importer import SEED_CANONICAL_TITLES, FrameworkImportError
from workplan.framework.loading import framework_import_text
from workplan.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("Load the Framework of Standards' TFA mapping from FILE in the seed's Annex III table form "
             "(the table alone or the whole document). The file's rows replace the mapping; principles, "
             "standards and articles are created or have their blanks filled, never overwritten. Atomic: on "
             "any error nothing is written and every error is listed with its line number.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("UTF-8 text file holding the Annex III table"))

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("%(file)s: cannot read: %(error)s") % {"file": file, "error": exc}) from None
        try:
            # The same title decisions as the seed load, so importing the seed file on an empty
            # database gives what load_seed gives.
            summary = framework_import_text(text=text, canonical_titles=SEED_CANONICAL_TITLES)
        except FrameworkImportError as exc:
            # CommandError prints its message without a traceback and exits with status 1.
            raise CommandError("\n".join(f"{file}: {line}" for line in exc.lines())) from None
        self.stdout.write(self.style.SUCCESS(str(summary)))
