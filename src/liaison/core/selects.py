"""Long <select>s written without a template per option, and their choices read as plain rows.

Django's Select renders each <option> through a template include: with the hundreds of targets, mandates or
decisions a form offers, that is most of a signed-in page's time (issue 18: 40-60 ms of the synergies page, the
work plan and a theme). SelectQuick writes the same HTML in Python. `choices_rows` gives a widget its options
from one query of plain values (no model instance per option), read once however many fields share them; the
field keeps its queryset, which still decides what is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


class SelectQuick(forms.Select):
    """A Select whose options are written in Python: the HTML of Django's Select, option for option."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own templates
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = set(self.format_value(value))
        parts = []
        has_selected = False
        for option_value, label in choices:
            option_value = "" if option_value is None else option_value
            selected = (not has_selected or self.allow_multiple_selected) and str(option_value) in chosen
            has_selected |= selected
            parts.append(f'\n  <option value="{escape(option_value)}"{" selected" if selected else ""}>'
                         f"{conditional_escape(label)}</option>\n")
        return mark_safe(f'<select name="{escape(name)}"{attrs_html(final)}>{"".join(parts)}\n</select>')


def attrs_html(attrs: dict) -> str:
    """Return `attrs` written as django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return "".join(f" {name}" if value is True else f' {name}="{escape(value)}"'
                   for name, value in attrs.items() if value is not False)


class SelectMultipleQuick(SelectQuick, forms.SelectMultiple):
    """A SelectMultiple written as SelectQuick is."""

    allow_multiple_selected = True


class ChoicesOnce(BaseChoiceIterator):
    """Choices made by `make` at the first iteration and kept: fields sharing them read the database once (a
    BaseChoiceIterator, so that Django keeps it lazy: a form that is not shown reads nothing)."""

    def __init__(self, make: Callable[[], Iterable[tuple]]):
        self.make = make
        self.rows: list[tuple] | None = None

    def __iter__(self) -> Iterator[tuple]:
        if self.rows is None:
            self.rows = list(self.make())
        return iter(self.rows)


def choices_rows(field: forms.ModelChoiceField, rows: Callable[[], Iterable[tuple]], *,
                 share: ChoicesOnce | None = None) -> ChoicesOnce:
    """Give `field`'s widget the options (value, label) that `rows` yields (from the field's own queryset), after
    the field's empty option; `share` reuses the options another field of the form already has. Return them.
    The field's widget becomes a SelectQuick (SelectMultipleQuick) with the same attributes."""
    widget = field.widget
    if not isinstance(widget, SelectQuick):
        quick = (SelectMultipleQuick if widget.allow_multiple_selected else SelectQuick)(attrs=widget.attrs)
        quick.is_required = widget.is_required
        field.widget = quick
    options = share if share is not None else ChoicesOnce(lambda: [*(([("", field.empty_label)]) if field.empty_label is not None
                                              else []), *rows()])
    field.widget.choices = options
    return options
