"""Pages of decisions, the in-effect lists and the mandate tracker. Thin: forms, one service or selector."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.catalogue.selectors import convention_get, convention_list
from liaison.core.errors import Invalid, NotAllowed, NotFound, TooLarge, UnsupportedType
from liaison.core.schemas import id_in_range
from liaison.decisions import batches, corrections, selectors, services, succession, tracking
from liaison.decisions.forms import DecisionUploadForm, EvidenceForm, MandateForm
from liaison.decisions.models import Decision, IngestBatch, Mandate, MandateEvidence
from liaison.decisions.permissions import (
    decision_visibility,
    ingest_conventions_for,
    mandate_can_edit,
    mandate_get_for_edit,
    mandate_record_readable,
)
from liaison.engine.decisions import DocumentError

TEXT_FILTER_MAX = 200


def text_param(request, name: str) -> str | None:
    """Return a text filter of the address, cut to a sane length, or None."""
    return (request.GET.get(name) or "")[:TEXT_FILTER_MAX] or None


def id_param(request, name: str) -> int | None:
    """Return an id filter of the address, None when absent; Invalid (422) when it cannot be an id."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not id_in_range(int(raw)):
        raise Invalid(_("%(name)s must be the id of a record.") % {"name": name})
    return int(raw)


DECISIONS_PER_PAGE = 100  # the whole list (400 decisions with the WHC compilation) took 350 ms to render


def decision_list(request):
    filters = {k: text_param(request, k) for k in ("convention", "status", "q")}
    decisions = selectors.decision_list(user=request.user, **filters)
    return render(request, "decisions/decision_list.html", {
        "page": Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page")), "filters": filters,
        "conventions": convention_list().filter(pk__in=Decision.objects.values("convention")),
        "statuses": Decision.STATUSES,
        "can_upload": ingest_conventions_for(user=request.user).exists(),
    })


def decision_detail(request, decision_id: int):
    """A decision's text, mandates and references. The page's body is the same for everyone who may read the
    decision, so it is a shared fragment (core/templatetags/fragments.py): what it shows is read lazily, only
    when the fragment is not in the cache. Its keys: the decision, today (statuses turn "elapsed" by date) and
    the reader's visibility condition on decisions (mandates and references follow it), which is all the reader
    changes in it."""
    decision = selectors.decision_get(user=request.user, decision_id=decision_id)
    revision = SimpleLazyObject(lambda: decision.current_revision)
    mandates = selectors.mandate_list(user=request.user, decision_id=decision.pk, current_only=False)
    return render(request, "decisions/decision_detail.html", {
        "decision": decision, "revision": revision,
        "paragraphs": SimpleLazyObject(lambda: selectors.decision_paragraphs(decision=decision, revision=revision)),
        "incoming": selectors.references_to(user=request.user, decision=decision),
        "actor_counts": SimpleLazyObject(lambda: selectors.mandate_counts_by_actor(mandates=mandates)),
        "revisions": decision.revisions.all(),
        "tracking": SimpleLazyObject(
            lambda: tracking.status_titles()[tracking.decision_tracking_status(decision, list(mandates))]),
        "fragment_keys": (dt.date.today().isoformat(), str(decision_visibility(request.user))),
    })


@login_required
def decision_upload(request):
    """Store one or many files in a batch parsed in the background; nothing is public before Publish."""
    conventions = ingest_conventions_for(user=request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff may add decisions."))
    form = DecisionUploadForm(request.POST or None, request.FILES or None, conventions=conventions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = batches.batch_create(
                user=request.user, files=[(u.name, u.read()) for u in data["file"]],
                convention=data["convention"].acronym, symbol=data["symbol"] or None, kind=data["kind"] or None,
                revision_label=data["revision_label"],
                label=", ".join(u.name for u in data["file"])[:200], background=True)
        except DocumentError as exc:
            form.add_error("file", str(exc))
        else:
            messages.info(request, _("Stored: the files are read in the background; then review what publishing "
                                     "will change, and publish."))
            return redirect("decisions:batch_detail", batch_id=batch.pk)
    return render(request, "decisions/decision_upload.html", {"form": form, "results": []})


@login_required
def batch_list(request):
    """The batches of decision texts the person reviews: drafts to publish, published ones to undo."""
    if not ingest_conventions_for(user=request.user).exists():
        raise NotAllowed(_("Only secretariat staff review batches of decisions."))
    return render(request, "decisions/batch_list.html",
                  {"batches": selectors.batch_list(user=request.user)[:200]})


@login_required
def batch_detail(request, batch_id: int):
    """A batch's preview: what publishing changes (or changed), with Publish or Undo; a draft's file, to correct."""
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    return render(request, "decisions/batch_detail.html", batch_page(request, batch, file_id=id_param(request, "file")))


def batch_page(request, batch, *, file_id: int | None, errors: list | None = None) -> dict:
    """Return the batch page's context: the preview and, for a draft, one file as read and corrected."""
    context = {"batch": batch, "preview": batch.preview, "errors": errors or [], "review": None}
    if batch.state != IngestBatch.DRAFT:
        return context
    files = list(batch.files.order_by("order").only("pk", "name", "order", "batch_id"))
    if file_id is not None and file_id not in {f.pk for f in files}:
        raise NotFound(_("No file %(id)s in this batch.") % {"id": file_id})
    if files:
        _batch, chosen = corrections.batch_file_get(user=request.user, batch_id=batch.pk,
                                                    file_id=file_id or files[0].pk)
        review = corrections.file_review(f=chosen)
        symbols = [d["symbol"] for d in review.decisions]
        wanted = text_param(request, "decision")
        shown = [d for d in review.decisions if d["symbol"] == wanted] or review.decisions[:1]
        context |= {"files": files, "review": review, "shown": shown, "symbols": symbols if len(symbols) > 1 else []}
    return context


def correction_items(post) -> list[dict]:
    """Return the corrections a form of the batch page posts (a mandate's form may change several fields)."""
    def number(name: str) -> int | None:
        raw = (post.get(name) or "").strip()
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
            raise Invalid(errors=[{"field": name, "message": _("Give a whole number.")}])
        return int(raw)

    base = {"kind": (post.get("kind") or "")[:32], "decision": post.get("decision") or "",
            "paragraph": post.get("paragraph") or "", "mandate": number("mandate")}
    if base["kind"] != "mandate_edit":
        return [{**base, "value": post.get("value") or "", "field": post.get("field") or "",
                 "offset": number("offset"), "before": post.get("before") or "", "number": post.get("number") or ""}]
    # Only the fields changed from what the page showed become corrections.
    return [{**base, "kind": "mandate_set", "field": name, "value": post.get(name) or ""}
            for name in ("actor", "action", "deadline", "report_to")
            if name in post and " ".join(post[name].split()) != " ".join((post.get(f"was_{name}") or "").split())]


@require_POST
def batch_correction_create(request, batch_id: int, file_id: int):
    """Store the corrections a form of the batch page posts, then show the file again (422 and why, if refused)."""
    batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    try:
        made = corrections.corrections_create(user=request.user, batch=batch, f=f, items=correction_items(request.POST))
    except Invalid as exc:
        errors = exc.errors or [{"field": None, "message": exc.detail}]
        return render(request, "decisions/batch_detail.html",
                      batch_page(request, batch, file_id=f.pk, errors=errors), status=422)
    messages.success(request, _("Correction saved.") if made else _("Nothing was changed."))
    return redirect(f"{reverse('decisions:batch_detail', args=[batch.pk])}?file={f.pk}")


@require_POST
def batch_correction_delete(request, batch_id: int, file_id: int, correction_id: int):
    batch, f = corrections.batch_file_get(user=request.user, batch_id=batch_id, file_id=file_id)
    corrections.correction_delete(user=request.user, batch=batch, f=f, correction_id=correction_id)
    messages.success(request, _("Correction removed."))
    return redirect(f"{reverse('decisions:batch_detail', args=[batch.pk])}?file={f.pk}")


@require_POST
def batch_publish(request, batch_id: int):
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    batches.batch_publish(user=request.user, batch=batch)
    messages.success(request, _("Published."))
    return redirect("decisions:batch_detail", batch_id=batch.pk)


@require_POST
def batch_undo(request, batch_id: int):
    batch = selectors.batch_get(user=request.user, batch_id=batch_id)
    batches.batch_undo(user=request.user, batch=batch)
    messages.success(request, _("Undone: the record is as it was before this batch."))
    return redirect("decisions:batch_detail", batch_id=batch.pk)


def in_effect(request, acronym: str):
    convention = convention_get(acronym=acronym)
    return render(request, "decisions/in_effect.html", {
        "convention": convention, **selectors.decisions_in_effect(user=request.user, convention=convention)})


def mandate_detail(request, mandate_id: int):
    mandate = selectors.mandate_get(user=request.user, mandate_id=mandate_id)
    can_edit = mandate_can_edit(user=request.user, mandate=mandate)
    form = MandateForm(instance=mandate) if can_edit else None
    evidence_form = EvidenceForm() if can_edit else None
    if request.method == "POST":
        mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
        if "add_evidence" in request.POST:
            evidence_form = EvidenceForm(request.POST, request.FILES)
            if evidence_form.is_valid():
                try:
                    services.mandate_evidence_add(user=request.user, mandate=mandate, **evidence_form.cleaned_data)
                except (Invalid, TooLarge, UnsupportedType) as exc:
                    for error in exc.errors or [{"field": None, "message": exc.detail}]:
                        evidence_form.add_error(error["field"] if error["field"] in evidence_form.fields else None,
                                                error["message"])
                else:
                    messages.success(request, _("Evidence added."))
                    return redirect("decisions:mandate_detail", mandate_id=mandate.pk)
        else:
            original = Mandate.objects.get(pk=mandate.pk)
            form = MandateForm(request.POST, instance=mandate)
            if form.is_valid():
                data = form.cleaned_data
                services.mandate_update(user=request.user, mandate=original, actor=data["actor_label"],
                                        status=data["status"], action=data["action"], deadline=data["deadline"],
                                        report_to=data["report_to"], owner=data["owner"])
                messages.success(request, _("Mandate saved."))
                return redirect("decisions:mandate_detail", mandate_id=mandate.pk)
    return render(request, "decisions/mandate_detail.html", {
        "tracking": tracking.status_titles()[tracking.mandate_tracking_status(mandate)],
        "mandate": mandate, "form": form, "evidence_form": evidence_form, "can_edit": can_edit,
        **mandate_record(request.user, mandate),
        "actors": selectors.actor_list(user=request.user),
    })


def mandate_record(user, mandate: Mandate) -> dict:
    """Return the page's evidence and history when `user` may read them, and whether they may."""
    if not mandate_record_readable(user, mandate):
        return {"record_readable": False, "evidence": [], "history": []}
    return {"record_readable": True, "evidence": selectors.evidence_list(user=user, mandate=mandate),
            "history": selectors.mandate_history(user=user, mandate=mandate)}


def evidence_file(request, evidence_id: int):
    """Serve an evidence file to whoever may read its mandate's record (404 to everyone else)."""
    evidence = selectors.evidence_get(user=request.user, evidence_id=evidence_id)
    if not evidence.file:
        raise NotFound(_("This evidence has no file."))
    inline = evidence.kind in ("pdf", "png", "jpeg")
    response = FileResponse(evidence.file.open("rb"), content_type=MandateEvidence.KINDS[evidence.kind],
                            as_attachment=not inline, filename=evidence.name or f"evidence.{evidence.kind}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def mandates_unresolved(request):
    """Mandates of replaced texts that found no successor: staff pick one or close them."""
    convention = text_param(request, "convention")
    if not ingest_conventions_for(user=request.user).exists():
        raise NotAllowed(_("Only secretariat staff resolve mandates."))
    mandates = selectors.mandates_unresolved(user=request.user, convention=convention)[:500]
    rows = [{"mandate": m, "choices": selectors.mandate_successor_choices(user=request.user, mandate=m)}
            for m in mandates]
    return render(request, "decisions/mandates_unresolved.html", {"rows": rows, "convention": convention})


@require_POST
def mandate_resolve(request, mandate_id: int):
    """Carry an unmatched mandate to the successor chosen, or close it ("none")."""
    mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
    choice = (request.POST.get("successor") or "").strip()
    successor = None
    if choice != "none":
        if not (choice.isascii() and choice.isdigit()):
            raise Invalid(_("Choose a successor or “no successor”."),
                          errors=[{"field": "successor", "message": _("Choose a mandate.")}])
        successor = selectors.mandate_get(user=request.user, mandate_id=int(choice))
    succession.mandate_resolve(user=request.user, mandate=mandate, successor=successor)
    messages.success(request, _("Mandate resolved."))
    return redirect("decisions:mandates_unresolved")
