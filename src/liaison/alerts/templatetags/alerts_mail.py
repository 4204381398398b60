"""What a notification says, in the active language, for the mail templates."""

from django import template

from liaison.alerts.wording import notification_title

register = template.Library()


@register.simple_tag
def notification_display(notification) -> str:
    """Return the sentence of `notification` in the active language (escaped by the template when HTML)."""
    return notification_title(notification)
