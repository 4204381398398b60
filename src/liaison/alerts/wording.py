"""What a notification says, rendered in the reader's language from the names stored with it."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "repeals": _("%(new)s repeals %(followed)s"),
    "revises": _("%(new)s revises %(followed)s"),
    "refers": _("%(new)s refers to %(followed)s"),
    "mandate": _("A mandate of %(decision)s (paragraph %(paragraph)s) changed: %(fields)s"),
    "report_delegated": _("%(report)s: section %(section)s was delegated to %(to)s"),
    "section_delegated": _("%(report)s: section %(section)s was delegated to you"),
    "report_submitted": _("%(report)s was submitted"),
    "report_reopened": _("%(report)s is open for changes again"),
    "report_due": _("%(questionnaire)s of %(country)s is due on %(deadline)s"),
    "report_overdue": _("%(questionnaire)s of %(country)s was due on %(deadline)s and is not submitted"),
    "link_accepted": _("A link from %(source)s to %(target)s was accepted"),
    "links_suggested": _("New links were suggested for %(target)s"),
    "contribution_submitted": _("%(organization)s submitted \"%(contribution)s\" to %(convention)s"),
    "contribution_returned": _("\"%(contribution)s\" was returned with comments by %(convention)s"),
    "contribution_accepted": _("\"%(contribution)s\" was accepted by %(convention)s"),
    "contribution_rejected": _("\"%(contribution)s\" was rejected by %(convention)s"),
    "activity_late": _("%(activity)s (%(workplan)s) was due to end on %(end)s and is not done"),
    "overlap": _("%(new)s (paragraph %(new_paragraph)s) overlaps %(followed)s (paragraph %(paragraph)s)"),
    "overlap_mandate": _("%(new)s (paragraph %(new_paragraph)s) overlaps a mandate of %(followed)s "
                         "(paragraph %(paragraph)s)"),
    "theme_decision": _("%(decision)s (¶ %(paragraphs)s) comes under the theme %(theme)s"),
    "theme_overlap": _("New overlaps under the theme %(theme)s (%(n)s), the closest: %(a)s ¶ %(pa)s and %(b)s "
                       "¶ %(pb)s"),
    "mandate_deadline_near": _("A mandate of %(decision)s (paragraph %(paragraph)s) is due by %(end)s"),
    "mandate_deadline_passed": _("The deadline of a mandate of %(decision)s (paragraph %(paragraph)s) passed on "
                                 "%(end)s"),
}
FIELDS = {"status": _("status"), "owner": _("owner"), "deadline": _("deadline")}


def messages_active() -> dict[str, str]:
    """Return the sentences' patterns in the active language (to word thousands of notifications at once)."""
    return {key: str(message) for key, message in MESSAGES.items()}


def wording(params: dict, messages: dict | None = None) -> str:
    """Return the sentence of `params` ({"m": key, names...}) in the active language ("" for unknown keys);
    `messages` (messages_active()) saves translating the pattern again for each of many notifications."""
    message = (messages or MESSAGES).get(params.get("m", ""))
    if message is None:
        return ""
    values = {k: v for k, v in params.items() if k != "m"}
    for key in [k for k in values if k.endswith("_names")]:  # a name kept in several languages (a theme's)
        names, language = values.pop(key), (translation.get_language() or "en")
        if isinstance(names, dict):
            values[key[:-6]] = names.get(language) or names.get(language.split("-")[0]) or values.get(key[:-6], "")
    if "fields" in values:
        values["fields"] = ", ".join(str(FIELDS.get(f, f)) for f in values["fields"])
    try:
        return str(message) % values
    except (KeyError, TypeError, ValueError):
        return ""


def wording_stored(params: dict) -> str:
    """Return the sentence in the site's default language, as stored in Notification.title."""
    with translation.override(settings.LANGUAGE_CODE):
        return wording(params)


def notification_title(notification) -> str:
    """Return what `notification` says, in the active language."""
    return wording(notification.params or {}) or notification.title
