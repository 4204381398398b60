"""Reads of offline files: a questionnaire's version, and the rows of a report as its reader may see them."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext as _

from liaison.core.errors import NotFound
from liaison.offline.cells import CHOICE_KINDS, READ_ONLY_KINDS, kind_hint, value_text
from liaison.offline.models import FormImport, OfflineUpload
from liaison.reporting.models import Question, Report
from liaison.reporting.permissions import id_known, report_can_edit
from liaison.reporting.selectors import report_view


def questionnaire_version(*, questionnaire_id: int) -> str:
    """Return a fingerprint of the questionnaire's current structure: keys, answer types, options, columns.

    A file whose fingerprint differs was written for another version: its rows may no longer mean the same.
    """
    rows = (Question.objects.filter(questionnaire_id=questionnaire_id, retired_at__isnull=True)
            .order_by("key").values_list("key", "kind", "options", "columns"))
    shape = [[key, kind, [o.get("value") for o in options or []], [c.get("key") for c in columns or []]]
             for key, kind, options, columns in rows]
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def row_id(question: Question, block: int) -> str:
    return question.key if block == 0 else f"{question.key}#{block}"


def offline_rows(*, user, report: Report, section_key: str | None = None) -> tuple[list[dict], dict, object]:
    """Return (sections with their rows for a file, {row id: state at download}, the section chosen or None).

    Only the sections `user` may read (a delegate: theirs); `section_key` narrows to one and its sub-sections.
    """
    view = report_view(user=user, report=report)
    chosen = None
    sections = view["sections"]
    if section_key:
        start = next((i for i, s in enumerate(sections) if s["section"].key == section_key), None)
        if start is None:
            raise NotFound(_("No such section in this report."))
        chosen, depth = sections[start]["section"], sections[start]["depth"]
        end = next((i for i in range(start + 1, len(sections)) if sections[i]["depth"] <= depth), len(sections))
        sections = sections[start:end]
    out, state = [], {}
    for s in sections:
        rows = []
        for item in s["items"]:
            q, block = item["question"], item["block"]
            if item["retired"]:
                continue
            editable = q.kind not in READ_ONLY_KINDS and report_can_edit(user=user, report=report, question=q)
            rid = row_id(q, block)
            source = item["source"] or (item["prefill"]["label"] if item["prefill"] else "")
            rows.append({"id": rid, "kind": q.kind, "number": q.number, "title": q.title,
                         "answer": value_text(q, item["value"]), "hint": kind_hint(q), "source": source or "",
                         "editable": editable,
                         "labels": [str(o.get("label") or o.get("value")) for o in q.options]
                         if q.kind in CHOICE_KINDS else []})
            state[rid] = {"question": q.pk, "block": block, "version": item["version"], "value": item["value"],
                          "kind": q.kind}
        out.append({"title": " ".join(x for x in (s["section"].number, s["section"].title) if x), "rows": rows})
    return out, state, chosen


def upload_get_for(*, user, upload_id: int) -> OfflineUpload:
    """Return the upload if `user` made it (a preview is its uploader's alone); raise NotFound otherwise."""
    upload = (OfflineUpload.objects.select_related("report__questionnaire__convention", "report__country",
                                                   "download")
              .filter(pk=id_known(upload_id), uploaded_by_id=getattr(user, "pk", None) or 0).first())
    if upload is None:
        raise NotFound(_("No such upload."))
    return upload


def form_import_get_for(*, user, import_id: int) -> FormImport:
    """Return the pending questionnaire form import if `user` made it; raise NotFound otherwise."""
    found = (FormImport.objects.select_related("convention")
             .filter(pk=id_known(import_id), created_by_id=getattr(user, "pk", None) or 0).first())
    if found is None:
        raise NotFound(_("No such import."))
    return found
