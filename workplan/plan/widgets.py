"""Form widgets rendered in Python where Django's per-option templates cost too much.

Django renders each <option> of a Select through a template (about 0.15 ms each); the
activity filters' party list alone holds every party of the group (about 200 in a large
deployment), a third of the activity list's rendering time (bench/pages.py).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """``forms.Select`` giving the HTML of Django's templates, built with format_html.

    Flat choices only; grouped choices (optgroups) go through Django's own rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Through iter(): list() of a ModelChoiceIterator would first ask its len(), a COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options, has_selected = [], False
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            is_selected = not has_selected and option_value in selected
            has_selected |= is_selected
            options.append((option_value, mark_safe(" selected") if is_selected else "", label))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           format_html_join("", '<option value="{}"{}>{}</option>', options))
