"""The draft check page: paste or upload a draft, read the check paragraph by paragraph, or take it as DOCX."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from liaison.catalogue.models import Convention
from liaison.core.errors import Invalid, TooLarge
from liaison.decisions import draftcheck, drafts
from liaison.decisions.draftcheck_docx import DOCX_TYPE, draft_check_docx
from liaison.decisions.forms import ALLOWED_EXTENSIONS
from liaison.decisions.models import SavedDraft


class DraftCheckForm(forms.Form):
    convention = forms.ModelChoiceField(queryset=Convention.objects.order_by("acronym"), to_field_name="acronym",
                                        label=_("Convention"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, label=_("Draft text"),
                           help_text=_("Paste the draft decision, with its numbered operative paragraphs."))
    file = forms.FileField(required=False, label=_("Or a file"),
                           help_text=_("PDF, DOCX, HTML, Markdown or plain text."))
    title = forms.CharField(required=False, max_length=SavedDraft.TITLE_MAX, label=_("Title, to save the draft"),
                            help_text=_("Only if you save it: the draft's name in your list (default: its own title)."))

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the draft or choose a file."))
        upload = data.get("file")
        if upload is not None:
            ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if ext not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(_("Liaison reads %(exts)s files.") % {"exts": ", ".join(ALLOWED_EXTENSIONS)})
            if upload.size > settings.LIAISON_UPLOAD_MAX_BYTES:
                raise TooLarge(_("The draft is larger than %(mb)s MB.")
                               % {"mb": settings.LIAISON_UPLOAD_MAX_BYTES // 2**20})
        return data


@login_required
def draft_check(request):
    """The form, and on POST the check of the draft (a page of cards, or the DOCX with `as=docx`; with `save`, the
    draft is saved and its page shown)."""
    draftcheck.draft_check_check_use(user=request.user)
    form = DraftCheckForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if request.POST.get("save"):
                    return draft_save(request, data)
                if data.get("file"):
                    result = draftcheck.draft_check(user=request.user, data=data["file"].read(),
                                                    filename=data["file"].name, convention=data["convention"].acronym)
                else:
                    result = draftcheck.draft_check_text(user=request.user, text=data["text"],
                                                         convention=data["convention"].acronym)
            except Invalid as exc:
                form.add_error(None, exc.detail)
                status = 400
        else:
            status = 400
    if result is not None and request.POST.get("as") == "docx":
        response = HttpResponse(draft_check_docx(result, site=request.get_host()), content_type=DOCX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="draft-check.docx"'
        return response
    return render(request, "decisions/draft_check.html", {"form": form, "result": result}, status=status)


def draft_save(request, data: dict):
    """Save the checked draft of the form's `data`; to its page (where the check is shown, run again)."""
    if data.get("file"):
        draft, _result = drafts.draft_save(user=request.user, data=data["file"].read(), filename=data["file"].name,
                                           convention=data["convention"].acronym, title=data.get("title"))
    else:
        draft, _result = drafts.draft_save_text(user=request.user, text=data["text"],
                                                convention=data["convention"].acronym, title=data.get("title"))
    messages.success(request, _("The draft is saved: only you and %(c)s's secretariat can read it.")
                     % {"c": draft.convention.acronym})
    return redirect("decisions:saved_draft", draft_id=draft.pk)
