"""The working group as an object alerts tells people about: its type, how it is read and linked, its wording.

Registered from this app (alerts.objects lists the types of the areas below it; a working group sits above
alerts, which cannot import it). Alerts reads a working group through `working_group_visible_to`, so a person
taken out of a group is not told of its notes any more.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

OBJECT_TYPE = "working_group"
NOTE_WORDING = "working_group_note"
ACTION_WORDING = "working_group_action"


def register() -> None:
    """Add the working group to alerts' followable types and its note's sentence to alerts' wordings."""
    from liaison.alerts import objects, wording
    from liaison.coordination.models import WorkingGroup
    from liaison.coordination.permissions import working_group_visible_to

    followable = objects.Followable(
        OBJECT_TYPE, WorkingGroup, working_group_visible_to,
        lambda o: reverse("coordination:room", args=[o.country.iso3]) + f"#group-{o.pk}")
    objects.TYPES.setdefault(OBJECT_TYPE, followable)
    objects.BY_MODEL.setdefault(WorkingGroup, objects.TYPES[OBJECT_TYPE])
    wording.MESSAGES.setdefault(NOTE_WORDING, _("%(author)s added a note to %(group)s (%(country)s)"))
    wording.MESSAGES.setdefault(ACTION_WORDING, _("%(author)s: action “%(action)s” of %(group)s (%(country)s), "
                                                  "owner %(owner)s, %(status)s"))
