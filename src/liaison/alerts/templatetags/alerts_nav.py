"""The header's link to one's notifications with the unread count (one COUNT query, signed-in users only)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.alerts.selectors import notifications_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_link(context) -> str:
    """Return the link to the notifications page with the unread count, or '' when nobody is signed in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    count = notifications_unread_count(user=user)
    label = ngettext("%(n)d unread notification", "%(n)d unread notifications", count) % {"n": count}
    return format_html('<a class="notifications" href="{}" title="{}">{} <span class="count">{}</span></a>',
                       reverse("alerts:notification_list"), label, _("Notifications"), count)
