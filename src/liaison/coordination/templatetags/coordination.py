"""Links to coordination rooms, shown only to people who may enter them."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Country
from liaison.coordination.permissions import room_can_read

register = template.Library()


@register.simple_tag(takes_context=True)
def room_link(context, country) -> str:
    """A link to the coordination room of `country`, for who may enter it; nothing for anyone else."""
    request = context.get("request")
    if request is None or not room_can_read(user=request.user, country=country):
        return ""
    return format_html('<p id="room-link"><a class="btn secondary" href="{}">{}</a></p>',
                       reverse("coordination:room", args=[country.iso3]), _("Coordination room"))


@register.simple_tag(takes_context=True)
def room_links(context) -> str:
    """Links to the coordination rooms of the countries the signed-in person acts for (none for others)."""
    request = context.get("request")
    countries = access_for(getattr(request, "user", None)).countries
    if not countries:
        return ""
    rows = [(reverse("coordination:room", args=[c.iso3]), _("Coordination room of %(country)s") % {"country": c.name})
            for c in Country.objects.filter(pk__in=sorted(countries)).order_by("name")]
    return format_html('<p id="room-links">{}</p>', format_html_join(" ", '<a href="{}">{}</a>', rows))


@register.simple_tag(takes_context=True)
def notes_linked(context, kind: str, obj) -> str:
    """The notes of the working groups of the reader's countries that link to `obj` (kind "mandate" or "target"),
    newest first, each read through the group's visibility (coordination.links.notes_linking); nothing for anyone
    who reads none."""
    from liaison.coordination.links import notes_linking

    request = context.get("request")
    countries = access_for(getattr(request, "user", None)).countries
    if not countries or obj is None:
        return ""
    field = {"mandate": "mandates", "target": "targets"}[kind]
    rows = []
    for country in Country.objects.filter(pk__in=sorted(countries)).order_by("name"):
        asked = {"mandates": [], "questionnaires": [], "targets": []} | {field: [obj.pk]}
        for note in notes_linking(user=request.user, country=country, **asked)[field].get(obj.pk, []):
            rows.append((note["url"], note["group"], note["date"].isoformat() if note["date"] else "",
                         note["excerpt"]))
    if not rows:
        return ""
    return format_html('<section id="linked-notes"><h2>{}</h2><ul>{}</ul></section>', _("Notes of your working groups"),
                       format_html_join("", '<li><a href="{}" dir="auto">{}</a> <span class="help" dir="ltr">{}</span> <span dir="auto">{}'
                                        '</span></li>', rows))
