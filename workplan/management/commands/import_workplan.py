"""``manage.py import_workplan FILE --group WGEC [--name ...] [--dry-run] [--date-order dmy|mdy]
[--start YYYY-MM] [--encoding ENC] [--delimiter semicolon|comma|tab]``.

Reads a work plan from a Word document, an Excel workbook, a CSV file or the seed's pipe
text (see ``workplan.imports.reading``), prints the preview against the group's current
plan (added, changed with old and new text, withdrawn, warnings) and applies it in one
transaction (``workplan.imports.applying.plan_apply``); ``--dry-run`` prints the preview
only. When a pipe-text file also holds the seed's Annex III table (the TFA mapping),
that is loaded in the same transaction. Every problem of the file is printed on stderr
as ``FILE:LINE: reason`` or ``FILE: place: reason``, and the command exits with status 1
without a traceback, having written nothing.
"""

import datetime as dt
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplan.framework.importer import FrameworkImportError, contains_annex_iii
from workplan.framework.loading import framework_import_text
from workplan.imports.applying import plan_apply
from workplan.imports.loading import known_party_names
from workplan.imports.reading import ReadOptions, plan_read
from workplan.management.base import TranslatedCommand
from workplan.plan.models import WorkingGroup


_DELIMITER_NAMES = {"semicolon": ";", "comma": ",", "tab": "\t"}


class _DryRun(Exception):
    pass


def start_month(text: str) -> dt.date:
    """"2021-01" -> date(2021, 1, 1); ValueError otherwise."""
    year, month = text.strip().split("-")
    return dt.date(int(year), int(month), 1)


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Import a work plan (Word .docx, Excel .xlsx, CSV, or the seed's pipe tables) into a working "
        "group: prints what changes, then updates the plan in place (statuses, notes and history are "
        "kept; activities no longer in the file are withdrawn). Nothing is written if any row is bad.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the work plan file (.docx, .xlsx, .csv or pipe text)"))
        parser.add_argument("--group", required=True, help=_("acronym of the working group, e.g. WGEC"))
        parser.add_argument("--name", default="",
                            help=_("full name of the working group, to create it when missing"))
        parser.add_argument("--dry-run", action="store_true",
                            help=_("print what would change, writing nothing"))
        parser.add_argument("--date-order", choices=["dmy", "mdy"], default=None,
                            help=_("how the file writes all-numeric dates such as 03/05/2018: "
                                   "day/month/year (dmy) or month/day/year (mdy)"))
        parser.add_argument("--start", default=None, metavar="YYYY-MM",
                            help=_("the project's first month, to read timelines such as M18"))
        parser.add_argument("--encoding", default=None,
                            help=_("the CSV file's encoding (default: detected)"))
        parser.add_argument("--delimiter", default=None, choices=list(_DELIMITER_NAMES),
                            help=_("the CSV file's field separator (default: detected)"))

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args, file, group, name, dry_run, date_order, start, encoding, delimiter, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.fail(_("%(file)s: no such file") % {"file": file})
        except OSError as e:
            self.fail(_("%(file)s: cannot read it: %(error)s") % {"file": file, "error": e.strerror})
        try:
            first_month = start_month(start) if start else None
        except ValueError:
            self.fail(_('%(file)s: --start "%(start)s" is not a month such as 2021-01')
                      % {"file": file, "start": start})
        read_options = ReadOptions(date_order=date_order, start=first_month, encoding=encoding,
                                   delimiter=_DELIMITER_NAMES.get(delimiter))
        parsed = plan_read(data, filename=path.name, options=read_options, known=known_party_names())
        if parsed.problems:
            self.fail("\n".join(_where(file, p) for p in parsed.problems))

        preview = framework = None
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
                preview = plan_apply(group=wg, parsed=parsed)
                if parsed.format == "pipe":
                    text = data.decode("utf-8-sig")
                    if contains_annex_iii(text):
                        framework = framework_import_text(text=text)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except FrameworkImportError as e:
            self.fail("\n".join(f"{file}:{line}: {reason}" if line else f"{file}: {reason}"
                                for line, reason in e.errors))

        for warning in preview.warnings:
            self.stderr.write(_("warning: %(warning)s") % {"warning": warning})
        for line in preview.lines():
            self.stdout.write(line)
        if framework is not None:
            self.stdout.write(_("Framework of Standards (Annex III): %(summary)s") % {"summary": framework})
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))


def _where(file: str, problem) -> str:
    """"FILE:LINE: Column: reason" for text files, "FILE: table 1, row 3, column Timeline:
    reason" or "FILE: Sheet!E4: reason" for the others."""
    place = problem.place
    if place.line is not None and not place.table:
        column = f" {place.column}:" if place.column else ""
        return f"{file}:{place.line}:{column} {problem.reason}"
    return f"{file}: {problem}" if str(place) else f"{file}: {problem.reason}"
