"""SelectQuick writes the HTML Django's Select writes, and choices_rows reads its options once."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.catalogue.models import Convention
from liaison.core.selects import SelectMultipleQuick, SelectQuick, choices_rows

CHOICES = [("", "---------"), (1, "CMS <Bonn> & \"friends\""), (2, "CBD"), ("x'y", "quote's")]


class Slow(forms.Form):
    one = forms.ChoiceField(choices=CHOICES)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)


class Quick(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, widget=SelectQuick)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False, widget=SelectMultipleQuick)


@pytest.mark.parametrize("data", [None, {"one": "2", "many": ["1", "x'y"]}, {"one": "nope", "many": ["9"]},
                                  {"one": "x'y"}])
def test_quick_selects_write_what_django_writes(data):
    slow, quick = Slow(data), Quick(data)
    if data:
        assert slow.is_valid() == quick.is_valid()
    for name in ("one", "many"):
        assert str(quick[name]) == str(slow[name])
    assert "&lt;Bonn&gt; &amp; &quot;friends&quot;" in str(quick["one"])


def test_quick_select_with_groups_falls_back_to_django():
    grouped = [("Europe", [("fr", "France"), ("de", "Germany")]), ("ke", "Kenya")]
    slow = forms.Select(choices=grouped).render("c", "de")
    assert SelectQuick(choices=grouped).render("c", "de") == slow and "<optgroup" in slow


@pytest.mark.django_db
def test_choices_rows_read_once_for_fields_sharing_them_and_render_as_the_queryset_did():
    class Pick(forms.Form):
        a = forms.ModelChoiceField(queryset=Convention.objects.order_by("acronym"))
        b = forms.ModelChoiceField(queryset=Convention.objects.order_by("acronym"))

    django_form, quick_form = Pick(), Pick()
    for name in ("a", "b"):
        django_form.fields[name].label_from_instance = lambda c: c.acronym
    options = None
    with CaptureQueriesContext(connection) as queries:
        for name in ("a", "b"):
            options = choices_rows(quick_form.fields[name], lambda: Convention.objects.order_by("acronym").values_list(
                "pk", "acronym"), share=options)
    assert len(queries) == 0  # a form that is not shown reads nothing
    with CaptureQueriesContext(connection) as queries:
        html = str(quick_form["a"]) + str(quick_form["b"])
    assert len(queries) == 1
    assert html == str(django_form["a"]) + str(django_form["b"])
    assert html.count("<option") == 2 * (Convention.objects.count() + 1)
    bound = Pick({"a": Convention.objects.get(acronym="CMS").pk, "b": "999999"})
    choices_rows(bound.fields["a"], lambda: [])  # the options shown; what is accepted is the queryset's
    assert bound.errors.keys() == {"b"}
