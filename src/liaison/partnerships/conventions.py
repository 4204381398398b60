"""Which convention a page or call is about: `convention=<acronym>`, else the user's own secretariat, else CMS.

Every secretariat runs its own registry, work plans, contributions and Standing Committee report; the
convention is always a parameter. When none is given, staff of exactly one secretariat get their own
convention, everyone else (the public, partners, staff of several) the CMS view, the convention Liaison
started with.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import Invalid

DEFAULT_ACRONYM = "CMS"


def convention_resolve(*, user, acronym: str | None = None) -> Convention:
    """Return the convention named by `acronym`, or the default for `user`; raise Invalid when unknown."""
    if acronym:
        convention = Convention.objects.filter(acronym__iexact=acronym.strip()).first()
        if convention is None:
            message = _("Unknown convention %(acronym)s.") % {"acronym": repr(acronym)}
            raise Invalid(message, errors=[{"field": "convention", "message": message}])
        return convention
    own = [c for c in access_for(user).secretariat if c is not None]
    if len(own) == 1:
        convention = Convention.objects.filter(pk=own[0]).first()
        if convention is not None:
            return convention
    convention = Convention.objects.filter(acronym=DEFAULT_ACRONYM).first()
    if convention is None:
        raise Invalid(_("No convention is loaded yet (run `liaison load`)."))
    return convention
