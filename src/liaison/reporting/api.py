"""JSON API of national reporting: questionnaires, the question crosswalk, reports and their answers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.security import django_auth
from pydantic import Field

from liaison.catalogue.models import Country
from liaison.reporting import crosswalk, exports, selectors, services
from liaison.reporting.formats import FormatError
from liaison.reporting.models import Delegation, QuestionLink, Report
from liaison.reporting.permissions import (
    answer_get_for_edit,
    delegate_check,
    link_get_for_review,
    reopen_get_for_decision,
    report_get_for,
    report_get_for_manage,
    report_sections_for,
    report_start_check,
    staff_check,
)
from liaison.reporting.questionnaires import questionnaire_export, questionnaire_import, questionnaire_parse
from liaison.reporting.uploads import UploadError, upload_check
from liaison.reporting.values import value_display

router = Router(tags=["reporting"])
ERRORS = {400: dict, 401: dict, 403: dict, 404: dict, 409: dict, 422: dict}


class StartIn(Schema):
    questionnaire: str = Field(max_length=64)
    country: str = Field(min_length=3, max_length=3)


class AnswerIn(Schema):
    value: Any = None
    version: int = Field(0, ge=0)
    block: int = Field(0, ge=0, le=500)


class DelegationIn(Schema):
    section: str = Field(max_length=100)
    username: str = Field(max_length=150)


class ReasonIn(Schema):
    reason: str = Field(min_length=3, max_length=5000)


class DecisionIn(Schema):
    approve: bool


class ReviewIn(Schema):
    status: str = Field(pattern="^(accepted|rejected|suggested)$")
    map: dict[str, str] | None = None


def guarded(fn):
    """Turn the gateway's refusals and missing objects into 403/404 JSON."""
    from functools import wraps

    @wraps(fn)
    def wrapper(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except PermissionDenied as exc:
            return Status(403, {"detail": str(exc) or "Not allowed."})
        except ObjectDoesNotExist:
            return Status(404, {"detail": "Not found."})
    return wrapper


def item_out(item: dict) -> dict:
    q, answer = item["question"], item["answer"]
    return {"question": q.pk, "key": q.key, "number": q.number, "kind": q.kind, "title": q.title,
            "mandatory": q.mandatory, "block": item["block"], "visible": item["visible"],
            "options": q.options, "value": item["value"], "display": item["display"], "version": item["version"],
            "raw": answer.raw if answer else "", "error": answer.error if answer else "",
            "prefill": item["prefill"], "source": item["source"]}


def report_out(report: Report, view: dict | None = None) -> dict:
    out = {"id": report.pk, "questionnaire": report.questionnaire.code,
           "convention": report.questionnaire.convention.acronym, "country": report.country.iso3,
           "status": report.status, "demo_data": report.is_demo,
           "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None}
    if view is not None:
        out["sections"] = [{"key": s["section"].key, "title": s["section"].title, "depth": s["depth"],
                            "repeating": s["section"].repeating, "items": [item_out(i) for i in s["items"]]}
                           for s in view["sections"]]
    return out


@router.get("/reporting/questionnaires")
def questionnaires(request, convention: str | None = Query(None, max_length=32)):
    return [{"code": q.code, "convention": q.convention.acronym, "title": q.title, "cycle": q.cycle,
             "deadline": q.deadline, "questions": q.n_questions}
            for q in selectors.questionnaire_list(convention=convention)]


@router.get("/reporting/questionnaires/{code}", response={200: dict, 404: dict})
@guarded
def questionnaire_detail(request, code: str):
    return questionnaire_export(questionnaire=selectors.questionnaire_get(code=code))


@router.post("/reporting/questionnaires", response={200: dict, 201: dict, **ERRORS}, auth=django_auth)
@guarded
def questionnaire_upload(request, file: File[UploadedFile]):
    from liaison.catalogue.models import Convention

    if file.size > 5 * 2**20:
        return Status(400, {"detail": "A questionnaire file is at most 5 MB."})
    try:
        data = questionnaire_parse(file.read())
    except FormatError as exc:
        return Status(400, {"detail": "The questionnaire has problems.", "problems": exc.problems})
    convention = Convention.objects.filter(acronym__iexact=data["convention"]).first()
    if convention is None:
        return Status(400, {"detail": f"Convention {data['convention']!r} is not in the catalogue."})
    staff_check(user=request.user, convention=convention)
    try:
        questionnaire, created = questionnaire_import(data=data, user=request.user)
    except FormatError as exc:
        return Status(400, {"detail": "The questionnaire has problems.", "problems": exc.problems})
    return Status(201 if created else 200, {"code": questionnaire.code,
                                            "questions": questionnaire.questions.count()})


@router.post("/reporting/reports", response={200: dict, 201: dict, **ERRORS}, auth=django_auth)
@guarded
def report_start(request, payload: StartIn):
    questionnaire = selectors.questionnaire_get(code=payload.questionnaire)
    country = Country.objects.get(iso3=payload.country.upper())
    report_start_check(user=request.user, questionnaire=questionnaire, country=country)
    report, created = services.report_start(user=request.user, questionnaire=questionnaire, country=country)
    return Status(201 if created else 200, report_out(report))


@router.get("/reporting/reports/{int:report_id}", response={200: dict, **ERRORS}, auth=django_auth)
@guarded
def report_detail(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    sections = report_sections_for(user=request.user, report=report)
    return report_out(report, selectors.report_view(report=report, sections=sections))


@router.put("/reporting/reports/{int:report_id}/answers/{int:question_id}", response={200: dict, **ERRORS},
            auth=django_auth)
@guarded
def answer_put(request, report_id: int, question_id: int, payload: AnswerIn):
    report, question = answer_get_for_edit(user=request.user, report_id=report_id, question_id=question_id)
    if payload.block and not question.section.repeating:
        return Status(400, {"detail": "This question is not in a repeating section; use block 0."})
    try:
        answer = services.answer_save(user=request.user, report=report, question=question, value=payload.value,
                                      version=payload.version, block=payload.block)
    except services.AnswerConflict as exc:
        theirs = exc.answer
        return Status(409, {
            "detail": "Someone else saved this answer since you opened it. Both values are below: keep one.",
            "yours": payload.value, "theirs": theirs.value, "theirs_display": value_display(question, theirs.value),
            "version": theirs.version,
            "updated_by": theirs.updated_by.get_full_name() or theirs.updated_by.username
            if theirs.updated_by_id else "", "updated_at": theirs.updated_at.isoformat() if theirs.pk else None})
    body = {"question": question.pk, "block": answer.block, "value": answer.value, "version": answer.version,
            "display": value_display(question, answer.value), "raw": answer.raw, "error": answer.error}
    if answer.error:
        return Status(422, {"detail": answer.error, "kept": True, **body})
    return body


@router.post("/reporting/reports/{int:report_id}/answers/{int:question_id}/file", response={200: dict, **ERRORS},
             auth=django_auth)
@guarded
def answer_file(request, report_id: int, question_id: int, file: File[UploadedFile]):
    report, question = answer_get_for_edit(user=request.user, report_id=report_id, question_id=question_id)
    if question.kind != "file":
        return Status(400, {"detail": "This question does not take a file."})
    data = file.read(int(file.size or 0) + 1)
    try:
        content_type = upload_check(name=file.name or "", data=data)
    except UploadError as exc:
        return Status(400, {"detail": str(exc)})
    answer = services.attachment_add(user=request.user, report=report, question=question, upload=file, data=data,
                                     content_type=content_type)
    return {"question": question.pk, "value": answer.value, "version": answer.version}


@router.post("/reporting/reports/{int:report_id}/delegations", response={201: dict, **ERRORS}, auth=django_auth)
@guarded
def delegation_add(request, report_id: int, payload: DelegationIn):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    section = report.questionnaire.sections.get(key=payload.section)
    delegate = get_user_model().objects.filter(username=payload.username).first()
    if delegate is None:
        return Status(400, {"detail": f"No account named {payload.username!r}."})
    delegate_check(report=report, delegate=delegate)
    delegation = services.section_delegate(user=request.user, report=report, section=section, delegate=delegate)
    return Status(201, {"id": delegation.pk, "section": section.key, "username": delegate.username})


@router.delete("/reporting/reports/{int:report_id}/delegations/{int:delegation_id}", response={204: None, **ERRORS},
               auth=django_auth)
@guarded
def delegation_delete(request, report_id: int, delegation_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    services.delegation_remove(user=request.user, delegation=Delegation.objects.get(pk=delegation_id, report=report))
    return Status(204, None)


@router.post("/reporting/reports/{int:report_id}/submit", response={200: dict, **ERRORS}, auth=django_auth)
@guarded
def report_submit(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    try:
        snapshot = services.report_submit(user=request.user, report=report)
    except services.ReportIncomplete as exc:
        return Status(400, {"detail": f"{len(exc.problems)} answers are missing or invalid.",
                            "missing": exc.problems})
    except services.ReportStateError as exc:
        return Status(409, {"detail": str(exc)})
    return {"id": report.pk, "status": Report.SUBMITTED, "snapshot": snapshot.number}


@router.post("/reporting/reports/{int:report_id}/reopen", response={201: dict, **ERRORS}, auth=django_auth)
@guarded
def reopen_ask(request, report_id: int, payload: ReasonIn):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    try:
        reopen = services.reopen_request_create(user=request.user, report=report, reason=payload.reason)
    except services.ReportStateError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(201, {"id": reopen.pk, "status": reopen.status})


@router.post("/reporting/reopen-requests/{int:request_id}", response={200: dict, **ERRORS}, auth=django_auth)
@guarded
def reopen_decide(request, request_id: int, payload: DecisionIn):
    reopen = reopen_get_for_decision(user=request.user, request_id=request_id)
    try:
        reopen = services.reopen_decide(user=request.user, request=reopen, approve=payload.approve)
    except services.ReportStateError as exc:
        return Status(409, {"detail": str(exc)})
    return {"id": reopen.pk, "status": reopen.status}


@router.get("/reporting/reports/{int:report_id}/export.json", response={200: dict, **ERRORS}, auth=django_auth)
@guarded
def report_export(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    return exports.report_export_json(report=report, sections=report_sections_for(user=request.user, report=report))


@router.get("/reporting/reports/{int:report_id}/snapshots/{int:number}", response={200: dict, **ERRORS},
            auth=django_auth)
@guarded
def report_snapshot(request, report_id: int, number: int):
    report = report_get_for(user=request.user, report_id=report_id)
    if report_sections_for(user=request.user, report=report) is not None:
        raise PermissionDenied("Submitted versions are for the focal point and the secretariat.")
    snapshot = report.snapshots.get(number=number)
    return {"number": snapshot.number, "created_at": snapshot.created_at.isoformat(), **snapshot.data}


@router.get("/reporting/reports/{int:report_id}/answers.csv", response={**ERRORS}, auth=django_auth)
@guarded
def report_answers_csv(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    text = exports.report_csv(report=report, sections=report_sections_for(user=request.user, report=report))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.questionnaire.code}-{report.country.iso3}.csv"'
    return response


@router.get("/reporting/questionnaires/{code}/answers.csv", response={**ERRORS}, auth=django_auth)
@guarded
def questionnaire_answers_csv(request, code: str):
    questionnaire = selectors.questionnaire_get(code=code)
    staff_check(user=request.user, convention=questionnaire.convention)
    response = HttpResponse(exports.questionnaire_csv(questionnaire=questionnaire), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{questionnaire.code}-submitted-answers.csv"'
    return response


@router.get("/reporting/links")
def links(request, questionnaire: str | None = Query(None, max_length=64),
          status: str | None = Query(None, pattern="^(suggested|accepted|rejected)$")):
    found = QuestionLink.objects.select_related("source__questionnaire", "target__questionnaire")
    if questionnaire:
        found = found.filter(source__questionnaire__code=questionnaire) | \
            found.filter(target__questionnaire__code=questionnaire)
    if status:
        found = found.filter(status=status)
    return [{"id": link.pk, "source": f"{link.source.questionnaire.code}/{link.source.key}",
             "target": f"{link.target.questionnaire.code}/{link.target.key}", "relation": link.relation,
             "transform": link.transform, "status": link.status, "origin": link.origin, "score": link.score,
             "why": link.why} for link in found[:2000]]


@router.post("/reporting/links/{int:link_id}", response={200: dict, **ERRORS}, auth=django_auth)
@guarded
def link_review(request, link_id: int, payload: ReviewIn):
    link = link_get_for_review(user=request.user, link_id=link_id)
    transform = {"map": payload.map} if payload.map else None
    link = crosswalk.link_review(user=request.user, link=link, status=payload.status, transform=transform)
    return {"id": link.pk, "status": link.status, "transform": link.transform}


@router.get("/reporting/status/{code}", response={200: list, 404: dict})
def convention_status(request, code: str):
    try:
        questionnaire = selectors.questionnaire_get(code=code)
    except ObjectDoesNotExist:
        raise Http404 from None
    return [{"country": row["country"].iso3, "name": row["country"].name, "state": row["state"],
             "progress": row["progress"]} for row in selectors.convention_status(questionnaire=questionnaire)]
