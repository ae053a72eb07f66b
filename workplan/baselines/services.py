"""Freezing baselines of a working group's plan."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workplan.plan.models import Activity, WorkingGroup
from workplan.plan.asof import HistoricalActivityParties, activities_as_of, day_end

from .models import Baseline, BaselineActivity


class BaselineError(ValueError):
    """A baseline that cannot be taken; the message says why, for the person asking."""


SEED_BASELINE_NAME = "Work plan approved by the Council, June 2018"
# The Policy Commission and the Council approved the plan at their June 2018 sessions
# (seed document, paragraph 4); the seed's Annex I is that plan.
SEED_BASELINE_AS_OF = dt.date(2018, 6, 30)


def _withdrawn(row, cut_off: dt.datetime | None) -> bool:
    withdrawn_at = row.withdrawn_at
    return bool(withdrawn_at and (cut_off is None or withdrawn_at < cut_off))


def baseline_freeze(*, group: WorkingGroup, name: str, by=None, as_of: dt.date | None = None,
                    label_as_of: dt.date | None = None, now: dt.datetime | None = None) -> Baseline:
    """Freeze ``group``'s plan under ``name``: the current plan (``as_of`` None) or the
    plan as it stood at the end of ``as_of`` (a day in the group's time zone, before
    today). ``label_as_of`` overrides the day the baseline says it is as of (the seed's
    plan is the one approved in June 2018, though loaded later). ``by``: the user.

    One row per activity then in the plan, with its parties then. Raises
    ``BaselineError`` for a blank or taken name, a day not before today, or a plan with
    no activity on that day. Atomic; a fixed number of queries (five).
    """
    name = (name or "").strip()
    if not name:
        raise BaselineError(_("Give the baseline a name."))
    now = now or timezone.now()
    today = group.today(now)
    if as_of is not None and as_of >= today:
        as_of = None  # today's plan is the current plan
    if as_of is None:
        activities = list(Activity.objects.for_group(group).select_related("topic")
                          .prefetch_related("parties").order_by("topic__number", "order", "pk"))
        parties = {a.pk: sorted(p.short_name for p in a.parties.all()) for a in activities}
        cut_off = None
    else:
        cut_off = day_end(group, as_of)
        activities = list(activities_as_of(group=group, cut_off=cut_off))
        parties = {}
        for link in (HistoricalActivityParties.objects.filter(history_id__in=[a.history_id for a in activities])
                     .select_related("party", "history")):
            parties.setdefault(link.history.id, []).append(link.party.short_name)
        parties = {k: sorted(v) for k, v in parties.items()}
    if not activities:
        raise BaselineError(_("The plan had no activity on that day: there is nothing to freeze."))
    try:
        with transaction.atomic():
            baseline = Baseline.objects.create(group=group, name=name, as_of=label_as_of or as_of or today,
                                               taken_at=now, created_by=by)
            BaselineActivity.objects.bulk_create([
                BaselineActivity(
                    baseline=baseline, activity_id=a.id, topic_number=a.topic.number, topic_title=a.topic.title,
                    order=a.order, description=a.description, responsible=a.responsible,
                    parties=parties.get(a.id, []), timeline_text=a.timeline_text, first_month=a.first_month,
                    last_month=a.last_month, status=a.status, withdrawn=_withdrawn(a, cut_off))
                for a in activities])
    except IntegrityError:
        raise BaselineError(_("A baseline named “%(name)s” already exists.") % {"name": name}) from None
    return baseline


def seed_baseline_ensure(*, group: WorkingGroup) -> Baseline | None:
    """The seed's approved plan as the group's first baseline, taken from the plan just
    loaded; None when it exists already or the group has no activity."""
    if Baseline.objects.filter(group=group, name=SEED_BASELINE_NAME).exists():
        return None
    try:
        return baseline_freeze(group=group, name=SEED_BASELINE_NAME, label_as_of=SEED_BASELINE_AS_OF)
    except BaselineError:
        return None
