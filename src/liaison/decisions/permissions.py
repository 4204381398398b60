"""Who may read and change decisions, mandates and their evidence: the one gateway of the decisions area.

Policy (the auditor's version):
- Decisions, their paragraphs and mandates are adopted, public texts: everyone reads them.
  `decision_visible_to` is still the one door, so that draft batches can later be hidden in one place.
- A mandate's record (its history, which names who changed what, and the evidence attached to it) is the
  working file of a secretariat: the staff of the decision's convention, reviewers of that convention and
  administrators read it; everyone else is refused it (401 anonymous, 403 signed in) and sees the mandate only.
- Changing a mandate or adding decisions is for the staff of the decision's convention and administrators;
  the system actor (loaders, the command line, jobs) passes as `access.everything`.
- Decision texts arrive as batches (decisions.batches). A draft batch is read, published and undone by the
  staff of its convention (administrators and the system actor: any); everyone else does not see it (404).
  A draft writes nothing into the record, so the public, which reads only the record, sees only published
  decisions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import NotAllowed, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range
from liaison.decisions.models import Decision, IngestBatch, Mandate, MandateEvidence


def decision_visibility(user, *, prefix: str = "") -> Q:
    """Return the condition on decisions (reached through `prefix`, e.g. "decision__") that `user` may read."""
    # Every decision is public today; a reader that joins decisions composes this condition.
    return Q()


def decision_visible_to(user) -> QuerySet[Decision]:
    """Return the decisions `user` may read."""
    return Decision.objects.filter(decision_visibility(user))


def mandate_visible_to(user) -> QuerySet[Mandate]:
    """Return the mandates `user` may read: those of the decisions they may read."""
    return Mandate.objects.filter(decision_visibility(user, prefix="decision__"))


def record_conventions(user) -> tuple[bool, frozenset[int]]:
    """Return (every convention?, the convention ids) whose mandate records `user` may read."""
    access = access_for(user)
    if access.everything:
        return True, frozenset()
    if None in access.reviews:
        return True, frozenset()  # a reviewer for every convention
    ids = {c for c in access.secretariat if c is not None} | {c for c in access.reviews if c is not None}
    return False, frozenset(ids)


def mandate_record_readable(user, mandate: Mandate) -> bool:
    """Return True if `user` may read the evidence and the full history (with names) of `mandate`."""
    every, conventions = record_conventions(user)
    if every:
        return True
    return mandate.decision.convention_id in conventions


def mandate_check_read_record(*, user, mandate: Mandate) -> None:
    """Raise unless `user` may read the history and evidence of `mandate`."""
    if mandate_record_readable(user, mandate):
        return
    if not access_for(user).authenticated:
        raise NotSignedIn("Sign in as secretariat staff or reviewer to read a mandate's history and evidence.")
    raise NotAllowed(_("A mandate's history and evidence are for its convention's secretariat and reviewers."))


def evidence_visible_to(user) -> QuerySet[MandateEvidence]:
    """Return the evidence `user` may read: of visible mandates whose record they may read."""
    qs = MandateEvidence.objects.filter(decision_visibility(user, prefix="mandate__decision__"))
    every, conventions = record_conventions(user)
    if every:
        return qs
    return qs.filter(mandate__decision__convention_id__in=conventions)


def decision_check_ingest(*, user, convention: Convention | None) -> None:
    """Raise unless `user` may add decisions of `convention` (None: any convention they serve)."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn("Sign in as secretariat staff to add decisions.")
    if convention is None and access.is_secretariat():
        return  # the convention is checked again once the text names it
    if convention is not None and access.is_secretariat(convention.pk):
        return
    raise NotAllowed(_("Only the secretariat of this convention may add its decisions."))


def ingest_conventions_for(*, user) -> QuerySet[Convention]:
    """Return the conventions `user` may add decisions to."""
    access = access_for(user)
    if access.everything:
        return Convention.objects.all()
    return Convention.objects.filter(pk__in=[c for c in access.secretariat if c is not None])


def mandate_check_edit(*, user, mandate: Mandate) -> None:
    """Raise unless `user` may change `mandate` or attach evidence to it."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn("Sign in as secretariat staff to change mandates.")
    if access.is_secretariat(mandate.decision.convention_id):
        return
    raise NotAllowed(_("Only the secretariat of this decision's convention may change its mandates."))


def mandate_can_edit(*, user, mandate: Mandate) -> bool:
    """Return True if `user` may change `mandate` (for showing or hiding edit controls)."""
    try:
        mandate_check_edit(user=user, mandate=mandate)
    except (NotSignedIn, NotAllowed):
        return False
    return True


def mandate_get_for_edit(*, user, mandate_id: int) -> Mandate:
    """Return the mandate if `user` may read and change it; NotFound, NotSignedIn or NotAllowed otherwise."""
    mandate = None
    if id_in_range(mandate_id):
        mandate = (mandate_visible_to(user).select_related("decision__convention", "paragraph", "actor", "owner")
                   .filter(pk=mandate_id).first())
    if mandate is None:
        raise NotFound(_("No mandate with id %(id)s.") % {"id": mandate_id})
    mandate_check_edit(user=user, mandate=mandate)
    return mandate


def batch_visible_to(user) -> QuerySet[IngestBatch]:
    """Return the ingest batches `user` may review: those of the conventions they serve (all for admins)."""
    access = access_for(user)
    if access.everything:
        return IngestBatch.objects.all()
    if not access.authenticated:
        return IngestBatch.objects.none()
    return IngestBatch.objects.filter(convention_id__in=[c for c in access.secretariat if c is not None])


def batch_check_manage(*, user, batch: IngestBatch) -> None:
    """Raise unless `user` may publish or undo `batch`: its convention's staff, administrators, the system."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn("Sign in as secretariat staff to publish decisions.")
    if batch.convention_id is not None and access.is_secretariat(batch.convention_id):
        return
    raise NotAllowed(_("Only the secretariat of this batch's convention may publish or undo it."))
