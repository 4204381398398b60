"""Load the bundled national-report question sets, the obvious question links and (demo mode) Kenya's reports."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import yaml
from django.conf import settings

from liaison.catalogue.models import Country
from liaison.core.actors import system_actor
from liaison.core.loading import DataFileError, LoadReport
from liaison.core.models import AuditEvent
from liaison.reporting.crosswalk import link_upsert, links_identical_text, option_map
from liaison.reporting.cycles import CYCLE_SET, closes_derive, cycle_problems
from liaison.reporting.formats import FormatError, questionnaire_from_absch, questionnaire_from_ort
from liaison.reporting.models import Answer, Question, QuestionLink, Questionnaire, Report
from liaison.reporting.questionnaires import questionnaire_import

LOADER = system_actor("liaison load")  # who the audit trail records for what the loaders store
MANIFEST = "reporting/questionnaires.yaml"
CURATED = "reporting/question_links.yaml"


def yaml_read(path: Path) -> list:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from None


def questionnaires_load(*, data_dir: Path, report: LoadReport) -> None:
    """Import every question set listed in data/reporting/questionnaires.yaml (idempotent), then date their cycles."""
    manifest = data_dir / MANIFEST
    entries = yaml_read(manifest)
    for i, entry in enumerate(entries, start=1):
        path = data_dir / str(entry.get("file", ""))
        if not path.is_file():
            raise DataFileError(manifest, i, f"no such file {entry.get('file')!r}")
        deadline = entry.get("deadline")
        kept = cycle_kept(code=str(entry.get("code", "")))
        if kept is not None:  # staff set the cycle's dates: a reload keeps their deadline too
            deadline = kept.deadline
        common = {"code": entry["code"], "convention": entry["convention"], "cycle": entry["cycle"],
                  "cycle_order": int(entry.get("cycle_order") or 1),
                  "deadline": deadline.isoformat() if isinstance(deadline, dt.date) else deadline}
        try:
            if entry.get("reader") == "ort":
                data = questionnaire_from_ort(path, data_dir / entry["texts"], **common)
            else:
                data = questionnaire_from_absch(path, previous=entry.get("previous"), **common)
            data["title"] = entry.get("title") or data["title"]
            questionnaire, created = questionnaire_import(data=data, user=LOADER)
        except (KeyError, ValueError, FormatError) as exc:
            raise DataFileError(path, None, str(exc)) from None
        report.count("questionnaires new" if created else "questionnaires unchanged")
        report.count("report questions", questionnaire.questions.count())
    cycles_date(manifest=manifest, entries=entries, report=report)


def cycle_kept(*, code: str) -> Questionnaire | None:
    """Return the questionnaire `code` when staff set its cycle's dates (the audit trail says so), else None."""
    found = Questionnaire.objects.filter(code=code).first()
    if found is None:
        return None
    changed = AuditEvent.objects.filter(action=CYCLE_SET, object_type=found._meta.label_lower,
                                        object_id=str(found.pk))
    return found if changed.exists() else None


def manifest_date(manifest: Path, row: int, entry: dict, field: str) -> dt.date | None:
    value = entry.get(field)
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(manifest, row, f"{field}: not a date YYYY-MM-DD: {value!r}") from None


def cycles_date(*, manifest: Path, entries: list, report: LoadReport) -> None:
    """Set `opens` and `closes` of the listed questionnaires: from the manifest when it gives them, else derived.

    The sources give no opening or closing day of a cycle, only (some) deadlines. Derived conservatively, so that
    a cycle that may still be open is never called closed: `opens` stays unknown (the cycle counts as open since
    ever, never `upcoming`); `closes` is the day before the next cycle of the same convention opens, else one year
    after the deadline, and never after the day before the next cycle's deadline (see cycles.closes_derive); with
    no date at all it stays unknown (open). Questionnaires whose dates staff set are left as they are.
    """
    listed = []
    for i, entry in enumerate(entries, start=1):
        questionnaire = Questionnaire.objects.get(code=entry["code"])
        if cycle_kept(code=questionnaire.code) is not None:
            report.count("questionnaire cycles kept (set by staff)")
            continue
        questionnaire.opens = manifest_date(manifest, i, entry, "opens")
        listed.append((i, entry, questionnaire))
    for i, entry, questionnaire in listed:
        closes = manifest_date(manifest, i, entry, "closes")
        if closes is None:
            following = (Questionnaire.objects.filter(convention_id=questionnaire.convention_id,
                                                      cycle_order__gt=questionnaire.cycle_order)
                         .order_by("cycle_order").first())
            following = next((q for _, _, q in listed if following and q.pk == following.pk), following)
            closes = closes_derive(opens=questionnaire.opens, deadline=questionnaire.deadline,
                                   next_opens=following.opens if following else None,
                                   next_deadline=following.deadline if following else None)
            report.count("questionnaire cycles closing derived" if closes else "questionnaire cycles open-ended")
        problems = cycle_problems(opens=questionnaire.opens, deadline=questionnaire.deadline, closes=closes)
        if problems:
            raise DataFileError(manifest, i, "; ".join(f"{p['field']}: {p['message']}" for p in problems))
        questionnaire.closes = closes
        questionnaire.save(update_fields=["opens", "closes"])


def question_links_load(*, data_dir: Path, report: LoadReport) -> None:
    """Link each cycle's questions to the previous cycle's identical ones, then load the curated links."""
    for questionnaire in Questionnaire.objects.filter(previous__isnull=False).select_related("previous"):
        done = QuestionLink.objects.filter(target__questionnaire=questionnaire,
                                           source__questionnaire=questionnaire.previous,
                                           origin__in=["identical-text", "near-identical-text"])
        if done.exists():
            report.count("question links from text (unchanged)", done.count())
            continue
        counts = links_identical_text(user=LOADER, source=questionnaire.previous, target=questionnaire)
        report.count(f"{questionnaire.previous.code}->{questionnaire.code} identical", counts["identical"])
        report.count(f"{questionnaire.previous.code}->{questionnaire.code} near-identical", counts["near_identical"])
    path = data_dir / CURATED
    for i, entry in enumerate(yaml_read(path), start=1):
        source, target = question_resolve(path, i, entry.get("source")), question_resolve(path, i, entry.get("target"))
        mapping = entry.get("map")
        transform = {"map": {str(k): str(v) for k, v in mapping.items()}} if mapping else option_map(source, target)
        if transform is None:
            raise DataFileError(path, i, "the options differ: give a map")
        bad = [v for v in (transform.get("map") or {}).values() if v not in [o["value"] for o in target.options]]
        if bad:
            raise DataFileError(path, i, f"map names options the target does not have: {bad}")
        link_upsert(source=source, target=target, relation=entry.get("relation") or QuestionLink.SAME,
                    transform=transform, status=QuestionLink.ACCEPTED, origin="curated", why=entry.get("why") or "")
        report.count("question links curated")


def question_resolve(path: Path, row: int, ref) -> Question:
    code, _, key = str(ref or "").partition("/")
    question = Question.objects.filter(questionnaire__code=code, key=key).first()
    if question is None:
        raise DataFileError(path, row, f"no question {ref!r}")
    return question


# --- demo data: Kenya's earlier reports, so that its Cartagena fourth report opens prefilled ---

DEMO_NOTE = "[Demo data — not Kenya's real report] "
DEMO_REPORTS = [("cartagena-nr3", dt.datetime(2015, 10, 30, 10, tzinfo=dt.UTC)),
                ("cbd-nr7-gbf", dt.datetime(2026, 2, 20, 9, tzinfo=dt.UTC))]


def demo_value(question: Question):
    """Return a plausible, deterministic answer for a demo report."""
    values = [o["value"] for o in question.options]
    pick = int(hashlib.sha256(question.key.encode()).hexdigest(), 16)
    if question.kind in (Question.YESNO, Question.YESNOPARTLY):
        return "true" if "true" in values and pick % 4 else values[pick % len(values)]
    if question.kind == Question.SINGLE:
        preferred = [v for v in ("partially", "fully", "true", "underDevelopment", "yes") if v in values]
        return preferred[pick % len(preferred)] if preferred else values[pick % len(values)]
    if question.kind == Question.MULTIPLE:
        return values[: 1 + pick % min(2, len(values))]
    if question.kind == Question.NUMBER:
        return pick % 40
    if question.kind == Question.TEXT:
        return DEMO_NOTE + "Kenya's National Biosafety Authority and the Ministry of Environment coordinate this."
    return None


def demo_reports_load(*, data_dir: Path, report: LoadReport) -> None:
    """Demo mode only: Kenya's submitted Cartagena third and CBD seventh reports, marked as demo data."""
    if not settings.DEMO_MODE:
        return
    from django.contrib.auth import get_user_model

    kenya = Country.objects.filter(iso3="KEN").first()
    questionnaires = {q.code: q for q in Questionnaire.objects.filter(code__in=[c for c, _ in DEMO_REPORTS])}
    if kenya is None or len(questionnaires) < len(DEMO_REPORTS):
        return
    user = get_user_model().objects.filter(username="kenya-focal-point").first()
    for code, submitted_at in DEMO_REPORTS:
        national, created = Report.objects.get_or_create(
            questionnaire=questionnaires[code], country=kenya,
            defaults={"status": Report.SUBMITTED, "submitted_at": submitted_at, "submitted_by": user,
                      "created_by": user, "is_demo": True})
        if not created:
            report.count("demo reports unchanged")
            continue
        answers = [Answer(report=national, question=q, value=value, updated_by=user)
                   for q in national.questionnaire.questions.all() if (value := demo_value(q)) is not None]
        Answer.objects.bulk_create(answers)
        Answer.objects.filter(report=national).update(updated_at=submitted_at)
        Report.objects.filter(pk=national.pk).update(created_at=submitted_at - dt.timedelta(days=60))
        report.count("demo reports", 1)
        report.count("demo answers", len(answers))
