"""FastSelect gives the same HTML as Django's Select (issue 8: it only renders faster)."""

import re

import pytest
from django import forms

from tests.support.factories import PartyFactory
from workplan.models import Party
from workplan.plan.widgets import FastSelect


def _normal(html):
    """Whitespace between tags and the order of a tag's attributes do not matter."""
    html = re.sub(r">\s+<", "><", html.strip())
    return re.sub(r"<(\w+)([^>]*)>", lambda m: "<" + m.group(1) + " ".join(
        [""] + sorted(re.findall(r'\w[\w-]*(?:="[^"]*")?', m.group(2)))) + ">", html)


@pytest.mark.parametrize("data", [{}, {"status": "b", "party": "first"}, {"status": "zz", "party": "999999"}])
def test_fast_select_renders_like_django_select(db, data):
    PartyFactory(short_name="UPU & <IATA>")
    PartyFactory(short_name="CBSA")

    def form(widget):
        class F(forms.Form):
            status = forms.ChoiceField(choices=[("", "Any"), ("a", "A <&>"), ("b", "B")], required=False,
                                       widget=widget)
            party = forms.ModelChoiceField(Party.objects.order_by("short_name"), empty_label="Any party",
                                           required=False, widget=widget)
        values = dict(data)
        if values.get("party") == "first":
            values["party"] = str(Party.objects.order_by("short_name").first().pk)
        f = F(values)
        f.is_valid()
        return f

    for name in ("status", "party"):
        assert _normal(str(form(FastSelect)[name])) == _normal(str(form(forms.Select)[name]))
