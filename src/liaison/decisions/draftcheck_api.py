"""JSON API of the draft check (issue 15): pasted text or an uploaded file in, the check out; nothing stored.

Registered on decisions.api.router. Thin: decisions.draftcheck holds the rules.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, UploadedFile
from pydantic import Field

from liaison.core.apiauth import django_auth
from liaison.core.errors import TooLarge
from liaison.core.schemas import ErrorOut
from liaison.decisions import draftcheck
from liaison.decisions.api import router

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 422: ErrorOut}
TEXT_MAX = settings.LIAISON_UPLOAD_MAX_BYTES  # characters; the bytes are checked again once encoded
HELP = ("For each operative paragraph of the draft: paragraphs of decisions in effect that say nearly the same "
        "(cosine, shared wording), mandates already given to the same addressee, decisions of the same convention "
        "it would supersede, references to repealed or unknown decisions, and the targets it serves. Nothing is "
        "stored. Secretariat staff and national focal points.")


class DraftIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX, description="The draft decision's text, as pasted.")
    convention: str = Field(..., min_length=1, max_length=32, description="Acronym of the draft's convention.")


class SegmentOut(Schema):
    text: str
    shared: bool = Field(..., description="Words the draft paragraph has too (runs of 3 or more).")


class SimilarOut(Schema):
    paragraph_id: int
    decision_id: int
    decision: str
    convention: str
    number: str
    kind: str = Field(..., description="operative, preamble or annex")
    url: str
    text: str
    score: float = Field(..., description="Cosine of the two paragraphs' vectors.")
    shared_share: float = Field(..., description="Share of the stored paragraph's words in shared runs.")
    segments: list[SegmentOut]
    year: int | None = None
    actors: list[str] = []
    deadlines: list[str] = []


class SupersedeOut(SimilarOut):
    draft_deadlines: list[str] = []


class GivenOut(Schema):
    mandate_id: int
    decision_id: int
    decision: str
    paragraph: str
    actor: str
    verb: str
    action: str
    deadline: str
    status: str
    score: float
    url: str


class DraftMandateOut(Schema):
    actor: str
    actor_code: str
    verb: str
    action: str
    deadline: str
    given: list[GivenOut] = Field(..., description="Stored mandates of the same actor nearest to this one.")


class ReferenceProblemOut(Schema):
    reference: str
    paragraph: str
    relation: str
    problem: str = Field(..., description="repealed, superseded or unknown")
    message: str
    decision_id: int | None = None
    repealed_by: str | None = None


class DraftTargetOut(Schema):
    target_id: int
    framework: str
    code: str
    title: str
    score: float
    why: str
    url: str


class DraftParagraphOut(Schema):
    number: str
    text: str
    mandates: list[DraftMandateOut]
    similar: list[SimilarOut]
    supersedes: list[SupersedeOut]
    references: list[ReferenceProblemOut]
    targets: list[DraftTargetOut]


class DraftCheckOut(Schema):
    title: str
    convention: str
    paragraphs: list[DraftParagraphOut]
    references: list[ReferenceProblemOut] = Field(..., description="Problems of references outside the "
                                                                   "operative paragraphs (the preamble).")
    notes: list[str]


@router.post("/draft-check", response={200: DraftCheckOut, **ERRORS}, auth=django_auth, description=HELP)
def draft_check(request, payload: DraftIn):
    return draftcheck.draft_check_text(user=request.user, text=payload.text, convention=payload.convention)


@router.post("/draft-check/file", response={200: DraftCheckOut, **ERRORS}, auth=django_auth,
             description=HELP + f" A file: PDF, DOCX, HTML, Markdown or text, at most "
                                f"{settings.LIAISON_UPLOAD_MAX_BYTES // 2**20} MB.")
def draft_check_file(request, file: UploadedFile = File(...),  # noqa: B008 (ninja declares parameters so)
                     convention: str = Form(..., min_length=1, max_length=32)):
    if file.size > settings.LIAISON_UPLOAD_MAX_BYTES:
        raise TooLarge(_("The draft is larger than %(mb)s MB.") % {"mb": settings.LIAISON_UPLOAD_MAX_BYTES // 2**20})
    return draftcheck.draft_check(user=request.user, data=file.read(), filename=file.name or "draft",
                                  convention=convention)


from liaison.decisions import drafts_api  # noqa: E402, F401 (registers the saved drafts' operations)
