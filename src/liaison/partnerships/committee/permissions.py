"""Who may build the progress report to the Standing Committee of a convention.

The secretariat of that convention (it reports to its own committee), administrators, and the system actor
for `liaison report`. Staff of another convention's secretariat may not: the report is the convention's.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.core.errors import NotAllowed, NotSignedIn


def report_may_build(*, user, convention) -> bool:
    """Return True if `user` may build the Standing Committee report of `convention`."""
    access = access_for(user)
    return access.everything or access.is_secretariat(convention.pk)


def report_check_build(*, user, convention) -> None:
    """Raise unless `user` may build the Standing Committee report of `convention`."""
    access = access_for(user)
    if not access.authenticated:
        raise NotSignedIn(_("Sign in as secretariat staff to build reports."))
    if report_may_build(user=user, convention=convention):
        return
    raise NotAllowed(_("Only the %(acronym)s Secretariat may build the report to its Standing Committee.")
                     % {"acronym": convention.acronym})
