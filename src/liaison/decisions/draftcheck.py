"""The draft check: what a draft decision repeats, re-mandates, supersedes, cites wrongly and serves (issue 15).

A read, never a write: the draft is parsed in memory, compared with the record `user` may read, and forgotten.
For each operative paragraph of the draft it gives
- `similar`: the nearest paragraphs of decisions in effect, of any convention, with the wording they share;
- `mandates_given`: stored mandates of the same addressee nearest to the draft's mandate (its verb and action);
- `supersedes`: decisions of the draft's convention with a paragraph on the same subject (high similarity) given
  to the same addressee, with both deadlines;
- `references`: the decisions it cites that are repealed, superseded or unknown to Liaison;
- `targets`: the framework targets it serves, the suggestion engine's best three with its reasons.

Nearness is the cosine of the static encoder's vectors the search index already holds for every paragraph and
mandate (search.vectors: one matrix product for all the draft's paragraphs); the candidates are then checked
against the reader's visibility and the in-effect status in SQL, as hybrid search does. It lives in decisions
(the brief of issue 15) but reads the search index and the frameworks' suggester: the one place that joins them.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention
from liaison.core.errors import Invalid, NotAllowed, NotSignedIn, TooLarge
from liaison.decisions.draftcheck_index import FACETS
from liaison.decisions.models import Actor, Decision, Mandate, Paragraph
from liaison.decisions.permissions import decision_visibility, decision_visible_to
from liaison.decisions.references import REFERENCE_KINDS, conventions_memo, reference_key, targets_find
from liaison.engine.decisions import DocumentError, document_parse
from liaison.search.models import SearchDocument
from liaison.search.selectors import document_visibility, where_compiled
from liaison.search.vectors import encoder, passing

SIMILAR_TOP = 5
MANDATES_TOP = 5
TARGETS_TOP = 3
SIMILAR_FLOOR = 0.5  # cosine under which a paragraph is not "nearly the same" (static vectors: unrelated ~0.3)
MANDATE_FLOOR = 0.6
# Same subject: the cosine at which the overlap report itself pairs paragraphs (OverlapRun.threshold).
SUPERSEDE_FLOOR = 0.85
PARAGRAPHS_MAX = 200  # operative paragraphs checked in one request: a longer text is not one draft
SHARED_MIN_WORDS = 3  # shortest run of words shown as shared wording
WORD = re.compile(r"\S+")
STORED_VECTORS: dict[tuple[str, str], np.ndarray] = {}  # (encoder, text) -> vector read from frameworks.Embedding


def draft_check_allowed(user) -> bool:
    """Return True if `user` may check drafts: secretariat staff, national focal points, administrators."""
    access = access_for(user)
    if access.everything:
        return True
    if access.is_secretariat():
        return True
    return bool(access.focal_point_countries)


def draft_check_check_use(*, user) -> None:
    """Raise unless `user` may check drafts (each check costs seconds of computing: not for anonymous callers)."""
    if draft_check_allowed(user):
        return
    if not access_for(user).authenticated:
        raise NotSignedIn("Sign in as secretariat staff or national focal point to check a draft.")
    raise NotAllowed(_("The draft check is for secretariat staff and national focal points."))


def draft_parse(*, data: bytes, filename: str, convention: str) -> dict:
    """Return the parse of a draft's bytes (any format the parser reads); Invalid or TooLarge for bad input."""
    limit = settings.LIAISON_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise TooLarge(_("The draft is larger than %(mb)s MB.") % {"mb": limit // 2**20})
    try:
        parsed = document_parse(data, filename=filename or "draft.txt", convention=convention, max_bytes=limit)
    except DocumentError as exc:
        raise Invalid(str(exc), errors=[{"field": "file", "message": str(exc)}]) from None
    return parsed


def draft_paragraphs(parsed: dict) -> list[dict]:
    """Return the operative paragraphs of a parse (of every decision, for a compilation), in order."""
    decisions = parsed.get("decisions") or [parsed]
    paragraphs = [p for decision in decisions for p in decision.get("operative") or []]
    if len(paragraphs) > PARAGRAPHS_MAX:
        raise TooLarge(_("The draft has %(n)d operative paragraphs; check at most %(max)d at once.")
                       % {"n": len(paragraphs), "max": PARAGRAPHS_MAX})
    return paragraphs


def paragraph_full_text(paragraph: dict) -> str:
    subs = [s.get("text", "") if isinstance(s, dict) else str(s) for s in paragraph.get("subparagraphs") or []]
    return " ".join([paragraph.get("text") or "", *subs]).strip()


def words_marked(draft: str, stored: str, *, min_words: int = SHARED_MIN_WORDS) -> list[dict]:
    """Return `stored` as segments {"text", "shared"}: shared are its runs of `min_words`+ words also in `draft`."""
    words = WORD.findall(stored)
    norm = [w.lower().strip(".,;:()\"'") for w in words]
    draft_norm = [w.lower().strip(".,;:()\"'") for w in WORD.findall(draft)]
    shared = [False] * len(words)
    matcher = difflib.SequenceMatcher(None, norm, draft_norm, autojunk=False)
    for block in matcher.get_matching_blocks():
        if block.size >= min_words:
            shared[block.a : block.a + block.size] = [True] * block.size
    segments: list[dict] = []
    for word, mark in zip(words, shared, strict=True):
        if segments and segments[-1]["shared"] == mark:
            segments[-1]["text"] += " " + word
        else:
            segments.append({"text": word, "shared": mark})
    return segments  # readers put one space between segments


def shared_share(segments: list[dict]) -> float:
    """Return the share of a stored text's words that are in shared runs."""
    total = sum(len(s["text"].split()) for s in segments)
    return round(sum(len(s["text"].split()) for s in segments if s["shared"]) / total, 3) if total else 0.0


def nearest_batch(scores: np.ndarray, ids: np.ndarray, condition: Q, *, visible: Q, k: int, floor: float
                  ) -> list[list[tuple[int, float]]]:
    """Return, per row of `scores` (queries x candidate documents, whose search document ids are `ids`), the
    (search document id, cosine) of the `k` nearest candidates meeting `condition` that the reader may see
    (`visible`), nearest first, none under `floor`.

    The candidates are already only the documents of the condition's kind, status, convention or addressee
    (draftcheck_index: their positions among the vectors). The best of them are checked against the whole
    condition and the reader's visibility in SQL, all queries' together; a query with too few passing takes four
    times as many, and so on.
    """
    found: list[list[tuple[int, float]]] = [[] for _ in range(scores.shape[0])]
    if not len(ids) or not scores.shape[0]:
        return found
    where = where_compiled(condition & visible)
    above = (scores >= floor).sum(axis=1)
    size = np.minimum(above, max(8 * k, 50))
    pending = [j for j in range(scores.shape[0]) if size[j] > 0]
    while pending:
        tops = {}
        for j in pending:
            row = scores[j]
            top = np.argpartition(-row, size[j] - 1)[: size[j]] if size[j] < len(row) else np.arange(len(row))
            tops[j] = top[np.argsort(-row[top], kind="stable")]
        kept = passing(sorted({int(ids[i]) for top in tops.values() for i in top}), where)
        still = []
        for j, top in tops.items():
            found[j] = [(int(ids[i]), float(scores[j, i])) for i in top if int(ids[i]) in kept][:k]
            if len(found[j]) < k and size[j] < above[j]:
                size[j] = min(above[j], size[j] * 4)
                still.append(j)
        pending = still
    return found


def similar_find(*, user, texts: list[str], scores: np.ndarray, ids: np.ndarray, columns: dict,
                 convention: str | None = None, k: int, floor: float) -> list[list[dict]]:
    """Return, per draft text, the nearest visible operative paragraphs of decisions in effect (of `convention`);
    `scores` are the texts' cosines with every stored vector (texts x documents), `ids` and `columns` the
    vectors' documents and their facets (draftcheck_index)."""
    wanted = {"kind": SearchDocument.PARAGRAPH, "status": SearchDocument.IN_EFFECT}
    if convention:
        wanted["convention"] = convention
    at = FACETS.positions(columns, **wanted)
    near = nearest_batch(scores[:, at], ids[at], Q(**wanted), visible=document_visibility(user), k=k, floor=floor)
    documents = dict(SearchDocument.objects.filter(pk__in={d for row in near for d, _ in row})
                     .values_list("pk", "object_id"))
    paragraphs = {p.pk: p for p in Paragraph.objects.filter(
        decision_visibility(user, prefix="revision__decision__"), pk__in=set(documents.values()),
        revision__decision__status=Decision.IN_EFFECT).select_related("revision__decision__convention")
        .defer("revision__parsed").prefetch_related("mandates__actor")}
    out = []
    for text, row in zip(texts, near, strict=True):
        hits = []
        for doc_id, score in row:
            paragraph = paragraphs.get(documents.get(doc_id))
            if paragraph is None:
                continue
            segments = words_marked(text, paragraph.text)
            decision = paragraph.revision.decision
            hits.append({"paragraph_id": paragraph.pk, "decision_id": decision.pk, "decision": str(decision),
                         "convention": decision.convention.acronym, "number": paragraph.number,
                         "kind": paragraph.kind, "url": f"{reverse('decisions:decision_detail', args=[decision.pk])}#{paragraph.anchor}",
                         "text": paragraph.text, "score": round(score, 4), "shared_share": shared_share(segments),
                         "segments": segments, "year": decision.year,
                         "actors": sorted({m.actor.code for m in paragraph.mandates.all()}),
                         "deadlines": sorted({m.deadline for m in paragraph.mandates.all() if m.deadline})})
        out.append(hits)
    return out


def mandates_find(*, user, mandates: list[dict], queries: np.ndarray, matrix: np.ndarray, ids: np.ndarray,
                  columns: dict, k: int, floor: float) -> list[list[dict]]:
    """Return, per draft mandate (its vector a row of `queries`), the nearest stored mandates in effect given to
    the same actor; only that actor's mandates among the stored vectors (`matrix`) are scored."""
    labels = dict(Actor.objects.filter(code__in={m["actor_code"] for m in mandates}).values_list("code", "label"))
    out: list[list[dict]] = [[] for _ in mandates]
    by_actor: dict[str, list[int]] = {}
    for n, mandate in enumerate(mandates):
        if mandate["actor_code"] in labels:
            by_actor.setdefault(mandate["actor_code"], []).append(n)
    for code, positions in by_actor.items():
        wanted = {"kind": SearchDocument.MANDATE, "status": SearchDocument.IN_EFFECT, "addressee": labels[code]}
        at = FACETS.positions(columns, **wanted)
        scores = queries[positions] @ matrix[at].T if len(at) else np.zeros((len(positions), 0), dtype=np.float32)
        near = nearest_batch(scores, ids[at], Q(**wanted), visible=document_visibility(user), k=k, floor=floor)
        documents = dict(SearchDocument.objects.filter(pk__in={d for row in near for d, _ in row})
                         .values_list("pk", "object_id"))
        stored = {m.pk: m for m in Mandate.objects.filter(
            decision_visibility(user, prefix="decision__"), pk__in=set(documents.values()), actor__code=code)
            .exclude(status=Mandate.SUPERSEDED).select_related("decision__convention", "paragraph", "actor")}
        for n, row in zip(positions, near, strict=True):
            for doc_id, score in row:
                m = stored.get(documents.get(doc_id))
                if m is not None:
                    out[n].append({"mandate_id": m.pk, "decision_id": m.decision_id, "decision": str(m.decision),
                                   "paragraph": m.paragraph.number, "actor": m.actor.label, "verb": m.verb,
                                   "action": m.action, "deadline": m.deadline, "status": m.status,
                                   "score": round(score, 4),
                                   "url": reverse("decisions:mandate_detail", args=[m.pk])})
    return out


def references_check(*, user, mentions: list[dict]) -> list[dict]:
    """Return the draft's references to decisions that are repealed, superseded or unknown, each once."""
    conventions = conventions_memo()
    keyed = []
    seen = set()
    for ref in mentions:
        if ref.get("type") not in REFERENCE_KINDS:
            continue
        name = f"{ref.get('convention') or ''} {str(ref.get('type')).capitalize()} {ref.get('id')}".strip()
        if (name, str(ref.get("paragraph"))) in seen:
            continue
        seen.add((name, str(ref.get("paragraph"))))
        keyed.append((ref, name, reference_key(ref, conventions)))
    found = targets_find({key for _, _, key in keyed if key is not None})
    visible = set(decision_visible_to(user).filter(pk__in=[d.pk for d in found.values()])
                  .values_list("pk", flat=True))
    problems = []
    for ref, name, key in keyed:
        decision = found.get(key) if key is not None else None
        if decision is not None and decision.pk not in visible:
            decision = None
        entry = {"reference": name, "paragraph": str(ref.get("paragraph") or ""), "relation": ref.get("relation")
                 or "cites", "decision_id": decision.pk if decision else None, "repealed_by": None}
        if decision is None:
            problems.append({**entry, "problem": "unknown",
                             "message": _("%(name)s is not a decision Liaison knows.") % {"name": name}})
        elif decision.status == Decision.REPEALED:
            by = decision.repealed_by
            problems.append({**entry, "problem": "repealed", "repealed_by": str(by) if by else None,
                             "message": (_("%(name)s was repealed by %(by)s.") % {"name": name, "by": by}) if by
                             else _("%(name)s is repealed.") % {"name": name}})
        elif decision.status == Decision.SUPERSEDED:
            problems.append({**entry, "problem": "superseded",
                             "message": _("%(name)s is superseded.") % {"name": name}})
    return problems


def targets_find_for(*, user, texts: list[str], k: int) -> list[list[dict]]:
    """Return, per draft text, the targets of the frameworks `user` may read that it serves, with reasons."""
    from liaison.frameworks.permissions import target_visible_to
    from liaison.frameworks.suggestions import EmbeddingStore, items_suggest, text_hash

    class ReadOnlyStore(EmbeddingStore):
        def preload(self, texts: list[str]) -> None:
            # A stored vector is of its text's hash and the encoder: it never changes, so what one check read of
            # the targets' vectors serves every later check of this process (only what the table holds is kept:
            # never a draft's own texts, bounded by the table).
            self.update({key: STORED_VECTORS[key] for text in texts if (key := (self.model, text)) in STORED_VECTORS})
            before = set(self.stored)
            super().preload(texts)
            if self.stored != before:
                STORED_VECTORS.update({key: vector for key, vector in self.items()
                                       if key[0] == self.model and text_hash(key[1]) in self.stored - before})

        def save(self) -> int:  # the draft check stores nothing, not even its texts' vectors
            return 0

    candidates = {t.pk: t for t in target_visible_to(user).filter(retired_at__isnull=True)
                  .select_related("framework")}
    if not candidates or not texts:
        return [[] for _ in texts]
    from liaison.engine.embedding import encoder_get

    store = ReadOnlyStore(encoder_get(None, models_dir=settings.MODELS_DIR).name)
    results = items_suggest(user=user, items=[{"id": n, "text": t} for n, t in enumerate(texts)],
                            candidates=candidates, top_k=k, store=store)
    out = []
    for result in results:
        out.append([{"target_id": m["id"], "framework": candidates[m["id"]].framework.code,
                     "code": candidates[m["id"]].code, "title": target_label(candidates[m["id"]]),
                     "score": m["score"], "why": m["why"],
                     "url": reverse("frameworks:target_detail", args=[m["id"]])} for m in result["matches"]])
    return out


def target_label(target) -> str:
    from liaison.engine.frameworks import texts_pick

    return texts_pick(target.title or {}, "en") or texts_pick(target.text or {}, "en")[:200]


def convention_known(convention: str) -> Convention:
    """Return the convention of a draft by its acronym; Invalid for one Liaison does not know."""
    known = Convention.objects.filter(acronym__iexact=(convention or "").strip()).first()
    if known is None:
        raise Invalid(_("Unknown convention %(c)s.") % {"c": convention},
                      errors=[{"field": "convention", "message": _("Give the acronym of a known convention.")}])
    return known


def draft_read(*, data: bytes, filename: str, convention: str) -> dict:
    """Return what the check needs of a draft's bytes, as plain data: its title, operative paragraphs (with the
    mandates the parser read in them) and mentions of other decisions. What a saved draft stores."""
    parsed = draft_parse(data=data, filename=filename, convention=convention)
    return {"title": parsed.get("title") or "", "paragraphs": draft_paragraphs(parsed),
            "mentions": parsed.get("mentions") or parsed.get("references") or []}


def draft_check(*, user, data: bytes, filename: str, convention: str) -> dict:
    """Return the draft check of a draft's bytes for `user`: per operative paragraph its similar paragraphs in
    effect, mandates already given, decisions it would supersede, references in trouble and targets served."""
    draft_check_check_use(user=user)
    known = convention_known(convention)
    return draft_check_read(user=user, draft=draft_read(data=data, filename=filename, convention=known.acronym),
                            convention=known.acronym)


def draft_check_read(*, user, draft: dict, convention: str) -> dict:
    """Return the draft check of a draft already read (`draft_read`) against the record as `user` sees it now."""
    paragraphs = draft["paragraphs"]
    texts = [paragraph_full_text(p) for p in paragraphs]
    mandates = [dict(m, paragraph=n) for n, p in enumerate(paragraphs) for m in p.get("mandates") or []]
    notes = []
    model = encoder()
    if model is None:
        notes.append(_("No sentence vectors here (the model is missing): similarity was not computed."))
        similar = same = [[] for _ in texts]
        given = [[] for _ in mandates]
    else:
        ids, matrix, columns = FACETS.current()
        vectors = model.encode(texts)
        # texts x documents, C order: each text's cosines are one contiguous row to rank
        scores = vectors @ matrix.T if len(ids) else np.zeros((len(texts), 0), dtype=np.float32)
        similar = similar_find(user=user, texts=texts, scores=scores, ids=ids, columns=columns, k=SIMILAR_TOP,
                               floor=SIMILAR_FLOOR)
        same = similar_find(user=user, texts=texts, scores=scores, ids=ids, columns=columns, convention=convention,
                            k=SIMILAR_TOP, floor=SUPERSEDE_FLOOR)
        queries = model.encode([f"{m['actor']} {m['verb']}. {m['action']}" for m in mandates]) if mandates else None
        given = mandates_find(user=user, mandates=mandates, queries=queries, matrix=matrix, ids=ids, columns=columns,
                              k=MANDATES_TOP, floor=MANDATE_FLOOR) if mandates else []
    try:
        targets = targets_find_for(user=user, texts=texts, k=TARGETS_TOP)
    except Exception as exc:  # noqa: BLE001 (no encoder or no targets: the other parts of the check still hold)
        notes.append(_("Targets were not suggested: %(why)s") % {"why": exc})
        targets = [[] for _ in texts]
    problems = references_check(user=user, mentions=draft["mentions"])
    numbers = {str(p.get("number") or n + 1): n for n, p in enumerate(paragraphs)}
    out = []
    for n, (paragraph, text) in enumerate(zip(paragraphs, texts, strict=True)):
        own = [m for m in mandates if m["paragraph"] == n]
        actors = {m["actor_code"] for m in own}
        deadlines = sorted({m["deadline"] for m in own if m.get("deadline")})
        supersedes = [{**hit, "draft_deadlines": deadlines} for hit in same[n] if actors & set(hit["actors"])]
        out.append({
            "number": str(paragraph.get("number") or n + 1), "text": text,
            "mandates": [{"actor": m["actor"], "actor_code": m["actor_code"], "verb": m["verb"],
                          "action": m["action"], "deadline": m.get("deadline") or "",
                          "given": given[i]} for i, m in enumerate(mandates) if m["paragraph"] == n],
            "similar": similar[n], "supersedes": supersedes,
            "references": [p for p in problems if numbers.get(p["paragraph"]) == n],
            "targets": targets[n],
        })
    return {"title": draft["title"], "convention": convention, "paragraphs": out,
            "references": [p for p in problems if p["paragraph"] not in numbers], "notes": notes}


def draft_check_text(*, user, text: str, convention: str) -> dict:
    """Return the draft check of pasted text (see `draft_check`)."""
    if not (text or "").strip():
        raise Invalid(_("The draft is empty."), errors=[{"field": "text", "message": _("Paste the draft's text.")}])
    return draft_check(user=user, data=text.encode("utf-8"), filename="draft.txt", convention=convention)
