"""Writes and reads of questionnaire formats: import a file in the Liaison format, export one back."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.core.services import audit_record
from liaison.core.text import text_tree_clean
from liaison.reporting.formats import FORMAT, FormatError, format_check
from liaison.reporting.models import Question, Questionnaire, Section


def questionnaire_parse(data: bytes | str) -> dict:
    """Return the questionnaire held in a JSON file; raise FormatError listing every problem."""
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FormatError([(_("not JSON: %(error)s") % {"error": exc})[:300]]) from None
    parsed = text_tree_clean(parsed)  # no lone surrogate or control character reaches a title or an option
    problems = format_check(parsed)
    if problems:
        raise FormatError(problems)
    return parsed


def questionnaire_import(*, data: dict, user) -> tuple[Questionnaire, bool]:
    """Store (or replace the structure of) a questionnaire; return it and whether it is new.

    Re-importing keeps the questions whose keys are unchanged, so answers and links to them survive; the
    questions and sections a new version drops are retired (kept with their answers, shown as retired), never
    deleted. Only the convention's secretariat (or the system actor) imports.
    """
    from liaison.reporting.permissions import questionnaire_check_import

    problems = format_check(data)
    if problems:
        raise FormatError(problems)
    convention = Convention.objects.filter(acronym__iexact=data["convention"]).first()
    if convention is None:
        raise FormatError([_('"%(field)s" %(value)s is not in the catalogue')
                           % {"field": "convention", "value": repr(data["convention"])}])
    questionnaire_check_import(user=user, convention=convention)
    existing = Questionnaire.objects.filter(code=data["code"]).select_related("convention").first()
    if existing is not None and existing.convention_id != convention.pk:
        questionnaire_check_import(user=user, convention=existing.convention)
    previous = None
    if data.get("previous"):
        previous = Questionnaire.objects.filter(code=data["previous"]).first()
        if previous is None:
            raise FormatError([_('"%(field)s" questionnaire %(value)s is not loaded')
                               % {"field": "previous", "value": repr(data["previous"])}])
    with transaction.atomic():
        questionnaire, created = Questionnaire.objects.update_or_create(code=data["code"], defaults={
            "convention": convention, "title": data["title"][:300], "cycle": data["cycle"][:32],
            "cycle_order": int(data.get("cycle_order") or 1), "languages": data.get("languages") or ["en"],
            "deadline": dt.date.fromisoformat(data["deadline"]) if data.get("deadline") else None,
            "source": data.get("source") or {}, "previous": previous})
        seen_sections: set[int] = set()
        seen_questions: set[int] = set()
        counter = {"section": 0, "question": 0}
        for section in data["sections"]:
            section_store(questionnaire, section, None, counter, seen_sections, seen_questions)
        now = timezone.now()
        retired = (questionnaire.questions.exclude(pk__in=seen_questions).filter(retired_at__isnull=True)
                   .update(retired_at=now))
        questionnaire.sections.exclude(pk__in=seen_sections).filter(retired_at__isnull=True).update(retired_at=now)
        audit_record(actor=user, action="import" if created else "reimport", obj=questionnaire,
                     changes={"sections": len(seen_sections), "questions": len(seen_questions), "retired": retired})
    return questionnaire, created


def section_store(questionnaire, data: dict, parent, counter: dict, seen_sections: set, seen_questions: set):
    counter["section"] += 1
    section, _ = Section.objects.update_or_create(questionnaire=questionnaire, key=data["key"], defaults={
        "parent": parent, "number": str(data.get("number") or "")[:32], "title": data["title"][:500],
        "titles": data.get("titles") or {}, "order": counter["section"],
        "repeating": bool(data.get("repeating")), "repeat_label": str(data.get("repeat_label") or "")[:100],
        "retired_at": None})
    seen_sections.add(section.pk)
    for q in data.get("questions") or []:
        counter["question"] += 1
        question, _ = Question.objects.update_or_create(questionnaire=questionnaire, key=q["key"], defaults={
            "section": section, "number": str(q.get("number") or "")[:32], "order": counter["question"],
            "kind": q["kind"], "title": q["title"], "titles": q.get("titles") or {}, "help": q.get("help") or "",
            "options": q.get("options") or [], "columns": q.get("columns") or [],
            "mandatory": bool(q.get("mandatory")), "show_if": q.get("show_if") or [],
            "extra": q.get("extra") or {}, "retired_at": None})
        seen_questions.add(question.pk)
    for child in data.get("sections") or []:
        section_store(questionnaire, child, section, counter, seen_sections, seen_questions)


def questionnaire_export(*, questionnaire: Questionnaire) -> dict:
    """Return the questionnaire in the Liaison format (what `questionnaire_import` reads back)."""
    sections = list(questionnaire.sections.filter(retired_at__isnull=True))
    questions = list(questionnaire.questions.filter(retired_at__isnull=True))
    by_section: dict[int, list[Question]] = {}
    for q in questions:
        by_section.setdefault(q.section_id, []).append(q)

    def section_out(section: Section) -> dict:
        out = {"key": section.key, "number": section.number, "title": section.title, "titles": section.titles,
               "repeating": section.repeating, "repeat_label": section.repeat_label,
               "questions": [question_out(q) for q in by_section.get(section.pk, [])],
               "sections": [section_out(s) for s in sections if s.parent_id == section.pk]}
        return {k: v for k, v in out.items() if v not in ("", {}, [], False) or k in ("questions", "title")}

    return {"format": FORMAT, "code": questionnaire.code, "convention": questionnaire.convention.acronym,
            "title": questionnaire.title, "cycle": questionnaire.cycle, "cycle_order": questionnaire.cycle_order,
            "deadline": questionnaire.deadline.isoformat() if questionnaire.deadline else None,
            "previous": questionnaire.previous.code if questionnaire.previous_id else None,
            "languages": questionnaire.languages, "source": questionnaire.source,
            "sections": [section_out(s) for s in sections if s.parent_id is None]}


def question_out(q: Question) -> dict:
    out = {"key": q.key, "number": q.number, "kind": q.kind, "title": q.title, "titles": q.titles, "help": q.help,
           "mandatory": q.mandatory, "options": q.options, "columns": q.columns, "show_if": q.show_if,
           "extra": q.extra}
    return {k: v for k, v in out.items() if v not in ("", {}, [], False) or k in ("key", "kind", "title")}
