"""The menu entry of due diligence, shown to those who screen companies (secretariat staff, reviewers)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for

register = template.Library()


@register.simple_tag(takes_context=True)
def due_diligence_link(context) -> str:
    """Return the menu item of the screenings page, or '' for users who do not screen companies."""
    request = context.get("request")
    access = access_for(getattr(request, "user", None))
    if not (access.everything or access.is_secretariat() or access.is_reviewer()):
        return ""
    url = reverse("partnerships:screening_list")
    current = ' aria-current="page"' if request.path.startswith(url) else ""
    return format_html('<li><a href="{}"{}>{}</a></li>', url, mark_safe(current), _("Due diligence"))
