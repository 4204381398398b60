"""The Follow / Unfollow button of a page that shows something one may follow (a theme, a country's reports)."""

from django import template
from django.utils.translation import gettext_lazy as _

from liaison.alerts.objects import TYPES
from liaison.alerts.selectors import follow_of

register = template.Library()

WHAT = {"theme": _("Be told of new decisions and overlaps under this theme."),
        "country_reports": _("Be told when this country's national reports that you may read are delegated, "
                             "submitted or reopened.")}


@register.inclusion_tag("alerts/follow_button.html", takes_context=True)
def follow_button(context, object_type: str, key: str) -> dict:
    """Return the button's context: Unfollow for what one follows, Follow for what one may follow, else nothing
    (anonymous visitors, people who may not follow it); two queries at most."""
    request = context.get("request")
    user = getattr(request, "user", None)
    followable = TYPES[object_type]
    if user is None or not user.is_authenticated:
        return {"show": False}
    object_id = followable.model.objects.filter(**{followable.key: key}).values_list("pk", flat=True).first()
    follow = follow_of(user=user, object_type=object_type, object_id=object_id)
    if follow is None and object_id is not None and not followable.may_follow(user).filter(pk=object_id).exists():
        return {"show": False}
    return {"show": True, "follow": follow, "type": object_type, "key": key, "what": WHAT.get(object_type, ""),
            "next": request.get_full_path()}
