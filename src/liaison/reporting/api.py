"""JSON API of national reporting: questionnaires, the question crosswalk, reports and their answers.

Handlers stay thin: parse, call one selector or service, shape the answer. Refusals are the domain errors of
`liaison.core.errors`, answered by the API's handlers in its one error shape.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Query, Router, Status, UploadedFile

from liaison.core.apiauth import django_auth
from liaison.core.errors import Invalid, NotAllowed, NotFound, TooLarge
from liaison.core.schemas import ID_MAX, ErrorOut, PageIn, page_slice
from liaison.reporting import crosswalk, cycles, exports, selectors, services
from liaison.reporting.formats import FormatError
from liaison.reporting.models import Delegation, Report
from liaison.reporting.permissions import (
    answer_get_for_edit,
    link_get_for_review,
    reopen_get_for_decision,
    report_get_for,
    report_get_for_manage,
    report_sections_for,
)
from liaison.reporting.questionnaires import questionnaire_export, questionnaire_import, questionnaire_parse
from liaison.reporting.schemas import (
    AnswerConflictOut,
    AnswerFileOut,
    AnswerIn,
    AnswerKeptOut,
    AnswerOut,
    CycleIn,
    CycleOut,
    DecisionIn,
    DelegationIn,
    DelegationOut,
    ImportOut,
    LinkFilters,
    QuestionLinkOut,
    QuestionLinkPage,
    QuestionLinkReviewIn,
    QuestionnaireFilters,
    QuestionnaireFormat,
    QuestionnairePage,
    ReasonIn,
    ReopenOut,
    ReportDetailOut,
    ReportExportOut,
    ReportOut,
    SnapshotOut,
    StartIn,
    StatusPage,
    SubmitOut,
    SubmitRefusedOut,
)
from liaison.reporting.uploads import upload_check, upload_max_bytes, upload_size_check
from liaison.reporting.values import value_display

router = Router(tags=["reporting"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 415, 422)}
QUESTIONNAIRE_FILE_MAX = 5 * 2**20


# --- shaping ---

def item_out(item: dict) -> dict:
    q, answer = item["question"], item["answer"]
    return {"question": q.pk, "key": q.key, "number": q.number, "kind": q.kind, "title": q.title,
            "mandatory": q.mandatory, "retired": item["retired"], "block": item["block"], "visible": item["visible"],
            "options": q.options, "value": item["value"], "display": item["display"], "version": item["version"],
            "raw": answer.raw if answer else "", "error": answer.error if answer else "",
            "prefill": item["prefill"], "source": item["source"]}


def report_out(report: Report, view: dict | None = None) -> dict:
    out = {"id": report.pk, "questionnaire": report.questionnaire.code,
           "convention": report.questionnaire.convention.acronym, "country": report.country.iso3,
           "status": report.status, "demo_data": report.is_demo, "submitted_at": report.submitted_at,
           "cycle_state": cycles.cycle_state(questionnaire=report.questionnaire, report=report,
                                             today=cycles.today_default(None))}
    if view is not None:
        out["sections"] = [{"key": s["section"].key, "title": s["section"].title, "depth": s["depth"],
                            "repeating": s["section"].repeating, "retired": s["section"].retired_at is not None,
                            "items": [item_out(i) for i in s["items"]]}
                           for s in view["sections"]]
    return out


def link_out(link) -> dict:
    return {"id": link.pk, "source": f"{link.source.questionnaire.code}/{link.source.key}",
            "target": f"{link.target.questionnaire.code}/{link.target.key}", "relation": link.relation,
            "transform": link.transform, "status": link.status, "origin": link.origin, "score": link.score,
            "why": link.why}


# --- questionnaires ---

@router.get("/reporting/questionnaires", response={200: QuestionnairePage, **ERRORS},
            description="The questionnaires (national-report formats), ordered by convention and cycle. "
                        "Filter: `convention` (acronym, any case). Paginated: `limit` (1-500), `offset`.")
def questionnaires(request, filters: Query[QuestionnaireFilters]):
    count, rows = page_slice(selectors.questionnaire_list(user=request.user, convention=filters.convention),
                             page=filters)
    return {"count": count, "items": [{"code": q.code, "convention": q.convention.acronym, "title": q.title,
                                       "cycle": q.cycle, "deadline": q.deadline, "questions": q.n_questions,
                                       "opens": q.opens, "closes": q.closes,
                                       "cycle_state": selectors.questionnaire_cycle_state(questionnaire=q)}
                                      for q in rows]}


def cycle_out(questionnaire) -> dict:
    return {"code": questionnaire.code, "opens": questionnaire.opens, "deadline": questionnaire.deadline,
            "closes": questionnaire.closes,
            "cycle_state": selectors.questionnaire_cycle_state(questionnaire=questionnaire)}


@router.patch("/reporting/questionnaires/{code}/cycle", response={200: CycleOut, **ERRORS}, auth=django_auth,
              description="Set the dates of the questionnaire's reporting cycle (staff of its convention): "
                          "`opens`, `deadline`, `closes` (YYYY-MM-DD); a field left out is kept, null clears it. "
                          "422 when the cycle closes before it opens or the deadline falls outside it.")
def questionnaire_cycle(request, code: str, payload: CycleIn):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    questionnaire = cycles.questionnaire_cycle_set(user=request.user, questionnaire=questionnaire,
                                                   changes=payload.model_dump(exclude_unset=True))
    return cycle_out(questionnaire)


@router.get("/reporting/questionnaires/{code}", response={200: QuestionnaireFormat, **ERRORS}, exclude_unset=True,
            description="The questionnaire in the Liaison questionnaire format (what the import reads back); "
                        "retired questions are left out.")
def questionnaire_detail(request, code: str):
    return questionnaire_export(questionnaire=selectors.questionnaire_get(user=request.user, code=code))


@router.post("/reporting/questionnaires", response={200: ImportOut, 201: ImportOut, **ERRORS}, auth=django_auth,
             description="Import a questionnaire file (JSON, Liaison questionnaire format, at most 5 MB), for the "
                         "convention's secretariat. 201 when new, 200 when it replaced a version: questions the "
                         "new version drops are retired, kept with their answers. 422 lists every problem.")
def questionnaire_upload(request, file: File[UploadedFile]):
    if not selectors.staff_conventions(user=request.user).exists():  # refused before the file is even read
        raise NotAllowed(_("Only secretariat staff import questionnaires."))
    if (file.size or 0) > QUESTIONNAIRE_FILE_MAX:
        raise TooLarge(_("A questionnaire file is at most 5 MB."), errors=[{"field": "file", "message": _("at most 5 MB")}])
    try:
        data = questionnaire_parse(file.read(QUESTIONNAIRE_FILE_MAX + 1))
        before = selectors.questionnaire_retired_count(code=data["code"])
        questionnaire, created = questionnaire_import(data=data, user=request.user)
    except FormatError as exc:
        raise Invalid(_("The questionnaire has problems."), errors=exc.errors) from None
    retired = selectors.questionnaire_retired_count(code=questionnaire.code) - before
    return Status(201 if created else 200, {"code": questionnaire.code, "retired": retired,
                                            "questions": questionnaire.questions.filter(retired_at__isnull=True)
                                            .count()})


# --- reports ---

@router.post("/reporting/reports", response={200: ReportOut, 201: ReportOut, **ERRORS}, auth=django_auth,
             description="Open the country's report for a questionnaire (its national focal point), prefilled "
                         "from the answers of the country's other reports the focal point may read. 200 when it "
                         "was open already; 409 (nothing stored) when the questionnaire's reporting cycle has "
                         "closed and the report was never started.")
def report_start(request, payload: StartIn):
    questionnaire = selectors.questionnaire_get(user=request.user, code=payload.questionnaire)
    country = selectors.country_get(iso3=payload.country)
    report, created = services.report_start(user=request.user, questionnaire=questionnaire, country=country)
    return Status(201 if created else 200, report_out(report))


@router.get("/reporting/reports/{int:report_id}", response={200: ReportDetailOut, **ERRORS}, auth=django_auth,
            description="The report as the caller may read it: every section, or only those delegated to them.")
def report_detail(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    return report_out(report, selectors.report_view(user=request.user, report=report))


@router.put("/reporting/reports/{int:report_id}/answers/{int:question_id}",
            response={200: AnswerOut, 409: AnswerConflictOut, 422: AnswerKeptOut,
                      **{k: v for k, v in ERRORS.items() if k not in (409, 422)}},
            auth=django_auth,
            description="Save one answer. `version` must be the one read: 409 returns both values when someone "
                        "saved meanwhile. A value that does not fit is kept as typed (422, `kept`).")
def answer_put(request, report_id: int, question_id: int, payload: AnswerIn):
    report, question = answer_get_for_edit(user=request.user, report_id=report_id, question_id=question_id)
    if payload.block and not question.section.repeating:
        raise Invalid(_("This question is not in a repeating section; use block 0."),
                      errors=[{"field": "block", "message": _("use 0")}])
    try:
        answer = services.answer_save(user=request.user, report=report, question=question, value=payload.value,
                                      version=payload.version, block=payload.block)
    except services.AnswerConflict as exc:
        theirs = exc.answer
        return Status(409, {
            "detail": _("Someone else saved this answer since you opened it. Both values are below: keep one."),
            "yours": payload.value, "theirs": theirs.value, "theirs_display": value_display(question, theirs.value),
            "version": theirs.version,
            "updated_by": theirs.updated_by.get_full_name() or theirs.updated_by.username
            if theirs.updated_by_id else "", "updated_at": theirs.updated_at if theirs.pk else None})
    body = {"question": question.pk, "block": answer.block, "value": answer.value, "version": answer.version,
            "display": value_display(question, answer.value), "raw": answer.raw, "error": answer.error}
    if answer.error:
        return Status(422, {"detail": answer.error, "errors": [{"field": "value", "message": answer.error}],
                            "kept": True, **body})
    return body


@router.post("/reporting/reports/{int:report_id}/answers/{int:question_id}/file",
             response={200: AnswerFileOut, **ERRORS}, auth=django_auth,
             description="Attach a file to a file question: PDF, PNG, JPEG, DOCX, XLSX, ODT, CSV or TXT, checked "
                         f"by its content, at most {upload_max_bytes() / 2**20:.0f} MB (setting "
                         "LIAISON_REPORT_FILE_MAX_BYTES, else LIAISON_UPLOAD_MAX_BYTES). 413 when larger, 415 when "
                         "its kind is not accepted or not what its name says.")
def answer_file(request, report_id: int, question_id: int, file: File[UploadedFile]):
    report, question = answer_get_for_edit(user=request.user, report_id=report_id, question_id=question_id)
    if question.kind != "file":
        raise Invalid(_("This question does not take a file."), errors=[{"field": "file", "message": _("not a file question")}])
    upload_size_check(file.size)
    data = file.read(upload_max_bytes() + 1)
    content_type = upload_check(name=file.name or "", data=data)
    answer = services.attachment_add(user=request.user, report=report, question=question, upload=file, data=data,
                                     content_type=content_type)
    return {"question": question.pk, "value": answer.value, "version": answer.version}


@router.post("/reporting/reports/{int:report_id}/delegations", response={201: DelegationOut, **ERRORS},
             auth=django_auth, description="Delegate a section to a colleague of the same country (focal point).")
def delegation_add(request, report_id: int, payload: DelegationIn):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    section = report.questionnaire.sections.filter(key=payload.section, retired_at__isnull=True).first()
    if section is None:
        raise Invalid(_("No section %(section)s in this report.") % {"section": repr(payload.section)},
                      errors=[{"field": "section", "message": _("no such section")}])
    delegate = get_user_model().objects.filter(username=payload.username).first()
    if delegate is None:
        raise Invalid(_("No account named %(username)s.") % {"username": repr(payload.username)},
                      errors=[{"field": "username", "message": _("no such account")}])
    delegation = services.section_delegate(user=request.user, report=report, section=section, delegate=delegate)
    return Status(201, {"id": delegation.pk, "section": section.key, "username": delegate.username})


@router.delete("/reporting/reports/{int:report_id}/delegations/{int:delegation_id}",
               response={204: None, **ERRORS}, auth=django_auth, description="Withdraw a delegation (focal point).")
def delegation_delete(request, report_id: int, delegation_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    delegation = (Delegation.objects.filter(pk=delegation_id if delegation_id <= ID_MAX else 0, report=report)
                  .select_related("report", "section", "user").first())
    if delegation is None:
        raise NotFound(_("No such delegation."))
    services.delegation_remove(user=request.user, delegation=delegation)
    return Status(204, None)


@router.post("/reporting/reports/{int:report_id}/submit",
             response={200: SubmitOut, 422: SubmitRefusedOut, **{k: v for k, v in ERRORS.items() if k != 422}},
             auth=django_auth, description="Check, lock and snapshot the report (focal point). 422 lists each "
                                           "answer still missing or invalid; 409 when already submitted.")
def report_submit(request, report_id: int):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    try:
        snapshot = services.report_submit(user=request.user, report=report)
    except services.ReportIncomplete as exc:
        n = len(exc.problems)
        return Status(422, {"detail": ngettext("%(n)d answer is missing or invalid.",
                                               "%(n)d answers are missing or invalid.", n) % {"n": n},
                            "errors": [{"field": p["key"], "message": p["reason"]} for p in exc.problems],
                            "missing": exc.problems})
    return {"id": report.pk, "status": Report.SUBMITTED, "snapshot": snapshot.number}


@router.post("/reporting/reports/{int:report_id}/reopen", response={201: ReopenOut, **ERRORS}, auth=django_auth,
             description="Ask the secretariat to reopen a submitted report (focal point).")
def reopen_ask(request, report_id: int, payload: ReasonIn):
    report = report_get_for_manage(user=request.user, report_id=report_id)
    reopen = services.reopen_request_create(user=request.user, report=report, reason=payload.reason)
    return Status(201, {"id": reopen.pk, "status": reopen.status})


@router.post("/reporting/reopen-requests/{int:request_id}", response={200: ReopenOut, **ERRORS}, auth=django_auth,
             description="Approve or reject a reopen request (the convention's secretariat).")
def reopen_decide(request, request_id: int, payload: DecisionIn):
    reopen = reopen_get_for_decision(user=request.user, request_id=request_id)
    reopen = services.reopen_decide(user=request.user, request=reopen, approve=payload.approve)
    return {"id": reopen.pk, "status": reopen.status}


@router.get("/reporting/reports/{int:report_id}/export.json", response={200: ReportExportOut, **ERRORS},
            auth=django_auth, description="The answers the caller may read, in the convention's own structure.")
def report_export(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    return exports.report_export_json(user=request.user, report=report)


@router.get("/reporting/reports/{int:report_id}/snapshots/{int:number}", response={200: SnapshotOut, **ERRORS},
            auth=django_auth, description="A submitted version, frozen (focal point and secretariat).")
def report_snapshot(request, report_id: int, number: int):
    report = report_get_for(user=request.user, report_id=report_id)
    if report_sections_for(user=request.user, report=report) is not None:
        raise NotAllowed(_("Submitted versions are for the focal point and the secretariat."))
    snapshot = report.snapshots.filter(number=number if number <= ID_MAX else 0).first()
    if snapshot is None:
        raise NotFound(_("No such version."))
    return {"number": snapshot.number, "created_at": snapshot.created_at, **snapshot.data}


@router.get("/reporting/reports/{int:report_id}/answers.csv", response={200: None, **ERRORS}, auth=django_auth,
            openapi_extra={"responses": {200: {"description": "CSV, one row per answer",
                                               "content": {"text/csv": {"schema": {"type": "string"}}}}}},
            description="The answers the caller may read as CSV; cells a spreadsheet would run are neutralised.")
def report_answers_csv(request, report_id: int):
    report = report_get_for(user=request.user, report_id=report_id)
    response = HttpResponse(exports.report_csv(user=request.user, report=report),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report.questionnaire.code}-{report.country.iso3}.csv"'
    return response


@router.get("/reporting/questionnaires/{code}/answers.csv", response={200: None, **ERRORS}, auth=django_auth,
            openapi_extra={"responses": {200: {"description": "CSV, one row per answer",
                                               "content": {"text/csv": {"schema": {"type": "string"}}}}}},
            description="The answers of every submitted report of the questionnaire (its secretariat).")
def questionnaire_answers_csv(request, code: str):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    response = HttpResponse(exports.questionnaire_csv(user=request.user, questionnaire=questionnaire),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{questionnaire.code}-submitted-answers.csv"'
    return response


# --- the question crosswalk ---

@router.get("/reporting/links", response={200: QuestionLinkPage, **ERRORS}, auth=django_auth,
            description="Links between questions of two questionnaires that touch a convention the caller's "
                        "secretariat serves (secretariat staff: the crosswalk under review), ordered by source "
                        "questionnaire and question. Filters: `questionnaire` (code, either end), `status`. "
                        "Paginated: `limit` (1-500), `offset`.")
def links(request, filters: Query[LinkFilters]):
    conventions = selectors.staff_conventions(user=request.user)
    if not conventions.exists():
        raise NotAllowed(_("Only secretariat staff read the question crosswalk under review."))
    found = selectors.question_links_list(user=request.user, questionnaire=filters.questionnaire,
                                          status=filters.status, conventions=conventions)
    count, rows = page_slice(found, page=filters)
    return {"count": count, "items": [link_out(link) for link in rows]}


@router.post("/reporting/links/{int:link_id}", response={200: QuestionLinkOut, **ERRORS}, auth=django_auth,
             description="Accept or reject a link, optionally with its option map (staff of either convention).")
def link_review(request, link_id: int, payload: QuestionLinkReviewIn):
    link = link_get_for_review(user=request.user, link_id=link_id)
    transform = {"map": payload.map} if payload.map else None
    link = crosswalk.link_review(user=request.user, link=link, status=payload.status, transform=transform)
    return link_out(link)


@router.get("/reporting/status/{code}", response={200: StatusPage, **ERRORS},
            description="Who has reported, per party, ordered by country name. Everyone sees whether a report is "
                        "submitted; staff of the convention (every party) and a country's own focal point or "
                        "delegate (that country) also see drafts underway and the share answered. Paginated: "
                        "`limit` (1-500), `offset`.")
def convention_status(request, code: str, page: Query[PageIn]):
    questionnaire = selectors.questionnaire_get(user=request.user, code=code)
    rows = selectors.convention_status(user=request.user, questionnaire=questionnaire)
    overdue = selectors.convention_status_counts(rows)["overdue"]
    count, rows = page_slice(rows, page=page)
    return {"count": count, "overdue": overdue, "items": [
        {"country": row["country"].iso3, "name": row["country"].name, "state": row["state"],
         "progress": row["progress"], "submitted_at": row["report"].submitted_at if row["report"] else None,
         "cycle_state": row["cycle_state"]}
        for row in rows]}
