"""``manage.py render_report MEETING_ID -o FILE``: render a meeting's progress report now.

For operators: synchronous, in this process, no Report row and no Celery. Pages use the
``report_render`` task instead (never render inside a web request: a large plan's report takes minutes).
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workplan.plan.models import Meeting


class Command(BaseCommand):
    help = "Render the PTC progress report of a meeting to a PDF file, synchronously."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, help="Id of the meeting (see /meetings/).")
        parser.add_argument("-o", "--output", required=True, help="PDF file to write ('-' for stdout).")
        parser.add_argument("--title", default="", help="Subject line (default: Progress on the work plan).")
        parser.add_argument("--agenda-item", default="", help='Agenda item, e.g. "V.b".')
        parser.add_argument("--html", help="Also write the HTML given to WeasyPrint to this file.")
        parser.add_argument("--language", default="en", help="Language of the report (default: en).")
        parser.add_argument("--cut-off", default="", help="YYYY-MM-DD: the day the report is as of "
                                                           "(default: the day before the session opens).")

    def handle(self, *args, meeting_id, output, title, agenda_item, html, language, cut_off, **options):
        import datetime as dt

        from workplan.reports.build import render_report

        try:
            day = dt.date.fromisoformat(cut_off) if cut_off else None
        except ValueError:
            raise CommandError(f"--cut-off {cut_off!r} is not a date of the form YYYY-MM-DD.") from None
        meeting = Meeting.objects.select_related("group").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"There is no meeting with id {meeting_id}.")
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"--language must be one of {', '.join(dict(settings.LANGUAGES))}.")
        rendered = render_report(meeting=meeting, title=title, agenda_item=agenda_item, keep_html=bool(html),
                                 language=language, cut_off=day)
        if html:
            Path(html).write_text(rendered.html, encoding="utf-8")
        if output == "-":
            sys.stdout.buffer.write(rendered.pdf)
            return
        try:
            Path(output).write_bytes(rendered.pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from None
        self.stderr.write(f"{output}: {rendered.pages} pages, {len(rendered.pdf):,} bytes, "
                          f"sha256 {rendered.sha256}")
