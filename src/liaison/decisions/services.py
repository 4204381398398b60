"""Writes of decisions and mandates: ingest a text, correct what the parser read, attach evidence."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liaison.core.actors import actor_is_system
from liaison.core.bulk import rows_insert
from liaison.core.errors import Invalid, TooLarge, UnsupportedType
from liaison.core.filetypes import filetype_detect
from liaison.core.grouped import writes_grouped
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.decisions.memo import memo
from liaison.decisions.models import (
    ACTION_MAX,
    NOTE_MAX,
    URL_MAX,
    Actor,
    Decision,
    DecisionRevision,
    Mandate,
    MandateEvidence,
    Paragraph,
)
from liaison.decisions.permissions import decision_check_ingest, mandate_check_edit
from liaison.decisions.references import convention_resolve, references_resolve_incoming, references_store
from liaison.decisions.signals import decision_ingested
from liaison.decisions.succession import Succession, mandates_current_of, mandates_succeed
from liaison.engine.decisions import DocumentError, document_parse
from liaison.engine.decisions.parse import decisions_list

# Conventions whose numbered texts are "decisions" rather than "resolutions" by default.
DEFAULT_KIND = {"CBD": "decision", "Cartagena": "decision", "Nagoya": "decision", "IPBES": "decision"}


@dataclass
class IngestResult:
    decision: Decision
    revision: DecisionRevision
    created: bool
    parsed: dict
    succession: Succession = dataclasses.field(default_factory=Succession)
    repealed: list[Decision] = dataclasses.field(default_factory=list)
    more: list[IngestResult] = dataclasses.field(default_factory=list)  # the other decisions of a compilation
    first_text: bool = False  # stored, and the decision had no text before (a new decision)


def decision_ingest(
    *,
    data: bytes,
    filename: str,
    user=None,
    convention: str | None = None,
    symbol: str | None = None,
    kind: str | None = None,
    revision_label: str = "",
    meeting: str = "",
    year: int | None = None,
    max_bytes: int | None = None,
    announce: bool = True,
) -> IngestResult:
    """Parse a decision text and store it with its paragraphs, references and mandates (idempotent by content).

    `user` is the person uploading or the system actor (loaders, `liaison ingest`); both are checked.
    """
    decision_check_ingest(user=user, convention=convention_resolve(convention))
    content_hash = hashlib.sha256(data).hexdigest()
    absent = memo("hashes_absent")  # a batch's texts not stored before it: no lookup each (batches.batch_apply)
    existing = None if absent is not None and content_hash in absent else (
        DecisionRevision.objects.select_related("decision__convention").filter(content_hash=content_hash).first())
    if existing is not None:
        decision_check_ingest(user=user, convention=existing.decision.convention)
        return IngestResult(existing.decision, existing, False, existing.parsed)
    options = {"max_bytes": max_bytes} if max_bytes else {}
    parsed = document_parse(data, filename=filename, convention=convention, symbol=symbol, **options)
    return parsed_store(user=user, parsed=parsed, data=data, content_hash=content_hash, filename=filename,
                        convention=convention, symbol=symbol, kind=kind, revision_label=revision_label,
                        meeting=meeting, year=year, announce=announce)


def parsed_store(*, user, parsed: dict, data: bytes, content_hash: str, filename: str, convention: str | None,
                 symbol: str | None, kind: str | None, revision_label: str, meeting: str, year: int | None,
                 announce: bool = True) -> IngestResult:
    """Store a parse of `data` (made by `decision_ingest`, or made and corrected in a draft batch) with its
    paragraphs, references and mandates: one decision, or each decision of a compilation."""
    conv = convention_resolve(convention or parsed.get("convention"))
    if conv is None:
        found = parsed.get("convention")
        raise DocumentError(
            _("Liaison could not tell which convention adopted this text (%(found)s is not in the catalogue); "
              "choose the convention.") % {"found": repr(found)} if found
            else _("Liaison could not tell which convention adopted this text; choose the convention."))
    decision_check_ingest(user=user, convention=conv)
    items = decisions_list(parsed)
    if len(items) > 1:
        return compilation_ingest(user=user, conv=conv, items=items, data=data, content_hash=content_hash,
                                  filename=filename, kind=kind, revision_label=revision_label, meeting=meeting,
                                  year=year, announce=announce)
    number = (symbol or parsed.get("symbol") or "").strip()
    if not number:
        raise DocumentError(_("No decision number was found in the text; give it (for example 11.10 or 15/4)."))
    kind = kind or parsed.get("kind") or DEFAULT_KIND.get(conv.acronym, "resolution")
    label = revision_label or parsed.get("revision") or ""
    return decision_store(user=user, conv=conv, parsed=parsed, number=number, kind=kind, label=label,
                          content_hash=content_hash, filename=filename, meeting=meeting, year=year,
                          announce=announce)


def compilation_ingest(*, user, conv, items: list[dict], data: bytes, content_hash: str, filename: str,
                       kind: str | None, revision_label: str, meeting: str, year: int | None,
                       announce: bool) -> IngestResult:
    """Store each decision of a compilation (a meeting's "decisions adopted") as a decision of its own.

    The first keeps the file's hash (so the unchanged file is recognised before parsing); the others get the
    hash of the file and their number. Return the first decision's result, the others in `more`.
    """
    results: list[IngestResult] = []
    with transaction.atomic(), writes_grouped():
        for item in items:
            number = (item.get("symbol") or "").strip()[:64]
            if not number:
                continue
            item_hash = content_hash if not results else hashlib.sha256(data + b"\0" + number.encode()).hexdigest()
            existing = DecisionRevision.objects.select_related("decision").filter(content_hash=item_hash).first()
            if existing is not None:
                results.append(IngestResult(existing.decision, existing, False, existing.parsed))
                continue
            item_conv = convention_resolve(item.get("convention")) or conv
            decision_check_ingest(user=user, convention=item_conv)
            results.append(decision_store(
                user=user, conv=item_conv, parsed=item, number=number,
                kind=kind or item.get("kind") or DEFAULT_KIND.get(item_conv.acronym, "resolution"),
                label=revision_label or item.get("revision") or "", content_hash=item_hash, filename=filename,
                meeting=meeting, year=year, announce=False))
        if not results:
            raise DocumentError(_("No decision of this compilation has a number; give them in separate files."))
        if announce and any(r.created for r in results):
            decision_ingested.send(sender=Decision, decision=results[0].decision, revision=results[0].revision,
                                   user=user)
    first = results[0]
    first.more = results[1:]
    return first


def decision_store(*, user, conv, parsed: dict, number: str, kind: str, label: str, content_hash: str,
                   filename: str, meeting: str, year: int | None, announce: bool) -> IngestResult:
    """Store one decision's text (a new decision or a new revision), carry its mandates, resolve references.

    The index refreshes its many writes ask for are made once each, at the end (core.grouped).
    """
    # No savepoint of its own: its callers' block (a batch file's savepoint, or the transaction) rolls back with it.
    with transaction.atomic(savepoint=False), writes_grouped():
        decision, created = decision_upsert(conv, kind, number, parsed, meeting=meeting, year=year)
        previous = [] if created else list(decision.revisions.all())
        revision = DecisionRevision.objects.create(
            decision=decision, label=label, content_hash=content_hash, source_name=filename[:300],
            source_format=parsed.get("format", filename.rsplit(".", 1)[-1].lower())[:16], parsed=parsed,
            uploaded_by=person_or_none(user),
        )
        (memo("hashes_absent") or {}).pop(content_hash, None)  # stored now: the same bytes again are looked up
        paragraphs = paragraphs_store(revision, parsed)
        new_mandates = mandates_store(decision, paragraphs, parsed)
        succession = Succession()
        if previous:
            succession = mandates_succeed(user=user, old=mandates_current_of(decision, exclude_revision=revision),
                                          new=new_mandates, reason=f"revised by {label or filename}")
        repealed = references_store(decision, paragraphs, parsed)
        for target in repealed:
            taken = {n for _, n in succession.carried}
            if not target.has_text:  # known by reference only: it holds no mandate to carry
                continue
            replaced = mandates_succeed(user=user, old=mandates_current_of(target),
                                        new=[m for m in new_mandates if m.pk not in taken],
                                        reason=f"repealed by {decision}")
            succession.carried += replaced.carried
            succession.unmatched += replaced.unmatched
        references_resolve_incoming(decision, created=created)
        audit_record(actor=user, action="ingest", obj=decision,
                     changes={"revision": label, "source": filename, "new_decision": created,
                              "mandates_carried": len(succession.carried),
                              "mandates_unmatched": len(succession.unmatched)})
        if announce:
            decision_ingested.send(sender=Decision, decision=decision, revision=revision, user=user)
    return IngestResult(decision, revision, True, parsed, succession, repealed, first_text=not previous)


def person_or_none(user):
    """Return `user` when it is a signed-in person (not the system actor, not anonymous), else None."""
    if actor_is_system(user) or not getattr(user, "is_authenticated", False):
        return None
    return user


def decision_upsert(conv, kind, number, parsed, *, meeting: str, year: int | None) -> tuple[Decision, bool]:
    """Return the decision for (convention, kind, number), creating or filling in a placeholder."""
    title = (parsed.get("title") or "").strip()[:500]
    decision, created = Decision.objects.get_or_create(
        convention=conv, kind=kind, number=number,
        defaults={"title": title, "meeting": meeting, "year": year, "has_text": True},
    )
    if not created:
        decision.title = title or decision.title
        decision.meeting = meeting or decision.meeting
        decision.year = year or decision.year
        decision.has_text = True
        decision.save()
    return decision, created


def paragraphs_store(revision: DecisionRevision, parsed: dict) -> dict[str, Paragraph]:
    """Store preamble, operative and annex paragraphs; return them keyed by the parser's paragraph keys."""
    rows = []
    rid = revision.pk  # ids, not instances, given to the rows: a related instance set is costly per row
    for i, clause in enumerate(parsed.get("preamble", []), start=1):
        rows.append(Paragraph(revision_id=rid, kind=Paragraph.PREAMBLE, order=i, number=str(i),
                              lead=clause.get("lead", "")[:120], text=clause.get("text", "")))
    for i, para in enumerate(parsed.get("operative", []), start=1):
        rows.append(Paragraph(revision_id=rid, kind=Paragraph.OPERATIVE, order=i,
                              number=str(para.get("number") or i)[:32], lead=(para.get("lead") or "")[:120],
                              text=para.get("text", ""), subparagraphs=para.get("subparagraphs") or []))
    for i, annex in enumerate(parsed.get("annexes", []), start=1):
        rows.append(Paragraph(revision_id=rid, kind=Paragraph.ANNEX, order=i, number=str(i),
                              lead=(annex.get("title") or "")[:120], text=annex.get("text", "")))
    stored = sorted(rows_insert(Paragraph, rows), key=lambda p: (p.kind, p.order))  # as Meta orders them
    keyed: dict[str, Paragraph] = {}
    for p in stored:
        if p.kind == Paragraph.PREAMBLE:
            keyed[f"preamble-{p.order}"] = p
        elif p.kind == Paragraph.OPERATIVE:
            keyed.setdefault(p.number, p)
            keyed[f"operative-{p.order}"] = p
        else:
            keyed[f"annex-{p.order}"] = p
    return keyed


def actor_get(*, label: str, code: str | None = None, kind: str = "") -> Actor:
    """Return the normalized actor for a label, creating it the first time it is seen."""
    code = (code or slugify(label) or "unknown")[:64]
    actor, _created = Actor.objects.get_or_create(code=code, defaults={"label": label[:200] or code, "kind": kind[:32]})
    return actor


def text_join(value) -> str:
    """Return a parser value (string, list or None) as one display string."""
    if not value:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if v)
    return str(value)


def actors_get(specs: list[dict]) -> dict[str, Actor]:
    """Return the normalized actors of the parser's mandates keyed by code, creating the new ones (two queries)."""
    wanted: dict[str, Actor] = {}
    for m in specs:
        label = m.get("actor") or "Unspecified"
        code = (m.get("actor_code") or slugify(label) or "unknown")[:64]
        wanted.setdefault(code, Actor(code=code, label=label[:200] or code, kind=(m.get("actor_kind") or "")[:32]))
    known = memo("actors")  # within a batch, each actor read once (decisions.memo)
    found = {code: known[code] for code in wanted if code in known} if known is not None else {}
    if len(found) < len(wanted):
        found |= {a.code: a for a in Actor.objects.filter(code__in=[c for c in wanted if c not in found])}
    missing = [actor for code, actor in wanted.items() if code not in found]
    if missing:
        Actor.objects.bulk_create(missing, ignore_conflicts=True)  # another ingest may create one at the same time
        found |= {a.code: a for a in Actor.objects.filter(code__in=[a.code for a in missing])}
    if known is not None:
        known.update(found)
    return found


def mandates_store(decision: Decision, paragraphs: dict[str, Paragraph], parsed: dict) -> list[Mandate]:
    """Store the mandates the parser found in each operative paragraph; return them in paragraph order."""
    operative = parsed.get("operative", [])
    actors = actors_get([m for para in operative for m in para.get("mandates") or []])
    rows = []
    for i, para in enumerate(operative, start=1):
        paragraph = paragraphs[f"operative-{i}"]
        for j, m in enumerate(para.get("mandates") or []):
            label = m.get("actor") or "Unspecified"
            actor = actors[(m.get("actor_code") or slugify(label) or "unknown")[:64]]
            rows.append(Mandate(decision_id=decision.pk, paragraph_id=paragraph.pk, order=j, actor_id=actor.pk,
                                verb=(m.get("verb") or "")[:40], action=m.get("action") or "",
                                deadline=text_join(m.get("deadline"))[:200],
                                report_to=text_join(m.get("report_to"))[:200]))
    return rows_insert(Mandate, rows)


MANDATE_FIELDS = ("status", "actor", "action", "deadline", "report_to", "owner")


# Longest text of each field a person may correct.
MANDATE_TEXT_MAX = {"actor": 200, "action": ACTION_MAX, "deadline": 200, "report_to": 200}


def mandate_update(*, user, mandate: Mandate, **changes) -> Mandate:
    """Apply a person's corrections to a mandate and audit them; raise unless `user` may change it."""
    mandate_check_edit(user=user, mandate=mandate)
    before, after = {}, {}
    for field, value in changes.items():
        if field not in MANDATE_FIELDS or value is None:
            continue
        if field in MANDATE_TEXT_MAX and isinstance(value, str):
            value = text_clean(value, max_length=MANDATE_TEXT_MAX[field], field=field).strip()
            if field in ("actor", "action") and not value:
                raise Invalid(errors=[{"field": field, "message": "This field cannot be empty."}])
        if field == "actor" and isinstance(value, str):
            value = actor_get(label=value)
        current = getattr(mandate, field)
        if current != value:
            before[field] = str(current) if current is not None else None
            after[field] = str(value) if value is not None else None
            setattr(mandate, field, value)
    if not after:
        return mandate
    if set(after) - {"status", "owner"}:
        mandate.corrected = True
    with transaction.atomic():
        mandate.save()
        audit_record(actor=user, action="update", obj=mandate, changes={"before": before, "after": after})
    return mandate


def evidence_max_bytes() -> int:
    """Return the largest evidence file accepted, in bytes."""
    return int(getattr(settings, "LIAISON_EVIDENCE_MAX_BYTES", settings.LIAISON_UPLOAD_MAX_BYTES))


EVIDENCE_KINDS_LABEL = "PDF, PNG, JPEG, DOCX, XLSX or ODT"


def evidence_file_check(file) -> tuple[str, str]:
    """Return (kind, name) of an evidence file read from its bytes; TooLarge or UnsupportedType otherwise."""
    limit = evidence_max_bytes()
    if file.size is not None and file.size > limit:
        raise TooLarge(_("The file is larger than the limit of %(mb)s MB for evidence.") % {"mb": limit // 2**20},
                       errors=[{"field": "file", "message": f"At most {limit // 2**20} MB."}])
    file.seek(0)
    data = file.read()
    file.seek(0)
    if len(data) > limit:
        raise TooLarge(_("The file is larger than the limit of %(mb)s MB for evidence.") % {"mb": limit // 2**20},
                       errors=[{"field": "file", "message": f"At most {limit // 2**20} MB."}])
    kind = filetype_detect(data)
    if kind not in MandateEvidence.KINDS:
        message = f"Evidence files may be {EVIDENCE_KINDS_LABEL}; the content of this file is none of these."
        raise UnsupportedType(message, errors=[{"field": "file", "message": message}])
    name = text_clean(getattr(file, "name", "") or f"evidence.{kind}").rsplit("/", 1)[-1][-200:]
    return kind, name


def mandate_evidence_add(*, user, mandate: Mandate, note: str = "", url: str = "", file=None) -> MandateEvidence:
    """Attach evidence (a note, a link or a file) to a mandate and audit it; raise unless `user` may."""
    mandate_check_edit(user=user, mandate=mandate)
    note = text_clean(note or "", max_length=NOTE_MAX, field="note").strip()
    url = text_clean(url or "", max_length=URL_MAX, field="url").strip()
    if url and not url.lower().startswith(("https://", "http://")):
        raise Invalid(errors=[{"field": "url", "message": "A link starts with https:// or http://."}])
    if not (note or url or file):
        raise Invalid(_("Give a note, a link or a file as evidence."))
    kind, name = evidence_file_check(file) if file else ("", "")
    with transaction.atomic():
        evidence = MandateEvidence.objects.create(mandate=mandate, note=note, url=url, file=file or "",
                                                  kind=kind, name=name, added_by=person_or_none(user))
        mandate.save(update_fields=["updated_at"])  # evidence is progress: the mandate is not stagnant (tracking)
        audit_record(actor=user, action="evidence", obj=mandate,
                     changes={"note": note[:200], "url": url, "file": name})
    return evidence
