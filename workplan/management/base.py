"""What every management command of the project shares.

``TranslatedCommand``: a command whose ``help`` is a lazy translation
(``gettext_lazy``, since the class is built before any language is active). argparse
formats the help with regular expressions that need a real ``str``, so ``--help`` on a
lazy string raised ``TypeError``; the text is translated when the parser is built.
"""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
