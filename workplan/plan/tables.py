"""The activity table (django-tables2) and safe paging for every table.

Every column sorts in SQL (a sort on a computed value must not fail): a column showing a computed value declares what it
sorts by. Timeline sorts by first month, then last month, then activity text, and
unscheduled (blank) timelines come last in both directions (PostgreSQL would put them
first when descending); blank Responsible
and Remarks cells come last too. Ties fall back to plan order, so sorting is stable.
"""

import datetime as dt

import django_tables2 as tables
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig
from django_tables2.utils import AttributeDict

from workplan.plan.models import Activity
from workplan.plan.visibility import SECRETARIAT_ONLY_ACTIVITY_FIELDS

# A working group's whole plan on one page by default (the seed's has 26 activities).
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
# Characters of the latest note shown in a list row.
NOTE_PREVIEW_CHARS = 160


def activity_columns(*, secretariat: bool) -> list[tuple[str, str]]:
    """[(column name, header)] a user may choose on the activity list, in table order:
    every column, plus the Secretariat-only ones (workplan/plan/visibility.py) for the
    Secretariat of the group."""
    return [(name, str(column.verbose_name)) for name, column in ActivityTable.base_columns.items()
            if secretariat or name not in SECRETARIAT_ONLY_ACTIVITY_FIELDS]


def chosen_columns(raw: list[str], *, secretariat: bool) -> list[str]:
    """The columns to show for a ``?cols=`` choice: the known ones asked for, in table
    order; every column but the Secretariat-only ones when nothing known is asked for.
    Unknown names and, for others than the Secretariat, Secretariat-only ones are ignored."""
    allowed = [name for name, _label in activity_columns(secretariat=secretariat)]
    chosen = [name for name in allowed if name in set(raw)]
    return chosen or [name for name in allowed if name not in SECRETARIAT_ONLY_ACTIVITY_FIELDS]


def _positive_int(raw, default: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default


class SafeRequestConfig(RequestConfig):
    """``RequestConfig`` that never lets paging parameters fail (a hand-edited ?page=abc or
    ?per_page=-1 shows a page, never an error).

    ``per_page`` <= 0 or not a number: the default; above ``MAX_PER_PAGE``: capped.
    ``page`` 0, negative or not a number: page 1; past the end: the last page.
    """

    def __init__(self, request, paginate=True, default_per_page=DEFAULT_PER_PAGE,
                 max_per_page=MAX_PER_PAGE):
        super().__init__(request, paginate=paginate)
        self.default_per_page = default_per_page
        self.max_per_page = max_per_page

    def configure(self, table):
        table.request = self.request
        order_by = self.request.GET.getlist(table.prefixed_order_by_field)
        if order_by:
            table.order_by = order_by  # unknown or unsortable columns are dropped
        if self.paginate:
            options = dict(self.paginate) if hasattr(self.paginate, "items") else {}
            options.pop("silent", None)
            per_page = min(_positive_int(self.request.GET.get(table.prefixed_per_page_field),
                                         options.pop("per_page", self.default_per_page)),
                           self.max_per_page)
            page = _positive_int(self.request.GET.get(table.prefixed_page_field), 1)
            table.paginate(per_page=per_page, page=1, **options)
            page = min(page, table.paginator.num_pages)
            if page != 1:
                table.page = table.paginator.page(page)
        return table


def _timeline_order(queryset, is_descending: bool):
    direction = "desc" if is_descending else "asc"
    return queryset.order_by(
        getattr(F("first_month"), direction)(nulls_last=True),
        getattr(F("last_month"), direction)(nulls_last=True),
        getattr(F("description"), direction)(),
        F("id").asc(),  # stable among equal rows (the activity id: also on past rows)
    )


def _text_order(queryset, field: str, is_descending: bool):
    """Text order with blank cells last in both directions, as for timelines."""
    blank_last = Case(When(**{field: ""}, then=Value(1)), default=Value(0), output_field=IntegerField())
    text = F(field).desc() if is_descending else F(field).asc()
    return queryset.order_by(blank_last.asc(), text, "topic__number", "order", "id")


# Status in its workflow order, not the alphabetical order of its codes.
_STATUS_RANK = Case(*[When(status=value, then=Value(i)) for i, value in enumerate(Activity.Status.values)],
                    output_field=IntegerField())


class ActivityTable(tables.Table):
    """Columns No. (topic number, then order: "2.3"), Topic, Activity, Responsible,
    Timeline, Remarks, Status, Latest note, Last changed and, for the Secretariat only,
    Internal note: also the columns of the CSV and XLSX exports. Which are shown is
    chosen with ``exclude`` (see ``activity_columns``). Pass ``today`` (the working group's
    date) for the overdue flag beside the status and ``tz`` (its zone) for the dates."""

    number = tables.Column(verbose_name=_("No."), accessor="order", order_by=("topic__number", "order", "id"),
                           attrs={"td": {"class": "col-number"}})
    topic = tables.Column(verbose_name=_("Topic"), order_by=("topic__number", "order"),
                          attrs={"td": {"class": "col-topic"}})
    description = tables.Column(verbose_name=_("Activity"), linkify=True,
                                 order_by=("description", "id"),
                                 attrs={"td": {"class": "col-activity"}})
    # default="": blank cells stay blank (the seed leaves Remarks empty), not "—".
    responsible = tables.Column(verbose_name=_("Responsible"), default="")
    timeline = tables.Column(verbose_name=_("Timeline"), accessor="timeline_text", empty_values=(),
                             attrs={"td": {"class": "col-timeline"}})
    remarks = tables.Column(verbose_name=_("Remarks"), default="")
    status = tables.Column(verbose_name=_("Status"), attrs={"td": {"class": "col-status"}})
    progress_note = tables.Column(verbose_name=_("Latest note"), default="", attrs={"td": {"class": "col-note"}})
    changed_at = tables.Column(verbose_name=_("Last changed"), attrs={"td": {"class": "col-changed"}})
    internal_note = tables.Column(verbose_name=_("Internal note (Secretariat only)"), default="",
                                  attrs={"td": {"class": "col-note"}})

    class Meta:
        # No ``model``: the rows are activities or, on a past view, their history rows.
        fields = ()
        sequence = ("number", "topic", "description", "responsible", "timeline", "remarks", "status",
                    "progress_note", "changed_at", "internal_note")
        template_name = "workplan/_table.html"
        attrs = {"class": "table activities"}
        empty_text = _("No activity matches these filters.")

    def __init__(self, *args, today: dt.date | None = None, tz=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.tz = tz

    def render_number(self, record):
        return record.number

    def value_number(self, record):
        return record.number

    def render_topic(self, record):
        return str(record.topic)

    def value_topic(self, record):
        return str(record.topic)

    # format_html rather than a template per cell: a page of 100 rows renders 200 of them.
    def render_timeline(self, record):
        label = record.timeline_label
        if not label:
            return format_html('<span class="muted">{}</span>', _("Unscheduled"))
        if record.tentative:
            return format_html('{} <span class="muted">({})</span>', label, _("tentative"))
        return label

    def value_timeline(self, record):
        return record.timeline_text

    def render_status(self, record):
        badge = format_html('<span class="badge {}">{}</span>', record.status, record.get_status_display())
        if record.withdrawn_at is not None:
            badge = format_html('<span class="badge withdrawn">{}</span> {}', _("Withdrawn"), badge)
        if self.today is not None and record.is_overdue(on=self.today):
            badge = format_html('{} <span class="badge overdue" title="{}">{}</span>', badge,
                                _("The last month of its timeline has passed and it is not completed."),
                                _("Overdue"))
        return badge

    def value_status(self, record):
        return record.get_status_display()

    def render_progress_note(self, record):
        # The page shows the start of a long note; the export and the activity page all of it.
        return Truncator(record.progress_note).chars(NOTE_PREVIEW_CHARS)

    def _changed_day(self, record) -> str:
        moment = record.changed_at
        return (timezone.localtime(moment, self.tz) if self.tz else moment).date().isoformat() if moment else ""

    def render_changed_at(self, record):
        return self._changed_day(record)

    def value_changed_at(self, record):
        return self._changed_day(record)

    # The rows of these columns are built here with format_html: django-tables2's
    # generic cell path (a signature inspection and an attrs merge per cell) took most
    # of the activity list's time (bench/pages.py). With other columns the template falls
    # back to django-tables2's own rows; a test checks both give the same HTML.
    #
    # Kept after trying a row template instead (one include per row inside
    # django-tables2's tbody loop, cells written once in workplan/_activity_row.html):
    # at 10,000 activities bench/pages.py put the list at 0.66x the admin changelist but
    # 5.84x the bare view (368 ms against 63 ms, medians, on a shared 2-core machine),
    # beyond the 3x allowed; measured side by side in CPU time per request, the list took
    # 26-30 ms with these rows and 30-32 ms with the template, the bare view 7-9 ms
    # (about 3x against 4x). So the Python rows stay until a template can match them.
    FAST_COLUMNS = ("number", "topic", "description", "responsible", "timeline", "remarks", "status",
                    "progress_note", "changed_at", "internal_note")

    def _fast_cell(self, name: str, record, default: dict):
        if name == "description":
            return (format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.description)
                    if record.description else default["description"])
        if name in ("responsible", "remarks", "internal_note"):
            value = getattr(record, name)
            return default[name] if value in (None, "") else value
        if name == "progress_note":
            return self.render_progress_note(record) if record.progress_note else default[name]
        if name == "status":
            return self.render_status(record) if record.status else default["status"]
        if name == "changed_at":
            return self.render_changed_at(record) if record.changed_at else default[name]
        return getattr(self, f"render_{name}")(record)

    def fast_tbody(self):
        """The page's ``<tbody>`` as safe HTML, or None when a column is not in FAST_COLUMNS."""
        columns = list(self.columns)
        names = [c.name for c in columns]
        if any(name not in self.FAST_COLUMNS for name in names):
            return None
        td = {c.name: c.attrs["td"].as_html() for c in columns}
        default = {c.name: c.default for c in columns}
        rows = []
        for i, bound_row in enumerate(self.page.object_list if self.page else self.rows):
            record = bound_row.record
            cells = [(name, self._fast_cell(name, record, default)) for name in names]
            rows.append(format_html('<tr class="{}">{}</tr>', "odd" if i % 2 else "even", format_html_join(
                "", "<td {}>{}</td>", ((td[name], html) for name, html in cells))))
        if not rows and self.empty_text:
            rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        tbody = self.attrs.get("tbody")
        return format_html("<tbody {}>{}</tbody>", AttributeDict(tbody).as_html() if tbody else "",
                           mark_safe("".join(rows)))

    def order_progress_note(self, queryset, is_descending):
        return _text_order(queryset, "progress_note", is_descending), True

    def order_internal_note(self, queryset, is_descending):
        return _text_order(queryset, "internal_note", is_descending), True

    def order_changed_at(self, queryset, is_descending):
        moment = F("changed_at").desc() if is_descending else F("changed_at").asc()
        return queryset.order_by(moment, "topic__number", "order", "id"), True

    def order_timeline(self, queryset, is_descending):
        return _timeline_order(queryset, is_descending), True

    def order_responsible(self, queryset, is_descending):
        return _text_order(queryset, "responsible", is_descending), True

    def order_remarks(self, queryset, is_descending):
        return _text_order(queryset, "remarks", is_descending), True

    def order_status(self, queryset, is_descending):
        rank = _STATUS_RANK.desc() if is_descending else _STATUS_RANK.asc()
        return queryset.order_by(rank, "topic__number", "order", "id"), True
