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
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

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
        if self.today is not None and record.is_overdue(on=self.today):
            badge = format_html('{} <span class="badge overdue" title="{}">{}</span>', badge,
                                _("The last month of its timeline has passed and it is not completed."),
                                _("Overdue"))
        return badge

    def value_status(self, record):
        return record.get_status_display()

    # A page of the list renders its rows through one row template
    # (workplan/_activity_row.html) instead of django-tables2's generic cell path: that
    # path inspects each render_* method's signature and merges attributes for every
    # cell, and took most of the list's time at 10,000 activities (bench/pages.py). The
    # template writes the six cells as the render_* methods above do; with other columns
    # the generic rows are used, and a test holds both to the same HTML.
    ROW_TEMPLATE_COLUMNS = ("topic", "description", "responsible", "timeline", "remarks", "status")

    @property
    def row_template(self) -> str | None:
        """The row template's name, or None when the columns are not ROW_TEMPLATE_COLUMNS."""
        if tuple(c.name for c in self.columns) != self.ROW_TEMPLATE_COLUMNS:
            return None
        return "workplan/_activity_row.html"

    @cached_property
    def row_template_td(self) -> dict[str, str]:
        """Each column's ``<td>`` attributes as HTML, computed once per table, not per cell."""
        return {c.name: c.attrs["td"].as_html() for c in self.columns}

    @cached_property
    def row_template_defaults(self) -> dict[str, str]:
        """What an empty cell shows, per column (django-tables2's "—" unless set)."""
        return {c.name: c.default for c in self.columns}

    def order_timeline(self, queryset, is_descending):
        return _timeline_order(queryset, is_descending), True

    def order_responsible(self, queryset, is_descending):
        return _text_order(queryset, "responsible", is_descending), True

    def order_remarks(self, queryset, is_descending):
        return _text_order(queryset, "remarks", is_descending), True

    def order_status(self, queryset, is_descending):
        rank = _STATUS_RANK.desc() if is_descending else _STATUS_RANK.asc()
        return queryset.order_by(rank, "topic__number", "order", "pk"), True
