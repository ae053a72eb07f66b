"""``manage.py import_workplan FILE --group WGEC [--name ...] [--replace] [--dry-run]``.

Reads a work plan in the seed's pipe-table format (see ``workplan.imports.pipe``) into one
working group, all or nothing. When the file also holds the seed's Annex III table (the
TFA mapping to the Framework of Standards), that is loaded in the same transaction. Bad input prints ``FILE:LINE: reason`` on stderr and
exits with status 1, without a traceback.
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplan.framework.importer import FrameworkImportError, contains_annex_iii, framework_import_text
from workplan.imports.pipe import WorkPlanImportError
from workplan.plan.models import WorkingGroup
from workplan.imports.services import workplan_import


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = gettext_lazy("Import a work plan (Annex I and Annex II pipe tables, as in the seed document) "
             "into a working group. Nothing is written if any row is bad.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the work plan text file (UTF-8)"))
        parser.add_argument("--group", required=True,
                            help=_("acronym of the working group, e.g. WGEC"))
        parser.add_argument("--name", default="",
                            help=_("full name of the working group, to create it when missing"))
        parser.add_argument("--replace", action="store_true",
                            help=_("replace the group's existing topics and intersessional "
                                   "groups (their statuses and notes are lost)"))
        parser.add_argument("--dry-run", action="store_true",
                            help=_("check the file and report what would be written, writing nothing"))

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, file, group, name, replace, dry_run, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")  # a BOM from Windows editors is not text
        except FileNotFoundError:
            self.fail(_("%(file)s: no such file") % {"file": file})
        except UnicodeDecodeError as e:
            self.fail(_("%(file)s: not UTF-8 text (byte %(pos)d)") % {"file": file, "pos": e.start})
        except OSError as e:
            self.fail(_("%(file)s: cannot read it: %(error)s") % {"file": file, "error": e.strerror})

        result = framework = None
        try:
            with transaction.atomic():
                wg = WorkingGroup.objects.filter(acronym__iexact=group).first()
                if wg is None:
                    if not name:
                        self.fail(_('%(file)s: there is no working group "%(group)s"; give --name '
                                    "to create it") % {"file": file, "group": group})
                    wg = WorkingGroup(acronym=group, name=name)
                    try:
                        wg.full_clean()
                    except ValidationError as e:
                        self.fail(_("%(file)s: cannot create the working group: %(errors)s")
                                  % {"file": file, "errors": "; ".join(e.messages)})
                    wg.save()
                result = workplan_import(group=wg, text=text, source_name=file, replace=replace)
                if contains_annex_iii(text):
                    framework = framework_import_text(text=text)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except WorkPlanImportError as e:
            self.fail(str(e))
        except FrameworkImportError as e:
            self.fail("\n".join(f"{file}:{line}: {reason}" if line else f"{file}: {reason}"
                                for line, reason in e.errors))

        for warning in result.warnings:
            self.stderr.write(_("warning: %(warning)s") % {"warning": warning})
        self.stdout.write(result.summary())
        if framework is not None:
            self.stdout.write(_("Framework of Standards (Annex III): %(summary)s") % {"summary": framework})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif result.replaced:
            self.stdout.write(_("The previous work plan of %(group)s was replaced.")
                              % {"group": result.group.acronym})
