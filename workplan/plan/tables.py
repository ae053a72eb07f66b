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
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig
from django_tables2.utils import AttributeDict

from workplan.plan.models import Activity

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


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
        F("pk").asc(),  # stable among equal rows, e.g. two blank timelines
    )


def _text_order(queryset, field: str, is_descending: bool):
    """Text order with blank cells last in both directions, as for timelines."""
    blank_last = Case(When(**{field: ""}, then=Value(1)), default=Value(0), output_field=IntegerField())
    text = F(field).desc() if is_descending else F(field).asc()
    return queryset.order_by(blank_last.asc(), text, "topic__number", "order", "pk")


# Status in its workflow order, not the alphabetical order of its codes.
_STATUS_RANK = Case(*[When(status=value, then=Value(i)) for i, value in enumerate(Activity.Status.values)],
                    output_field=IntegerField())


class ActivityTable(tables.Table):
    """Columns Topic, Activity, Responsible, Timeline, Remarks, Status: also the columns
    of the CSV and XLSX exports. Pass ``today`` (the working group's date) for the overdue
    flag shown beside the status."""

    topic = tables.Column(verbose_name=_("Topic"), order_by=("topic__number", "order"),
                          attrs={"td": {"class": "col-topic"}})
    description = tables.Column(verbose_name=_("Activity"), linkify=True,
                                 order_by=("description", "pk"),
                                 attrs={"td": {"class": "col-activity"}})
    # default="": blank cells stay blank (the seed leaves Remarks empty), not "—".
    responsible = tables.Column(verbose_name=_("Responsible"), default="")
    timeline = tables.Column(verbose_name=_("Timeline"), accessor="timeline_text", empty_values=(),
                             attrs={"td": {"class": "col-timeline"}})
    remarks = tables.Column(verbose_name=_("Remarks"), default="")
    status = tables.Column(verbose_name=_("Status"), attrs={"td": {"class": "col-status"}})

    class Meta:
        model = Activity
        fields = ()
        sequence = ("topic", "description", "responsible", "timeline", "remarks", "status")
        template_name = "workplan/_table.html"
        attrs = {"class": "table activities"}
        empty_text = _("No activity matches these filters.")

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_topic(self, record):
        return str(record.topic)

    def value_topic(self, record):
        return str(record.topic)

    # format_html rather than a template per cell: a page of 100 rows renders 200 of them.
    def render_timeline(self, record):
        if not record.timeline_text:
            return format_html('<span class="muted">{}</span>', _("Unscheduled"))
        if record.tentative:
            return format_html('{} <span class="muted">({})</span>', record.timeline_text, _("tentative"))
        return record.timeline_text

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

    # The rows of these six columns are built here with format_html: django-tables2's
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
    FAST_COLUMNS = ("topic", "description", "responsible", "timeline", "remarks", "status")

    def fast_tbody(self):
        """The page's ``<tbody>`` as safe HTML, or None when the columns are not FAST_COLUMNS."""
        columns = list(self.columns)
        if tuple(c.name for c in columns) != self.FAST_COLUMNS:
            return None
        td = {c.name: c.attrs["td"].as_html() for c in columns}
        default = {c.name: c.default for c in columns}

        def plain(name, value):
            return default[name] if value in (None, "") else value

        rows = []
        for i, bound_row in enumerate(self.page.object_list if self.page else self.rows):
            record = bound_row.record
            description = (format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.description)
                           if record.description else default["description"])
            cells = [("topic", self.render_topic(record)), ("description", description),
                     ("responsible", plain("responsible", record.responsible)),
                     ("timeline", self.render_timeline(record)),
                     ("remarks", plain("remarks", record.remarks)),
                     ("status", self.render_status(record) if record.status else default["status"])]
            rows.append(format_html('<tr class="{}">{}</tr>', "odd" if i % 2 else "even", format_html_join(
                "", "<td {}>{}</td>", ((td[name], html) for name, html in cells))))
        if not rows and self.empty_text:
            rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        tbody = self.attrs.get("tbody")
        return format_html("<tbody {}>{}</tbody>", AttributeDict(tbody).as_html() if tbody else "",
                           mark_safe("".join(rows)))

    def order_timeline(self, queryset, is_descending):
        return _timeline_order(queryset, is_descending), True

    def order_responsible(self, queryset, is_descending):
        return _text_order(queryset, "responsible", is_descending), True

    def order_remarks(self, queryset, is_descending):
        return _text_order(queryset, "remarks", is_descending), True

    def order_status(self, queryset, is_descending):
        rank = _STATUS_RANK.desc() if is_descending else _STATUS_RANK.asc()
        return queryset.order_by(rank, "topic__number", "order", "pk"), True
