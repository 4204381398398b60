"""Writes of offline files: record a download, read an upload into a preview, apply what the person confirms.

Answers are written only through `reporting.answers.answers_save`, which checks each write as the web form's
save does (a locked report, a section not delegated to the uploader), then writes them all at once with their
history; the offline file is their source.
"""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Conflict, Invalid, NotAllowed, UnsupportedType
from liaison.core.grouped import writes_grouped
from liaison.core.services import audit_record
from liaison.offline import sheets
from liaison.offline.cells import READ_ONLY_KINDS, text_value, value_text
from liaison.offline.models import OfflineDownload, OfflineUpload
from liaison.offline.selectors import offline_rows, questionnaire_version
from liaison.reporting.answers import AnswerConflict, AnswerWrite, answers_save, person
from liaison.reporting.models import Answer, Question, Report
from liaison.reporting.permissions import report_can_edit
from liaison.reporting.uploads import upload_check
from liaison.reporting.values import AnswerValueError, value_clean, value_display

SALT = "liaison.offline.file"


def offline_download(*, user, report: Report, fmt: str, section_key: str | None = None) -> tuple[bytes, str]:
    """Return (file bytes, file name) of `report` as `user` may read it, in Word or Excel; record the download."""
    sections, state, section = offline_rows(user=user, report=report, section_key=section_key)
    q = report.questionnaire
    with transaction.atomic():
        download = OfflineDownload.objects.create(
            report=report, section=section, user=person(user), format=fmt,
            version=questionnaire_version(questionnaire_id=q.pk), rows=state)
        audit_record(actor=user, action="offline_download", obj=report,
                     changes={"format": fmt, "section": section_key or "", "rows": len(state)})
    marker = {"format": sheets.FORMAT, "country": report.country.iso3, "country_name": report.country.name,
              "questionnaire": q.code, "questionnaire_title": q.title, "version": download.version,
              "report": report.pk, "section": section_key or "",
              "downloaded": download.created_at.isoformat(timespec="seconds"),
              "token": signing.dumps({"d": download.pk, "r": report.pk}, salt=SALT, compress=True)}
    data = (sheets.docx_write if fmt == OfflineDownload.DOCX else sheets.xlsx_write)(marker, sections)
    name = f"{q.code}-{report.country.iso3}{'-' + section_key if section_key else ''}.{fmt}"
    return data, name


def file_read(*, name: str, data: bytes) -> tuple[dict, dict]:
    """Return (marker, rows) of an uploaded file; raise TooLarge (zip bomb), UnsupportedType or Invalid."""
    content_type = upload_check(name=name, data=data)  # size limit; a ZIP's unpacked size checked before opening
    if content_type.endswith("wordprocessingml.document"):
        reader = sheets.docx_read
    elif content_type.endswith("spreadsheetml.sheet"):
        reader = sheets.xlsx_read
    else:
        raise UnsupportedType(_("Upload the Word (.docx) or Excel (.xlsx) file downloaded from this report."))
    try:
        return reader(data)
    except sheets.SheetError as exc:
        raise unrecognised(str(exc)) from None


def unrecognised(why: str) -> Invalid:
    message = _("This file is not one Liaison wrote for this report, or was edited beyond recognition "
                "(%(why)s). Download the file again and fill that one in.") % {"why": why}
    return Invalid(message, errors=[{"field": "file", "message": message}])


def marker_check(*, marker: dict, report: Report) -> OfflineDownload:
    """Return the download the file came from; raise Invalid or Conflict naming what does not match."""
    if marker.get("format") != sheets.FORMAT:
        raise unrecognised(_("its Liaison marker is missing"))
    if marker.get("country") != report.country.iso3:
        raise Invalid(_("This file holds the report of %(other)s, not of %(country)s: nothing was changed.")
                      % {"other": marker.get("country_name") or marker.get("country") or "?",
                         "country": report.country.name})
    if marker.get("questionnaire") != report.questionnaire.code:
        raise Invalid(_("This file is for the questionnaire %(other)s, not %(this)s: nothing was changed.")
                      % {"other": marker.get("questionnaire") or "?", "this": report.questionnaire.code})
    try:
        token = signing.loads(marker.get("token") or "", salt=SALT)
    except signing.BadSignature:
        raise unrecognised(_("its marker was changed")) from None
    download = OfflineDownload.objects.filter(pk=token.get("d"), report=report).first()
    if download is None or token.get("r") != report.pk or str(marker.get("report")) != str(report.pk):
        raise unrecognised(_("it was downloaded from another report"))
    if download.version != questionnaire_version(questionnaire_id=report.questionnaire_id):
        raise Conflict(_("This file was downloaded on %(date)s for an older version of the questionnaire: its "
                         "questions changed since. Nothing was changed; download the file again and copy your "
                         "answers into it.") % {"date": download.created_at.date().isoformat()})
    return download


def upload_preview(*, user, report: Report, name: str, data: bytes) -> OfflineUpload:
    """Read a filled file and store what it would change (against the file's download and the answers now)."""
    if report.is_locked:
        raise NotAllowed(_("The report is submitted and locked; ask the secretariat to reopen it."))
    marker, cells = file_read(name=name, data=data)
    download = marker_check(marker=marker, report=report)
    unknown = sorted(set(cells) - set(download.rows))
    if unknown:
        raise unrecognised(_("unknown question identifiers: %(ids)s") % {"ids": ", ".join(unknown[:10])})
    if not cells:
        raise unrecognised(_("no question rows were found"))
    questions = {q.pk: q for q in Question.objects.filter(questionnaire_id=report.questionnaire_id)
                 .select_related("section")}
    current = {(a.question_id, a.block): a for a in Answer.objects.filter(report=report).select_related("updated_by")}
    rows = []
    for rid, (kind, cell) in cells.items():
        state = download.rows[rid]
        question = questions[state["question"]]
        if kind.strip() != state["kind"]:
            raise unrecognised(_("the answer type of %(id)s was changed") % {"id": rid})
        if question.kind in READ_ONLY_KINDS:
            continue
        row = row_compare(user=user, report=report, question=question, state=state, cell=cell,
                          answer=current.get((question.pk, state["block"])))
        if row is not None:
            rows.append({"id": rid, **row})
    with transaction.atomic():
        upload = OfflineUpload.objects.create(download=download, report=report, uploaded_by=user,
                                              file_name=name[:255], rows=rows)
        audit_record(actor=user, action="offline_upload", obj=report, changes={"rows": len(rows)})
    return upload


def row_compare(*, user, report: Report, question: Question, state: dict, cell, answer: Answer | None) -> dict | None:
    """Return the preview row of one question, or None when the file leaves its answer as it was downloaded."""
    candidate = text_value(question, cell)
    error = ""
    try:
        mine = value_clean(question, candidate)
    except AnswerValueError as exc:
        mine, error = candidate, str(exc)
    if not error and mine == state["value"]:
        return None  # untouched in the file (or typed back as it was)
    if not error and value_text(question, mine) == value_text(question, state["value"]):
        return None
    now_version = answer.version if answer else 0
    online = answer.value if answer else None
    base = {"question": question.pk, "block": state["block"], "number": question.number, "title": question.title,
            "kind": question.kind, "mine": mine, "mine_display": "" if error else value_display(question, mine),
            "before_display": value_display(question, state["value"]), "version": now_version, "error": error,
            "online_display": value_display(question, online), "online_by": "", "online_at": ""}
    if error:
        return {**base, "status": "invalid"}
    if not report_can_edit(user=user, report=report, question=question):
        return {**base, "status": "invalid", "error": _("You may not change this answer.")}
    if now_version != state["version"] and answer is not None:
        if online == mine:
            return None  # someone online already entered the same
        who = answer.updated_by.get_full_name() or answer.updated_by.username if answer.updated_by_id else ""
        return {**base, "status": "conflict", "online_by": who, "online_at": answer.updated_at.isoformat()}
    return {**base, "status": "change"}


def upload_confirm(*, user, upload: OfflineUpload, keep: dict[str, str], skip: list[str]) -> int:
    """Apply the upload's changes the person kept (conflicts: `keep` id -> 'mine' or 'online'); return how many.

    Every applied answer's source reads 'from the offline file of <date>, uploaded by <name>'. All or none:
    an answer saved online since the preview stops the whole confirm (409), nothing written.
    """
    if upload.status != OfflineUpload.PENDING:
        raise Conflict(_("This upload was already applied or discarded."))
    unresolved = [r["id"] for r in upload.rows if r["status"] == "conflict" and keep.get(r["id"]) not in
                  ("mine", "online") and r["id"] not in skip]
    if unresolved:
        raise Invalid(_("Choose, for each answer changed online since the download, which one to keep."),
                      errors=[{"field": rid, "message": _("keep mine or keep online")} for rid in unresolved])
    name = user.get_full_name() or user.username
    note = _("from the offline file of %(date)s, uploaded by %(name)s") % {
        "date": upload.download.created_at.date().isoformat(), "name": name}
    questions = {q.pk: q for q in Question.objects.filter(pk__in=[r["question"] for r in upload.rows])
                 .select_related("section")}
    kept = [row for row in upload.rows if row["id"] not in skip and row["status"] != "invalid"
            and (row["status"] != "conflict" or keep.get(row["id"]) == "mine")]
    writes = [AnswerWrite(questions[row["question"]], row["mine"], row["version"], row["block"]) for row in kept]
    # answers_save checks every answer, then writes them all (all or none); the report's search documents are
    # refreshed once, after the upload's own audit event too
    with transaction.atomic(), writes_grouped():
        try:
            answers_save(user=user, report=upload.report, writes=writes, note=note)
        except AnswerConflict as exc:
            stale = next((r for r in kept if (r["question"], r["block"]) == (exc.answer.question_id, exc.answer.block)),
                         {"number": "", "id": "?"})
            raise Conflict(_("The answer to %(n)s was saved online since the preview: nothing was changed. "
                             "Upload the file again to see it.") % {"n": stale["number"] or stale["id"]}) from None
        n = len(writes)
        upload.status, upload.applied_at, upload.applied = OfflineUpload.APPLIED, timezone.now(), n
        upload.save(update_fields=["status", "applied_at", "applied"])
        audit_record(actor=user, action="offline_apply", obj=upload.report, changes={"applied": n})
    return n


def upload_discard(*, user, upload: OfflineUpload) -> None:
    """Drop a pending upload: nothing of it is applied."""
    if upload.status != OfflineUpload.PENDING:
        raise Conflict(_("This upload was already applied or discarded."))
    upload.status = OfflineUpload.DISCARDED
    upload.save(update_fields=["status"])


def form_import_preview(*, user, convention, name: str, data: bytes, code: str, title: str, cycle: str):
    """Read a convention's Word or Excel questionnaire form and keep it, unstored, for a preview."""
    from liaison.offline.models import FormImport
    from liaison.offline.questionnaire_forms import form_read_docx, form_read_xlsx
    from liaison.reporting.formats import FORMAT, format_check
    from liaison.reporting.permissions import questionnaire_check_import

    questionnaire_check_import(user=user, convention=convention)
    content_type = upload_check(name=name, data=data)
    reader = form_read_docx if content_type.endswith("document") else \
        form_read_xlsx if content_type.endswith("sheet") else None
    if reader is None:
        raise UnsupportedType(_("Upload the convention's form as a Word (.docx) or Excel (.xlsx) file."))
    try:
        sections = reader(data)
    except sheets.SheetError as exc:
        raise Invalid(_("The form could not be read: %(why)s.") % {"why": exc}) from None
    if not sections:
        raise Invalid(_("No numbered questions were found in the form (lines such as '1.1 Has your country...?')."))
    questionnaire = {"format": FORMAT, "code": code, "convention": convention.acronym, "title": title,
                     "cycle": cycle, "languages": ["en"], "source": {"file": name[:255], "read_by": "offline form"},
                     "sections": sections}
    problems = format_check(questionnaire)
    if problems:
        raise Invalid(_("The questionnaire read from the form has problems."),
                      errors=[{"field": "form", "message": p} for p in problems[:50]])
    return FormImport.objects.create(convention=convention, created_by=user, file_name=name[:255],
                                     data=questionnaire)


def form_import_store(*, user, form_import):
    """Store the previewed questionnaire (reporting's import: checks staff again, retires dropped questions)."""
    from liaison.reporting.questionnaires import questionnaire_import

    if form_import.status != form_import.PENDING:
        raise Conflict(_("This form was already stored."))
    with transaction.atomic():
        questionnaire, created = questionnaire_import(data=form_import.data, user=user)
        form_import.status = form_import.STORED
        form_import.save(update_fields=["status"])
    return questionnaire, created
