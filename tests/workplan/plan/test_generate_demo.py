"""manage.py generate_demo builds a deterministic synthetic deployment (issue 8)."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from intersessional.models import IntersessionalGroup
from workplan.models import Activity, WorkingGroup


def _snapshot():
    return list(Activity.objects.order_by("topic__group__acronym", "topic__number", "order")
                .values_list("description", "timeline_text", "status", "responsible"))


@pytest.mark.django_db
def test_generate_demo_is_deterministic_and_complete():
    call_command("generate_demo", groups=2, activities=300, users=20, seed=7)
    assert WorkingGroup.objects.filter(acronym__startswith="DEMO").count() == 2
    assert Activity.objects.count() == 300
    assert Activity.history.count() >= 300
    assert IntersessionalGroup.objects.count() == 10
    first = _snapshot()
    call_command("generate_demo", groups=2, activities=300, users=20, seed=7, replace=True)
    assert _snapshot() == first
    # Every generated timeline is consistent with the months stored beside it.
    assert not Activity.objects.filter(first_month__gt=F("last_month")).exists()


@pytest.mark.django_db
def test_generate_demo_refuses_to_overwrite_without_replace():
    call_command("generate_demo", groups=1, activities=5, users=2, seed=1)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_demo", groups=1, activities=5, users=2, seed=1)
