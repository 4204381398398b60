"""Template filters that show a mandate's addressee and verb in the reader's language: {{ m.actor.label|addressee }}."""

from django import template

from liaison.decisions.wording import addressee_local, verb_local

register = template.Library()


@register.filter
def addressee(label) -> str:
    """Return the addressee's label in the active language."""
    return addressee_local(str(label or ""))


@register.filter
def mandate_verb(verb) -> str:
    """Return the mandate verb in the active language."""
    return verb_local(str(verb or ""))
