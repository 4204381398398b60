"""Suggested links from a framework's targets to other frameworks' targets, learnt from reviewed links.

The engine (liaison.engine.alignment.targets_suggest) ranks; this module feeds it the database's
targets and reviews, keeps every embedding in the Embedding table so no text is encoded twice, and
stores the results as Link(review_state="suggested") while a SuggestJob records the progress.
"""

from __future__ import annotations

import hashlib

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.services import audit_record
from liaison.engine.alignment import target_context_text, targets_suggest
from liaison.engine.embedding import encoder_get
from liaison.engine.frameworks import Target as TargetRecord
from liaison.engine.frameworks import target_text, texts_pick
from liaison.frameworks.models import Embedding, Framework, Indicator, Link, SuggestJob, Target
from liaison.frameworks.permissions import (
    framework_check_edit,
    framework_visible_to,
    link_visible_to,
    target_visible_to,
)

SUGGEST_AGAINST_DEFAULT = ("GBF", "CMS-SPMS-2015-2023")
TOP_K_DEFAULT = 3
CHUNK_ITEMS = 200  # items per engine call: the progress bar moves at least this often


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingStore(dict):
    """The engine's embeddings cache ({(encoder name, text): vector}) backed by the Embedding table.

    `preload` reads the stored vectors of the given texts; `save` writes the ones the engine added.
    """

    def __init__(self, model: str) -> None:
        super().__init__()
        self.model = model
        self.stored: set[str] = set()

    def preload(self, texts: list[str]) -> None:
        wanted = {text_hash(text): text for text in texts if (self.model, text) not in self}
        hashes = list(wanted)
        for start in range(0, len(hashes), 500):
            rows = Embedding.objects.filter(model=self.model, text_hash__in=hashes[start:start + 500])
            for digest, vector in rows.values_list("text_hash", "vector"):
                self[(self.model, wanted[digest])] = np.frombuffer(bytes(vector), dtype="<f4")
                self.stored.add(digest)

    def save(self) -> int:
        """Store the vectors not yet in the table; return how many."""
        rows = []
        for (model, text), vector in self.items():
            digest = text_hash(text)
            if model != self.model or digest in self.stored:
                continue
            self.stored.add(digest)
            vector = np.asarray(vector, dtype="<f4")
            rows.append(Embedding(text_hash=digest, model=model, dim=vector.shape[0], vector=vector.tobytes()))
        Embedding.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        return len(rows)


def target_match_text(target: Target) -> str:
    """Return the English title and text of a target, as the engine matches them."""
    return target_text(TargetRecord(code=target.code, title=target.title, text=target.text), "en")


def targets_match_records(targets: list[Target]) -> dict[int, dict]:
    """Return {target id: {"text", "context"}} of `targets` for the engine: the English title and text, and the
    texts of its current indicators as context (one query; issue 17: they raised top-3 recall on the IPBES gold
    links, docs/suggest-gold.md)."""
    indicators: dict[int, list[str]] = {}
    rows = Indicator.objects.filter(target_id__in=[t.pk for t in targets], retired_at__isnull=True).order_by(
        "target_id", "order").values_list("target_id", "text")
    for target_id, texts in rows:
        indicators.setdefault(target_id, []).append(texts_pick(texts or {}, "en"))
    return {t.pk: {"text": target_match_text(t), "context": indicators.get(t.pk, [])} for t in targets}


def record_texts(record: dict) -> list[str]:
    """Return the texts the engine embeds for a record: its text, and its text with its context when it has one."""
    context = record.get("context") or ()
    return [record["text"], target_context_text(record["text"], context)] if context else [record["text"]]


def reviews_for(*, user, candidates: dict[int, Target]) -> tuple[list[tuple[str, int]], list[tuple[int, int]]]:
    """Return (accepted (source text, target id), rejected (source target id, target id)) of the target->target
    links `user` may read: a hidden plan's reviewed texts never teach (nor surface in) another's suggestions."""
    links = link_visible_to(user).filter(source_type=Link.TARGET, target_id__in=list(candidates)).exclude(
        review_state=Link.SUGGESTED).values_list("source_id", "target_id", "review_state")
    links = list(links)
    sources = {t.pk: t for t in Target.objects.filter(pk__in={source for source, _, _ in links})}
    records = targets_match_records(list(sources.values()))
    texts = {pk: target_context_text(r["text"], r["context"]) for pk, r in records.items()}
    accepted = [(texts[s], t) for s, t, state in links
                if state == Link.ACCEPTED and s in sources]
    rejected = [(s, t) for s, t, state in links if state == Link.REJECTED]
    return accepted, rejected


def items_suggest(*, user, items: list[dict], candidates: dict[int, Target], encoder_name: str | None = None,
                  top_k: int = TOP_K_DEFAULT, progress=None, store: EmbeddingStore | None = None) -> list[dict]:
    """Return the engine's suggestions for plain {"id", "text"} items (and optional "context" texts) against
    candidate targets (matched on their text and their indicators), in chunks.

    `progress(done)` is called after each chunk. Vectors are read from and saved to the Embedding table.
    """
    encoder = encoder_get(encoder_name, models_dir=settings.MODELS_DIR)
    store = store if store is not None else EmbeddingStore(encoder.name)
    records = targets_match_records(list(candidates.values()))
    target_records = [{"id": pk, **records[pk]} for pk in candidates]
    accepted, rejected = reviews_for(user=user, candidates=candidates)
    store.preload([text for r in target_records for text in record_texts(r)] + [text for text, _ in accepted])
    results = []
    chunk = max(CHUNK_ITEMS, len(items) // 10)
    for start in range(0, len(items), chunk):
        part = items[start:start + chunk]
        store.preload([text for item in part for text in record_texts(item)])
        results += targets_suggest(part, target_records, top_k=top_k, encoder=encoder, accepted=accepted,
                                   rejected=rejected, embeddings_cache=store)
        if progress is not None:
            progress(start + len(part))
    store.save()
    return results


def target_links_suggest(*, user, framework: Framework, against: list[str], job: SuggestJob | None = None,
                         top_k: int = TOP_K_DEFAULT, encoder_name: str | None = None) -> int:
    """Suggest links from each current target of `framework` to the current targets of the `against`
    frameworks `user` may read; return how many.

    Earlier suggestions between them are replaced (machine-made, and the audit event counts them);
    accepted and rejected links are kept and taught to the engine.
    """
    framework_check_edit(user=user, framework=framework)
    encoder = encoder_get(encoder_name, models_dir=settings.MODELS_DIR)
    method = f"suggested:{encoder.name}+lexical"
    items_qs = Target.objects.filter(framework=framework, retired_at__isnull=True).order_by("order")
    items_list = list(items_qs)
    records = targets_match_records(items_list)
    items = [{"id": t.pk, **records[t.pk]} for t in items_list]
    candidates = {t.pk: t for t in target_visible_to(user).filter(framework__code__in=against,
                                                                 retired_at__isnull=True).exclude(framework=framework)}
    if job is not None:
        job.total, job.done, job.state = len(items), 0, SuggestJob.RUNNING
        job.save(update_fields=["total", "done", "state", "updated_at"])

    def progress(done: int) -> None:
        if job is not None:
            job.done = done
            job.save(update_fields=["done", "updated_at"])

    results = items_suggest(user=user, items=items, candidates=candidates, encoder_name=encoder.name, top_k=top_k,
                            progress=progress)
    reviewed = set(Link.objects.filter(source_type=Link.TARGET, source_id__in=[i["id"] for i in items],
                                       target_id__in=list(candidates)).exclude(review_state=Link.SUGGESTED)
                   .values_list("source_id", "target_id"))
    creator = user.pk if getattr(user, "pk", None) else None
    rows = [
        (Link.TARGET, result["id"], match["id"], "contributes_to", max(0.0, min(1.0, match["score"])), method,
         match["why"], Link.SUGGESTED, creator)
        for result in results for match in result["matches"] if (result["id"], match["id"]) not in reviewed
    ]
    with transaction.atomic():
        replaced, _ = Link.objects.filter(source_type=Link.TARGET, source_id__in=[i["id"] for i in items],
                                          target_id__in=list(candidates), review_state=Link.SUGGESTED).delete()
        links_insert(rows=rows)
        audit_record(actor=user, action="links suggested", obj=framework,
                     changes={"against": list(against), "suggested": len(rows), "replaced": replaced,
                              "method": method})
        if job is not None:
            job.state, job.suggested, job.done = SuggestJob.DONE, len(rows), len(items)
            job.message = f"{len(rows)} links suggested for {len(items)} targets."
            job.save(update_fields=["state", "suggested", "done", "message", "updated_at"])
    return len(rows)


LINK_COLUMNS = ("source_type", "source_id", "target_id", "relation", "confidence", "source", "why", "review_state",
                "created_by_id")


def links_insert(*, rows: list[tuple]) -> None:
    """Insert suggested links given as LINK_COLUMNS tuples with one executemany (the ORM's bulk_create
    builds a model per row and spends most of a 30,000-link run preparing values)."""
    now = timezone.now()
    columns = ", ".join((*LINK_COLUMNS, "created_at"))
    placeholders = ", ".join(["%s"] * (len(LINK_COLUMNS) + 1))
    sql = f"INSERT INTO {connection.ops.quote_name(Link._meta.db_table)} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, [(*row, now) for row in rows[start:start + 2000]])


def suggest_job_start(*, user, framework: Framework, against: list[str] | None = None) -> SuggestJob:
    """Record a suggestion job for a framework `user` may edit and hand it to the task queue.

    The frameworks to suggest against must be ones `user` may read (a hidden one reads as unknown).
    """
    from liaison.frameworks.tasks import target_links_suggest_task

    framework_check_edit(user=user, framework=framework)
    against = [code for code in (against or SUGGEST_AGAINST_DEFAULT) if code != framework.code]
    known = framework_visible_to(user).filter(code__in=against).values_list("code", flat=True)
    unknown = set(against) - set(known)
    if unknown or not against:
        raise ValueError(_("Unknown framework(s) to suggest against: %(codes)s.")
                         % {"codes": ", ".join(sorted(unknown)) or _("(none)")})
    job = SuggestJob.objects.create(framework=framework, against=against,
                                    created_by=user if getattr(user, "pk", None) else None)
    audit_record(actor=user, action="suggest job", obj=framework, changes={"job": job.pk, "against": against})
    # Not inside a transaction: the job row is committed before a worker (or the in-process backend) reads it.
    result = target_links_suggest_task.enqueue(job_id=job.pk)
    SuggestJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def suggest_job_run(*, job_id: int) -> int:
    """Run a recorded suggestion job (the task's body) as its starter (the system actor if none is recorded);
    failures are recorded on the job, then re-raised."""
    from liaison.core.actors import system_actor

    job = SuggestJob.objects.select_related("framework", "created_by").get(pk=job_id)
    user = job.created_by or system_actor("task target_links_suggest")
    try:
        return target_links_suggest(user=user, framework=job.framework, against=list(job.against), job=job)
    except Exception as exc:
        SuggestJob.objects.filter(pk=job.pk).update(state=SuggestJob.FAILED, message=str(exc)[:2000])
        raise
