"""JSON API of offline reports: download as Word or Excel, upload back to a preview, confirm; questionnaire forms.

Handlers stay thin: find the object through its permission gateway, call one service, shape the answer.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status, UploadedFile

from liaison.catalogue.models import Convention
from liaison.core.apiauth import django_auth
from liaison.core.errors import NotAllowed
from liaison.core.schemas import ErrorOut
from liaison.offline import services
from liaison.offline.models import OfflineDownload
from liaison.offline.selectors import form_import_get_for, upload_get_for
from liaison.reporting.permissions import report_get_for, staff_of
from liaison.reporting.uploads import upload_max_bytes, upload_size_check

router = Router(tags=["offline"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 409, 413, 415, 422)}
TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FILE_DOC = {200: {"description": "the file", "content": {t: {"schema": {"type": "string", "format": "binary"}}
                                                         for t in TYPES.values()}}}


class UploadRowOut(Schema):
    id: str
    question: int
    block: int
    number: str
    title: str
    kind: str
    status: str  # change / conflict / invalid
    mine: object = None
    mine_display: str
    before_display: str
    online_display: str
    online_by: str
    online_at: str
    error: str


class UploadOut(Schema):
    id: int
    report: int
    status: str
    downloaded_at: str
    changes: int
    conflicts: int
    invalid: int
    rows: list[UploadRowOut]


class ConfirmIn(Schema):
    keep: dict[str, str] = {}  # conflict row id -> "mine" or "online"
    skip: list[str] = []  # row ids not to apply


class ConfirmOut(Schema):
    id: int
    applied: int


class FormImportOut(Schema):
    id: int
    code: str
    sections: int
    questions: int
    questionnaire: dict


class FormStoredOut(Schema):
    code: str
    questions: int


def upload_out(upload) -> dict:
    count = {s: sum(1 for r in upload.rows if r["status"] == s) for s in ("change", "conflict", "invalid")}
    return {"id": upload.pk, "report": upload.report_id, "status": upload.status,
            "downloaded_at": upload.download.created_at.isoformat(timespec="seconds"),
            "changes": count["change"], "conflicts": count["conflict"], "invalid": count["invalid"],
            "rows": upload.rows}


def file_response(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/reports/{int:report_id}/offline.docx", response={200: None, **ERRORS}, auth=django_auth,
            openapi_extra={"responses": FILE_DOC},
            description="The report as a Word file to fill offline: the sections the caller may read (or only "
                        "`section`, by key), each question with its id, answer type, answer and source.")
def download_docx(request, report_id: int, section: str | None = None):
    report = report_get_for(user=request.user, report_id=report_id)
    data, name = services.offline_download(user=request.user, report=report, fmt=OfflineDownload.DOCX,
                                           section_key=section)
    return file_response(data, name, "docx")


@router.get("/reports/{int:report_id}/offline.xlsx", response={200: None, **ERRORS}, auth=django_auth,
            openapi_extra={"responses": FILE_DOC},
            description="The report as an Excel file to fill offline (hidden id and type columns, lists of "
                        "options on the answer cells); `section` narrows it to one section.")
def download_xlsx(request, report_id: int, section: str | None = None):
    report = report_get_for(user=request.user, report_id=report_id)
    data, name = services.offline_download(user=request.user, report=report, fmt=OfflineDownload.XLSX,
                                           section_key=section)
    return file_response(data, name, "xlsx")


@router.post("/reports/{int:report_id}/offline/uploads", response={201: UploadOut, **ERRORS}, auth=django_auth,
             description="Upload a filled offline file: nothing is written yet. The answer lists each row that "
                         "would change, each answer changed online since the download (a conflict), and each "
                         "value refused as the web form would. 413 over the upload limit, 415 when not a Word "
                         "or Excel file, 422 for a file of another country or report or edited beyond "
                         "recognition, 409 for an older version of the questionnaire.")
def upload_create(request, report_id: int, file: File[UploadedFile]):
    report = report_get_for(user=request.user, report_id=report_id)
    upload_size_check(file.size)
    data = file.read(upload_max_bytes() + 1)
    upload = services.upload_preview(user=request.user, report=report, name=file.name or "", data=data)
    return Status(201, upload_out(upload))


@router.get("/offline/uploads/{int:upload_id}", response={200: UploadOut, **ERRORS}, auth=django_auth,
            description="The preview of an upload (its uploader only).")
def upload_detail(request, upload_id: int):
    return upload_out(upload_get_for(user=request.user, upload_id=upload_id))


@router.post("/offline/uploads/{int:upload_id}/confirm", response={200: ConfirmOut, **ERRORS}, auth=django_auth,
             description="Apply the upload's changes, except `skip`; each conflict needs `keep`: mine or online. "
                         "All or none: 409 when an answer was saved online since the preview.")
def upload_confirm(request, upload_id: int, payload: ConfirmIn):
    upload = upload_get_for(user=request.user, upload_id=upload_id)
    applied = services.upload_confirm(user=request.user, upload=upload, keep=payload.keep, skip=payload.skip)
    return {"id": upload.pk, "applied": applied}


@router.post("/offline/uploads/{int:upload_id}/discard", response={200: ConfirmOut, **ERRORS}, auth=django_auth,
             description="Drop an upload without applying anything.")
def upload_discard(request, upload_id: int):
    upload = upload_get_for(user=request.user, upload_id=upload_id)
    services.upload_discard(user=request.user, upload=upload)
    return {"id": upload.pk, "applied": 0}


@router.post("/offline/questionnaire-forms", response={201: FormImportOut, **ERRORS}, auth=django_auth,
             description="Read a convention's questionnaire form (Word or Excel: 'Section 1 ...' headings, "
                         "numbered questions, '☐ Yes ☐ No' options, tables) for its secretariat. Nothing is "
                         "stored: the answer is the questionnaire read, in the Liaison format, to check.")
def form_import(request, file: File[UploadedFile], convention: Form[str], code: Form[str], title: Form[str],
                cycle: Form[str]):
    found = Convention.objects.filter(acronym__iexact=convention).first()
    if found is None or not staff_of(request.user, convention=found):  # refused before the file is read
        raise NotAllowed(_("Only the convention's secretariat imports its questionnaire."))
    upload_size_check(file.size)
    data = file.read(upload_max_bytes() + 1)
    form = services.form_import_preview(user=request.user, convention=found, name=file.name or "", data=data,
                                        code=code, title=title, cycle=cycle)
    sections = form.data["sections"]
    return Status(201, {"id": form.pk, "code": code, "sections": len(sections),
                        "questions": sum(len(s["questions"]) for s in sections), "questionnaire": form.data})


@router.post("/offline/questionnaire-forms/{int:import_id}/confirm", response={200: FormStoredOut,
                                                                              201: FormStoredOut, **ERRORS},
             auth=django_auth, description="Store the questionnaire read from the form (201 new, 200 replaced).")
def form_confirm(request, import_id: int):
    form = form_import_get_for(user=request.user, import_id=import_id)
    questionnaire, created = services.form_import_store(user=request.user, form_import=form)
    return Status(201 if created else 200, {"code": questionnaire.code,
                                            "questions": questionnaire.questions.filter(retired_at__isnull=True)
                                            .count()})
