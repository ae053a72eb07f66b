"""``manage.py load_seed``: the WGEC working group, work plan, meetings and links.

Idempotent: creates only what is missing (see ``workplan.imports.seed.seed_load``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplan.imports.seed import seed_load
from workplan.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("Load the seed data (WGEC work plan of 21 September 2018, its meetings and "
             "intersessional groups) where missing. Safe to run again.")

    def handle(self, *args, **options):
        result = seed_load()
        for warning in result.warnings:
            self.stderr.write(_("warning: %(warning)s") % {"warning": warning})
        if result.group_created:
            self.stdout.write(_("Created the working group WGEC."))
        if result.workplan:
            self.stdout.write(_("Imported the seed work plan: %(summary)s")
                              % {"summary": result.workplan.summary()})
        if result.baseline:
            self.stdout.write(_("Took the first baseline: %(name)s.") % {"name": result.baseline.name})
        if result.meetings_created:
            self.stdout.write(_("Added %(n)d meetings.") % {"n": result.meetings_created})
        if result.groups_linked:
            self.stdout.write(_("Linked %(n)d intersessional groups to their topics.")
                              % {"n": result.groups_linked})
        if result.framework and result.changed:
            self.stdout.write(_("Framework of Standards (Annex III): %(summary)s")
                              % {"summary": result.framework})
        if not result.changed:
            self.stdout.write(_("Seed data already loaded; nothing to do."))
