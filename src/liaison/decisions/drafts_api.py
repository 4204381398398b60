"""JSON API of saved drafts (issue 15): save a checked draft, list, open (checked again), rename, delete.

Registered on decisions.api.router (imported by draftcheck_api). Thin: decisions.drafts holds the rules.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Schema, Status, UploadedFile
from pydantic import Field

from liaison.core.apiauth import django_auth
from liaison.core.errors import TooLarge
from liaison.core.schemas import ErrorOut, PageIn, page_slice
from liaison.decisions import drafts
from liaison.decisions.api import router
from liaison.decisions.draftcheck_api import TEXT_MAX, DraftCheckOut
from liaison.decisions.models import SavedDraft

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut,
          422: ErrorOut}
WHO = ("Saved drafts are read by their author and their convention's secretariat staff (404 to anyone else); "
       "only the author renames or deletes one.")


class SavedDraftIn(Schema):
    text: str = Field(..., max_length=TEXT_MAX, description="The draft decision's text, as pasted.")
    convention: str = Field(..., min_length=1, max_length=32, description="Acronym of the draft's convention.")
    title: str | None = Field(None, max_length=SavedDraft.TITLE_MAX,
                              description="The draft's name in your list (default: the title the parser read).")


class SavedDraftRenameIn(Schema):
    title: str = Field(..., min_length=1, max_length=SavedDraft.TITLE_MAX)


class SavedDraftSummaryOut(Schema):
    similar: int = Field(0, description="Paragraphs with a paragraph in effect that says nearly the same.")
    supersedes: int = Field(0, description="Paragraphs that would supersede an earlier decision.")
    references: int = Field(0, description="References to repealed, superseded or unknown decisions.")
    targets: int = Field(0, description="Paragraphs that serve a target.")


class SavedDraftOut(Schema):
    id: int
    title: str
    convention: str
    author: str
    mine: bool = Field(..., description="True for the caller's own drafts (those they may rename and delete).")
    source_name: str = Field(..., description="The uploaded file's name; empty for pasted text.")
    paragraphs: int
    summary: SavedDraftSummaryOut = Field(..., description="What the check found when the draft was saved.")
    created_at: datetime
    updated_at: datetime
    url: str


class SavedDraftPage(Schema):
    count: int
    items: list[SavedDraftOut]


class SavedDraftCheckOut(Schema):
    draft: SavedDraftOut
    check: DraftCheckOut = Field(..., description="The draft check, run now against the record.")


class SavedDraftFilters(PageIn):
    mine: bool = Field(False, description="Only your own drafts (not your convention's other staff's).")


def draft_out(draft: SavedDraft, user) -> dict:
    return {"id": draft.pk, "title": draft.title, "convention": draft.convention.acronym,
            "author": draft.author.get_username(), "mine": draft.author_id == user.pk,
            "source_name": draft.source_name, "paragraphs": draft.paragraph_count, "summary": draft.summary or {},
            "created_at": draft.created_at, "updated_at": draft.updated_at,
            "url": reverse("decisions:saved_draft", args=[draft.pk])}


@router.post("/draft-check/drafts", response={201: SavedDraftCheckOut, **ERRORS}, auth=django_auth,
             description="Check pasted text and save the draft (its parse, not the findings). " + WHO)
def saved_draft_create(request, payload: SavedDraftIn):
    draft, result = drafts.draft_save_text(user=request.user, text=payload.text, convention=payload.convention,
                                           title=payload.title)
    return Status(201, {"draft": draft_out(draft, request.user), "check": result})


@router.post("/draft-check/drafts/file", response={201: SavedDraftCheckOut, **ERRORS}, auth=django_auth,
             description=f"Check an uploaded draft (PDF, DOCX, HTML, Markdown or text, at most "
                         f"{settings.LIAISON_UPLOAD_MAX_BYTES // 2**20} MB) and save it. " + WHO)
def saved_draft_create_file(request, file: UploadedFile = File(...),  # noqa: B008 (ninja declares parameters so)
                            convention: str = Form(..., min_length=1, max_length=32),
                            title: str | None = Form(None, max_length=SavedDraft.TITLE_MAX)):
    if file.size > settings.LIAISON_UPLOAD_MAX_BYTES:
        raise TooLarge(_("The draft is larger than %(mb)s MB.") % {"mb": settings.LIAISON_UPLOAD_MAX_BYTES // 2**20})
    draft, result = drafts.draft_save(user=request.user, data=file.read(), filename=file.name or "draft",
                                      convention=convention, title=title)
    return Status(201, {"draft": draft_out(draft, request.user), "check": result})


@router.get("/draft-check/drafts", response={200: SavedDraftPage, **ERRORS}, auth=django_auth,
            description="Your saved drafts and, for secretariat staff, their convention's, the latest changed "
                        "first. Paginated with limit/offset; `mine` keeps your own.")
def saved_drafts_list(request, filters: Query[SavedDraftFilters]):
    count, rows = page_slice(drafts.drafts_list(user=request.user, mine=filters.mine), page=filters)
    return {"count": count, "items": [draft_out(d, request.user) for d in rows]}


@router.get("/draft-check/drafts/{int:draft_id}", response={200: SavedDraftCheckOut, **ERRORS}, auth=django_auth,
            description="A saved draft and its check run again now, against the record as you may read it. " + WHO)
def saved_draft_detail(request, draft_id: int):
    draft, result = drafts.draft_open(user=request.user, draft_id=draft_id)
    return {"draft": draft_out(draft, request.user), "check": result}


@router.patch("/draft-check/drafts/{int:draft_id}", response={200: SavedDraftOut, **ERRORS}, auth=django_auth,
              description="Rename a saved draft (its author only).")
def saved_draft_rename(request, draft_id: int, payload: SavedDraftRenameIn):
    return draft_out(drafts.draft_rename(user=request.user, draft_id=draft_id, title=payload.title), request.user)


@router.delete("/draft-check/drafts/{int:draft_id}", response={204: None, **ERRORS}, auth=django_auth,
               description="Delete a saved draft (its author only).")
def saved_draft_delete(request, draft_id: int):
    drafts.draft_delete(user=request.user, draft_id=draft_id)
    return Status(204, None)
