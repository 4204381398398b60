"""Permission gateway of the overlap area: the report is public; recomputing and the lead register are staff's.

Any convention's secretariat may record a lead MEA (the Biodiversity Liaison Group agrees on them together)
and start a recomputation; administrators and the system actor (`access.everything`) may too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.core.errors import NotAllowed, NotSignedIn


def overlap_check_run(*, user) -> None:
    """Raise unless `user` may start a recomputation of the overlap report."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff to recompute the overlap report."))
    if access.is_secretariat():
        return
    raise NotAllowed(_("Only secretariat staff may recompute the overlap report."))


def lead_check_assign(*, user, convention) -> None:
    """Raise unless `user` may record in the register that `convention` leads on a theme."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff to record a lead MEA."))
    if access.is_secretariat():
        return
    raise NotAllowed(_("Only secretariat staff may record a lead MEA."))


def lead_can_assign(*, user) -> bool:
    """Return True if `user` may see the lead-register form and the recompute button."""
    access = access_for(user)
    return access.everything or access.is_secretariat()
