"""Writes of frameworks and links: store a framework (bundled or imported), review links, score synergies."""

from __future__ import annotations

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from liaison.catalogue.models import Convention, Country
from liaison.core.services import audit_record
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Framework, Goal, Indicator, Link, SynergyScore, Target
from liaison.frameworks.permissions import framework_import_check, link_get_for_review, synergy_score_check

# How the relations the shipped data states read as Liaison's relations.
DATA_RELATIONS = {"measures": "measures", "relevant_to": "related", "corresponds_to": "contributes_to"}
# Convention whose secretariat owns each bundled framework (None: not a convention's plan).
BUNDLED_OWNERS = {"GBF": "CBD", "AICHI": "CBD", "CMS-SPMS-2015-2023": "CMS"}
BUNDLED_COUNTRIES = {"BE-NBS-2006-2016": "BEL"}


def texts_search(*texts: dict) -> str:
    """Return every language's text of the given {language: text} maps, lower-cased, for `icontains` search."""
    return " \n".join(value for texts_ in texts for value in texts_.values()).lower()


def record_hash(record: engine.Framework) -> str:
    """Return a digest of the framework's content (not of where it was read from)."""
    content = {**record.as_dict(), "source": None}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def framework_store(*, record: engine.Framework, user=None, country: Country | None = None,
                    convention: Convention | None = None, bundled: bool = False, published: bool = True
                    ) -> tuple[Framework, str]:
    """Store an engine framework record, updating goals, targets and indicators in place by code.

    Returns (framework, "new" | "updated" | "unchanged"). Rows keep their ids across updates, so
    links to a target survive a re-import that still has the target.
    """
    digest = record_hash(record)
    with transaction.atomic():
        framework = Framework.objects.filter(code=record.code).first()
        if framework is not None and framework.content_hash == digest and framework.is_bundled == bundled:
            return framework, "unchanged"
        state = "new" if framework is None else "updated"
        framework = framework or Framework(code=record.code, created_by=user if getattr(user, "pk", None) else None)
        framework.name = record.name[:300]
        framework.kind = (record.kind or "other")[:32]
        framework.is_summary = record.is_summary
        framework.languages = list(record.languages)
        framework.source = record.source[:300]
        framework.content_hash = digest
        framework.is_bundled = bundled
        framework.is_published = published
        framework.country = country or framework.country
        framework.convention = convention or framework.convention
        framework.save()
        framework_rows_store(framework=framework, record=record)
        audit_record(actor=user, action=f"framework {state}", obj=framework,
                     changes={"source": record.source, "goals": len(record.goals),
                              "targets": sum(1 for _ in record.targets())})
    return framework, state


def _rows_sync(model, framework: Framework, wanted: dict[str, dict], fields: list[str]) -> dict[str, object]:
    """Create, update and delete `model` rows of `framework` so they are exactly `wanted` ({code: values})."""
    existing = {row.code: row for row in model.objects.filter(framework=framework)}
    model.objects.filter(framework=framework).exclude(code__in=list(wanted)).delete()
    new, changed = [], []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            new.append(model(framework=framework, code=code, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    return {row.code: row for row in model.objects.filter(framework=framework)}


def framework_rows_store(*, framework: Framework, record: engine.Framework) -> None:
    """Make the framework's goals, targets and indicators those of `record`."""
    goals = _rows_sync(Goal, framework, {
        goal.code: {"kind": goal.kind, "title": goal.title, "text": goal.text,
                    "identifier": goal.identifier or "", "order": order}
        for order, goal in enumerate(record.goals)
    }, ["kind", "title", "text", "identifier", "order"])
    targets = _rows_sync(Target, framework, {
        target.code: {"goal": goals[goal.code], "title": target.title, "text": target.text,
                      "identifier": target.identifier or "", "order": order,
                      "search_text": texts_search(target.title, target.text)}
        for order, (goal, target) in enumerate((g, t) for g in record.goals for t in g.targets)
    }, ["goal", "title", "text", "identifier", "order", "search_text"])
    wanted = {}
    for order, (parent, indicator) in enumerate(record.indicators()):
        is_target = isinstance(parent, engine.Target)
        wanted[indicator.code] = {
            "target": targets[parent.code] if is_target else None,
            "goal": goals[parent.code] if not is_target else None,
            "text": indicator.text, "type": indicator.type or "", "identifier": indicator.identifier or "",
            "order": order, "search_text": texts_search(indicator.text),
        }
    _rows_sync(Indicator, framework, wanted, ["target", "goal", "text", "type", "identifier", "order",
                                               "search_text"])


def framework_import(*, data: bytes, fmt: str, user, country_iso3: str | None = None,
                     published: bool = True, check_permission: bool = True) -> tuple[Framework, str]:
    """Read a framework file (CSV/JSON/YAML) and store it; FrameworkImportError lists every problem row.

    Nothing is stored unless the whole file is valid. The caller's rights are checked once the file names
    the framework's code (`check_permission=False`: the command line, run by the server's operator).
    """
    country = Country.objects.filter(iso3__iexact=country_iso3.strip()).first() if country_iso3 else None
    if country_iso3 and country is None:
        raise engine.FrameworkImportError([engine.ImportProblem(0, "country", f"unknown country {country_iso3!r}")])
    record = engine.framework_import(data, fmt=fmt)
    if check_permission:
        framework_import_check(user=user, code=record.code, country=country)
    existing = Framework.objects.filter(code=record.code).first()
    bundled = bool(existing and existing.is_bundled)
    return framework_store(record=record, user=user, country=country, bundled=bundled,
                           published=published or bundled)


def links_bundled_store(*, user=None) -> dict[str, int]:
    """Store the links the shipped data states as curated and accepted; return counts (new, kept, skipped)."""
    frameworks = {f.code: f for f in Framework.objects.all()}
    targets = {(t.framework.code, t.code): t for t in Target.objects.select_related("framework")}
    indicators = {(i.framework.code, i.code): i.pk for i in Indicator.objects.select_related("framework")}
    existing = set(Link.objects.values_list("source_type", "source_id", "target_id"))
    counts = {"new": 0, "kept": 0, "skipped": 0}
    rows = []
    for stated in engine.links_bundled():
        target = targets.get((stated["target_framework"], stated["target_code"]))
        if stated["source_kind"] == "indicator":
            source_id = indicators.get((stated["source_framework"], stated["source_code"]))
        else:
            source = targets.get((stated["source_framework"], stated["source_code"]))
            source_id = source.pk if source else None
        if target is None or source_id is None or stated["target_framework"] not in frameworks:
            counts["skipped"] += 1  # goal-level GBF indicators: their goal is their link
            continue
        key = (stated["source_kind"], source_id, target.pk)
        if key in existing:
            counts["kept"] += 1
            continue
        existing.add(key)
        rows.append(Link(source_type=stated["source_kind"], source_id=source_id, target=target,
                         relation=DATA_RELATIONS.get(stated["relation"], "related"), confidence=1.0,
                         source=Link.CURATED, why=f"Stated by the shipped data ({stated['evidence']}).",
                         review_state=Link.ACCEPTED))
    Link.objects.bulk_create(rows, batch_size=500)
    counts["new"] = len(rows)
    return counts


def link_review(*, user, link: Link, state: str, relation: str | None = None) -> Link:
    """Accept or reject a link (already checked by the gateway) and audit it."""
    if state not in (Link.ACCEPTED, Link.REJECTED, Link.SUGGESTED):
        raise ValueError(f"unknown review state {state!r}")
    before = {"review_state": link.review_state, "relation": link.relation}
    link.review_state = state
    if relation:
        link.relation = relation
    link.reviewed_by = user
    link.reviewed_at = timezone.now()
    with transaction.atomic():
        link.save(update_fields=["review_state", "relation", "reviewed_by", "reviewed_at"])
        audit_record(actor=user, action=f"link {state}", obj=link,
                     changes={"before": before, "after": {"review_state": state, "relation": link.relation}})
    return link


def links_review_bulk(*, user, link_ids: list[int], state: str) -> list[Link]:
    """Accept or reject many links at once: all of them, or none if any one is refused."""
    with transaction.atomic():
        links = [link_get_for_review(user=user, link_id=link_id) for link_id in dict.fromkeys(link_ids)]
        return [link_review(user=user, link=link, state=state) for link in links]


def link_source_exists(*, source_type: str, source_id: int) -> bool:
    """Return True if the source of a link exists (an activity or answer is not checked yet)."""
    from liaison.decisions.models import Paragraph

    models = {Link.TARGET: Target, Link.INDICATOR: Indicator, Link.PARAGRAPH: Paragraph}
    if source_type not in models:
        return source_type in dict(Link.SOURCE_TYPES)
    return models[source_type].objects.filter(pk=source_id).exists()


def link_create(*, user, source_type: str, source_id: int, target: Target, relation: str,
                confidence: float = 1.0, why: str = "") -> Link:
    """Store a link a person states (curated, accepted) and audit it; ValueError on a bad source or relation."""
    if relation not in dict(Link.RELATIONS):
        raise ValueError(f"Unknown relation {relation!r}.")
    if not 0 <= confidence <= 1:
        raise ValueError("Confidence is between 0 and 1.")
    if not link_source_exists(source_type=source_type, source_id=source_id):
        raise ValueError(f"No {source_type} with id {source_id}.")
    if source_type == Link.TARGET and source_id == target.pk:
        raise ValueError("A target cannot link to itself.")
    with transaction.atomic():
        link, _ = Link.objects.update_or_create(
            source_type=source_type, source_id=source_id, target=target,
            defaults={"relation": relation, "confidence": confidence, "source": Link.CURATED, "why": why,
                      "review_state": Link.ACCEPTED, "reviewed_by": user, "reviewed_at": timezone.now(),
                      "created_by": user},
        )
        audit_record(actor=user, action="link curated", obj=link, changes={"relation": relation})
    return link


def synergy_score_create(*, user, target_a: Target, target_b: Target, score: int, evidence: str = "",
                         evidence_url: str = "") -> SynergyScore:
    """Store one person's score of how target A influences target B (-3..+3) with its evidence."""
    synergy_score_check(user=user)
    if not isinstance(score, int) or isinstance(score, bool) or not -3 <= score <= 3:
        raise ValueError("A synergy score is a whole number from -3 to +3.")
    if target_a.pk == target_b.pk:
        raise ValueError("Score two different targets.")
    with transaction.atomic():
        scored = SynergyScore.objects.create(target_a=target_a, target_b=target_b, score=score,
                                             evidence=evidence.strip(), evidence_url=evidence_url.strip(),
                                             scored_by=user)
        audit_record(actor=user, action="synergy scored", obj=scored,
                     changes={"a": target_a.pk, "b": target_b.pk, "score": score})
    return scored
