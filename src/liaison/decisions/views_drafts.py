"""Saved drafts' pages (issue 15): the list of one's drafts (and one's convention's), a draft checked again now,
its rename and delete. The draft check page saves a draft (views_draftcheck)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liaison.core.errors import Invalid
from liaison.decisions import drafts
from liaison.decisions.draftcheck_docx import DOCX_TYPE, draft_check_docx
from liaison.decisions.models import SavedDraft

PAGE_SIZE = 50


class DraftRenameForm(forms.Form):
    title = forms.CharField(max_length=SavedDraft.TITLE_MAX, label=gettext_lazy("Title"))


@login_required
def saved_drafts(request):
    """The saved drafts the person may read, the latest changed first; `?mine=1` keeps their own."""
    mine = request.GET.get("mine") == "1"
    page = Paginator(drafts.drafts_list(user=request.user, mine=mine), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/saved_drafts.html", {"page": page, "drafts": page.object_list, "mine": mine})


@login_required
def saved_draft(request, draft_id: int):
    """A saved draft with its check run again now (`?as=docx`: the check as a Word document)."""
    draft, result = drafts.draft_open(user=request.user, draft_id=draft_id)
    if request.GET.get("as") == "docx":
        response = HttpResponse(draft_check_docx(result, site=request.get_host()), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="draft-check-{draft.pk}.docx"'
        return response
    form = DraftRenameForm(initial={"title": draft.title})
    return render(request, "decisions/saved_draft.html", {"draft": draft, "result": result, "form": form,
                                                          "mine": draft.author_id == request.user.pk})


@require_POST
@login_required
def saved_draft_rename(request, draft_id: int):
    """Rename a saved draft; back to it (a bad title: the draft's page again, 400, with the error)."""
    try:  # the service checks who may rename before what the title is
        drafts.draft_rename(user=request.user, draft_id=draft_id, title=request.POST.get("title", ""))
    except Invalid as exc:
        draft, result = drafts.draft_open(user=request.user, draft_id=draft_id)
        form = DraftRenameForm(request.POST)
        form.add_error(None, exc.detail)
        return render(request, "decisions/saved_draft.html", {"draft": draft, "result": result, "form": form,
                                                              "mine": draft.author_id == request.user.pk},
                      status=400)
    messages.success(request, _("Renamed."))
    return redirect("decisions:saved_draft", draft_id=draft_id)


@require_POST
@login_required
def saved_draft_delete(request, draft_id: int):
    """Delete a saved draft; back to the list."""
    drafts.draft_delete(user=request.user, draft_id=draft_id)
    messages.success(request, _("The draft is deleted."))
    return redirect("decisions:saved_drafts")
