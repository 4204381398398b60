"""Saved drafts (issue 15): a checked draft decision kept for its author, opened again against today's record.

Policy (the auditor's version):
- A draft is stored only when its author saves it. What is stored is what the parser read of it (title,
  operative paragraphs with their mandates, mentions of other decisions): opening it runs the check again, as
  the reader, on the record of that day; the findings are not kept, only their counts at saving.
- A saved draft is read by its author and by the staff of its convention (administrators and the system actor:
  any); everyone else does not see it (404). `draft_visible_to` is the one filter.
- Renaming and deleting are for its author (administrators: any); the convention's staff read, they do not
  change someone else's draft (403).
- Saving runs the check, so it is for those who may check drafts (draftcheck.draft_check_check_use); an author
  keeps at most DRAFTS_PER_AUTHOR drafts (409 beyond), a title has at most SavedDraft.TITLE_MAX characters, and
  the check's own limits (bytes, paragraphs) hold. Nothing is stored when any check fails.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.core.errors import Conflict, Invalid, NotAllowed, NotFound, NotSignedIn
from liaison.core.schemas import id_in_range
from liaison.core.services import audit_record
from liaison.decisions import draftcheck
from liaison.decisions.models import SavedDraft

DRAFTS_PER_AUTHOR = 200  # a person's working set of drafts, not an archive


def draft_visible_to(user) -> QuerySet[SavedDraft]:
    """Return the saved drafts `user` may read: their own and those of the conventions whose staff they are."""
    access = access_for(user)
    if access.everything:
        return SavedDraft.objects.all()
    if not access.authenticated:
        return SavedDraft.objects.none()
    staff_of = [c for c in access.secretariat if c is not None]
    return SavedDraft.objects.filter(Q(author_id=access.user_id) | Q(convention_id__in=staff_of))


def draft_check_edit(*, user, draft: SavedDraft) -> None:
    """Raise unless `user` may rename or delete `draft`: its author, administrators, the system."""
    access = access_for(user)
    if access.everything:
        return
    if not access.authenticated:
        raise NotSignedIn("Sign in to change your saved drafts.")
    if draft.author_id == access.user_id:
        return
    raise NotAllowed(_("Only the author of a saved draft may rename or delete it."))


def draft_get_for(*, user, draft_id: int) -> SavedDraft:
    """Return the saved draft if `user` may read it; NotFound otherwise (missing and hidden alike)."""
    draft = None
    if id_in_range(draft_id):
        draft = draft_visible_to(user).select_related("author", "convention").filter(pk=draft_id).first()
    if draft is None:
        raise NotFound(_("No saved draft with id %(id)s.") % {"id": draft_id})
    return draft


def drafts_list(*, user, mine: bool = False) -> QuerySet[SavedDraft]:
    """Return the saved drafts `user` may read (only their own with `mine`), the latest changed first."""
    drafts = draft_visible_to(user).select_related("author", "convention").defer("draft")
    if mine:
        drafts = drafts.filter(author_id=access_for(user).user_id)
    return drafts.order_by("-updated_at", "-id")


def title_clean(title: str | None, *, fallback: str = "") -> str:
    """Return a draft's title stripped (or `fallback`); Invalid when empty or too long."""
    cleaned = " ".join((title or "").split()) or " ".join((fallback or "").split())[: SavedDraft.TITLE_MAX]
    if not cleaned:
        raise Invalid(_("Give the draft a title."), errors=[{"field": "title", "message": _("Give the draft a title.")}])
    if len(cleaned) > SavedDraft.TITLE_MAX:
        message = _("A title has at most %(n)d characters.") % {"n": SavedDraft.TITLE_MAX}
        raise Invalid(message, errors=[{"field": "title", "message": message}])
    return cleaned


def result_summary(result: dict) -> dict:
    """Return the counts of what a check found: what the list of drafts shows without running it again."""
    paragraphs = result["paragraphs"]
    return {"similar": sum(1 for p in paragraphs if p["similar"]),
            "supersedes": sum(1 for p in paragraphs if p["supersedes"]),
            "references": len(result["references"]) + sum(len(p["references"]) for p in paragraphs),
            "targets": sum(1 for p in paragraphs if p["targets"])}


def draft_save(*, user, data: bytes, filename: str, convention: str, title: str | None = None
               ) -> tuple[SavedDraft, dict]:
    """Check a draft's bytes and store it for `user`; return the saved draft and the check's result."""
    draftcheck.draft_check_check_use(user=user)
    author = access_for(user)
    if not author.authenticated or author.user_id is None:
        raise NotAllowed(_("Only a person can save a draft."))  # the system actor checks, it keeps nothing
    known = draftcheck.convention_known(convention)
    read = draftcheck.draft_read(data=data, filename=filename, convention=known.acronym)
    cleaned = title_clean(title, fallback=read["title"] or _("Untitled draft"))
    if SavedDraft.objects.filter(author_id=author.user_id).count() >= DRAFTS_PER_AUTHOR:
        raise Conflict(_("You keep %(n)d saved drafts, the most one person may: delete some first.")
                       % {"n": DRAFTS_PER_AUTHOR})
    result = draftcheck.draft_check_read(user=user, draft=read, convention=known.acronym)
    with transaction.atomic():
        draft = SavedDraft.objects.create(author_id=author.user_id, convention=known, title=cleaned,
                                          source_name=filename if filename != "draft.txt" else "",
                                          draft=read, paragraph_count=len(read["paragraphs"]),
                                          summary=result_summary(result))
        audit_record(actor=user, action="create", obj=draft,
                     changes={"title": cleaned, "paragraphs": draft.paragraph_count})
    return draft, result


def draft_save_text(*, user, text: str, convention: str, title: str | None = None) -> tuple[SavedDraft, dict]:
    """Check pasted text and store it for `user` (see `draft_save`)."""
    if not (text or "").strip():
        raise Invalid(_("The draft is empty."), errors=[{"field": "text", "message": _("Paste the draft's text.")}])
    return draft_save(user=user, data=text.encode("utf-8"), filename="draft.txt", convention=convention, title=title)


def draft_open(*, user, draft_id: int) -> tuple[SavedDraft, dict]:
    """Return a saved draft `user` may read and its check run again now, as `user` sees the record."""
    draft = draft_get_for(user=user, draft_id=draft_id)
    return draft, draftcheck.draft_check_read(user=user, draft=draft.draft, convention=draft.convention.acronym)


def draft_rename(*, user, draft_id: int, title: str) -> SavedDraft:
    """Give a saved draft a new title; return it."""
    draft = draft_get_for(user=user, draft_id=draft_id)
    draft_check_edit(user=user, draft=draft)
    cleaned = title_clean(title)
    if cleaned != draft.title:
        with transaction.atomic():
            before, draft.title = draft.title, cleaned
            draft.save(update_fields=["title", "updated_at"])
            audit_record(actor=user, action="update", obj=draft, changes={"title": [before, cleaned]})
    return draft


def draft_delete(*, user, draft_id: int) -> None:
    """Delete a saved draft."""
    draft = draft_get_for(user=user, draft_id=draft_id)
    draft_check_edit(user=user, draft=draft)
    with transaction.atomic():
        audit_record(actor=user, action="delete", obj=draft, changes={"title": draft.title})
        draft.delete()
