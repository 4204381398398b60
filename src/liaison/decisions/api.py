"""JSON API of decisions, in-effect lists and mandates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.security import django_auth
from pydantic import Field

from liaison.catalogue.selectors import convention_get
from liaison.core.selectors import audit_list_for
from liaison.decisions import selectors, services
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.permissions import mandate_get_for_edit
from liaison.engine.decisions import DocumentError

router = Router(tags=["decisions"])

STATUS_PATTERN = "^(" + "|".join(s for s, _ in Decision.STATUSES) + ")$"
MANDATE_STATUS_PATTERN = "^(" + "|".join(s for s, _ in Mandate.STATUSES) + ")$"


class DecisionOut(Schema):
    id: int
    convention: str
    kind: str
    number: str
    title: str
    status: str
    repealed_by: int | None
    has_text: bool
    mandates_count: int = 0


class ParagraphOut(Schema):
    number: str
    lead: str
    text: str
    subparagraphs: list[str] = []


class DecisionDetailOut(DecisionOut):
    revision: str | None
    preamble: list[ParagraphOut]
    operative: list[ParagraphOut]
    references: list[dict]
    repealed: list[int]
    footnotes: list[str]


class MandateOut(Schema):
    id: int
    decision: int
    convention: str
    paragraph: str
    actor: str
    actor_code: str
    verb: str
    action: str
    deadline: str
    report_to: str
    status: str
    corrected: bool


class MandateFilters(Schema):
    convention: str | None = Field(None, max_length=32)
    actor: str | None = Field(None, max_length=64)
    status: str | None = Field(None, pattern=MANDATE_STATUS_PATTERN)
    with_deadline: bool | None = None


class MandatePatch(Schema):
    status: str | None = Field(None, pattern=MANDATE_STATUS_PATTERN)
    actor: str | None = Field(None, min_length=1, max_length=200)
    action: str | None = Field(None, min_length=1, max_length=5000)
    deadline: str | None = Field(None, max_length=200)
    report_to: str | None = Field(None, max_length=200)


class ErrorOut(Schema):
    detail: str | list | dict


def decision_out(d: Decision) -> dict:
    return {"id": d.pk, "convention": d.convention.acronym, "kind": d.kind, "number": d.number, "title": d.title,
            "status": d.status, "repealed_by": d.repealed_by_id, "has_text": d.has_text,
            "mandates_count": getattr(d, "mandates_count", 0)}


def mandate_out(m: Mandate) -> dict:
    return {"id": m.pk, "decision": m.decision_id, "convention": m.decision.convention.acronym,
            "paragraph": m.paragraph.number, "actor": m.actor.label, "actor_code": m.actor.code, "verb": m.verb,
            "action": m.action, "deadline": m.deadline, "report_to": m.report_to, "status": m.status,
            "corrected": m.corrected}


@router.get("/decisions", response=list[DecisionOut])
def decisions_list(request, convention: str | None = Query(None, max_length=32),
                   status: str | None = Query(None, pattern=STATUS_PATTERN), q: str | None = Query(None, max_length=200)):
    return [decision_out(d) for d in selectors.decision_list(convention=convention, status=status, q=q)]


@router.get("/decisions/{int:decision_id}", response=DecisionDetailOut)
def decision_detail(request, decision_id: int):
    decision = selectors.decision_get(decision_id=decision_id)
    paragraphs = selectors.decision_paragraphs(decision=decision)
    revision = decision.current_revision

    def para(p):
        return {"number": p.number, "lead": p.lead, "text": p.text, "subparagraphs": p.subparagraphs}

    references = [
        {"type": r.target_type, "convention": r.target_convention or None, "id": r.target_number, "relation": r.relation,
         "paragraph": r.paragraph.anchor, "decision": r.target_id}
        for p in paragraphs["preamble"] + paragraphs["operative"] for r in p.references.all()
    ]
    return {**decision_out(decision), "revision": revision.label if revision else None,
            "preamble": [para(p) for p in paragraphs["preamble"]],
            "operative": [para(p) for p in paragraphs["operative"]], "references": references,
            "repealed": list(decision.repeals.values_list("pk", flat=True)),
            "footnotes": (revision.parsed.get("footnotes") if revision else None) or []}


@router.post("/decisions", response={201: DecisionOut, 200: DecisionOut, 400: ErrorOut, 403: ErrorOut},
             auth=django_auth)
def decision_upload(request, file: File[UploadedFile], convention: Form[str | None] = None,
                    symbol: Form[str | None] = None, kind: Form[str | None] = None, revision: Form[str] = ""):
    from django.conf import settings

    if file.size > settings.LIAISON_UPLOAD_MAX_BYTES:
        return Status(400, {"detail": f"The file is larger than {settings.LIAISON_UPLOAD_MAX_BYTES // 2**20} MB."})
    try:
        result = services.decision_ingest(data=file.read(), filename=file.name or "upload", user=request.user,
                                          convention=convention, symbol=symbol, kind=kind, revision_label=revision)
    except DocumentError as exc:
        return Status(400, {"detail": str(exc)})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc)})
    return Status(201 if result.created else 200, decision_out(result.decision))


@router.get("/conventions/{acronym}/in-effect", response=list[DecisionOut])
def in_effect(request, acronym: str):
    convention = convention_get(acronym=acronym)
    return [decision_out(d) for d in selectors.decisions_in_effect(convention=convention)["in_effect"]]


@router.get("/mandates", response=list[MandateOut])
def mandates_list(request, filters: Query[MandateFilters]):
    qs = selectors.mandate_list(convention=filters.convention, actor=filters.actor, status=filters.status,
                                has_deadline=filters.with_deadline, current_only=not filters.status)
    return [mandate_out(m) for m in qs]


@router.get("/mandates/{int:mandate_id}", response=MandateOut)
def mandate_detail(request, mandate_id: int):
    mandate = selectors.mandate_list(current_only=False).filter(pk=mandate_id).first()
    if mandate is None:
        raise Http404(f"No mandate with id {mandate_id}.")
    return mandate_out(mandate)


@router.patch("/mandates/{int:mandate_id}", response={200: MandateOut, 403: ErrorOut, 404: ErrorOut},
              auth=django_auth)
def mandate_patch(request, mandate_id: int, payload: MandatePatch):
    try:
        mandate = mandate_get_for_edit(user=request.user, mandate_id=mandate_id)
    except Mandate.DoesNotExist:
        return Status(404, {"detail": f"No mandate with id {mandate_id}."})
    services.mandate_update(user=request.user, mandate=mandate, **payload.dict(exclude_unset=True))
    return mandate_out(mandate)


@router.get("/mandates/{int:mandate_id}/history", response=list[dict])
def mandate_history(request, mandate_id: int):
    mandate = selectors.mandate_list(current_only=False).filter(pk=mandate_id).first()
    if mandate is None:
        raise Http404(f"No mandate with id {mandate_id}.")
    return [{"at": a.created_at.isoformat(), "by": a.actor.username if a.actor else None, "action": a.action,
             "changes": a.changes} for a in audit_list_for(obj=mandate)]
