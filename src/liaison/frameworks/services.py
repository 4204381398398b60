"""Writes of frameworks and links: store a framework (bundled or imported), review links, score synergies."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.accounts.access import access_for
from liaison.catalogue.models import Convention, Country
from liaison.core.errors import NotAllowed, NotFound
from liaison.core.services import audit_record
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Framework, Goal, Indicator, Link, SynergyScore, Target
from liaison.frameworks.permissions import (
    framework_import_check,
    link_check_create,
    link_check_review,
    link_get_for_review,
    link_source_visible,
    synergy_check_score,
    target_visible_to,
)

# How the relations the shipped data states read as Liaison's relations.
DATA_RELATIONS = {"measures": "measures", "relevant_to": "related", "corresponds_to": "contributes_to"}
# Convention whose secretariat owns each bundled framework (None: not a convention's plan).
BUNDLED_OWNERS = {"GBF": "CBD", "AICHI": "CBD", "CMS-SPMS-2015-2023": "CMS", "CITES-SV-2021-2030": "CITES",
                  "RAMSAR-SP4-2016-2024": "Ramsar", "UNCCD-SF-2018-2030": "UNCCD"}
BUNDLED_COUNTRIES = {"BE-NBS-2006-2016": "BEL"}


def texts_search(*texts: dict) -> str:
    """Return every language's text of the given {language: text} maps, lower-cased, for `icontains` search."""
    return " \n".join(value for texts_ in texts for value in texts_.values()).lower()


def record_hash(record: engine.Framework) -> str:
    """Return a digest of the framework's content (not of where it was read from)."""
    content = {**record.as_dict(), "source": None}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def framework_store(*, record: engine.Framework, user, country: Country | None = None,
                    convention: Convention | None = None, bundled: bool = False, published: bool = True
                    ) -> tuple[Framework, str]:
    """Store an engine framework record, updating goals, targets and indicators in place by code.

    Returns (framework, "new" | "updated" | "unchanged"). Rows keep their ids across updates, so
    links to a target survive a re-import; a target, goal or indicator the new text no longer has is
    retired (kept with its links and scores, shown as retired), and revived if a later text has it again.
    """
    framework_import_check(user=user, code=record.code, country=country)
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
        retired = framework_rows_store(framework=framework, record=record)
        audit_record(actor=user, action=f"framework {state}", obj=framework,
                     changes={"source": record.source, "goals": len(record.goals),
                              "targets": sum(1 for _ in record.targets()), "retired": retired})
    return framework, state


def _rows_sync(model, framework: Framework, wanted: dict[str, dict], fields: list[str]
               ) -> tuple[dict[str, object], list[str]]:
    """Create, update, revive and retire `model` rows of `framework` so the live ones are exactly `wanted`.

    Returns ({code: row} of every row, retired ones included, codes newly retired). Nothing is deleted:
    a dropped row keeps its id, so links, scores and indicators pointing at it never point at nothing.
    """
    now = timezone.now()
    existing = {row.code: row for row in model.objects.filter(framework=framework)}
    new, changed, retired = [], [], []
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            new.append(model(framework=framework, code=code, **values))
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.retired_at = None
            changed.append(row)
    for code, row in existing.items():
        if code not in wanted and row.retired_at is None:
            row.retired_at = now
            changed.append(row)
            retired.append(code)
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, [*fields, "retired_at"], batch_size=500)
    return {row.code: row for row in model.objects.filter(framework=framework)}, retired


def framework_rows_store(*, framework: Framework, record: engine.Framework) -> dict[str, list[str]]:
    """Make the framework's live goals, targets and indicators those of `record`; return the codes retired."""
    goals, goals_retired = _rows_sync(Goal, framework, {
        goal.code: {"kind": goal.kind, "title": goal.title, "text": goal.text,
                    "identifier": goal.identifier or "", "order": order}
        for order, goal in enumerate(record.goals)
    }, ["kind", "title", "text", "identifier", "order"])
    targets, targets_retired = _rows_sync(Target, framework, {
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
    _, indicators_retired = _rows_sync(Indicator, framework, wanted, ["target", "goal", "text", "type",
                                                                     "identifier", "order", "search_text"])
    return {"goals": goals_retired, "targets": targets_retired, "indicators": indicators_retired}


CODE_MAX, IDENTIFIER_MAX, TYPE_MAX = 64, 120, 32  # the columns' sizes (models.py)


def record_check_sizes(record: engine.Framework) -> None:
    """Raise FrameworkImportError naming every code, identifier or type longer than its column holds."""
    problems = []

    def check(what: str, code: str, identifier: str | None = None, type_: str | None = None) -> None:
        names = {"what": what, "code": repr(code[:20])}
        if len(code) > CODE_MAX:
            reason = _("%(what)s code %(code)s... is longer than %(n)d characters") % {**names, "n": CODE_MAX}
            problems.append(engine.ImportProblem(0, "code", reason))
        if identifier and len(identifier) > IDENTIFIER_MAX:
            reason = _("%(what)s %(code)s: identifier longer than %(n)d characters") % {**names, "n": IDENTIFIER_MAX}
            problems.append(engine.ImportProblem(0, "identifier", reason))
        if type_ and len(type_) > TYPE_MAX:
            reason = _("%(what)s %(code)s: type longer than %(n)d characters") % {**names, "n": TYPE_MAX}
            problems.append(engine.ImportProblem(0, "type", reason))

    check(_("framework"), record.code)
    for goal in record.goals:
        check(_("goal"), goal.code, goal.identifier)
        for target in goal.targets:
            check(_("target"), target.code, target.identifier)
    for _parent, indicator in record.indicators():
        check(_("indicator"), indicator.code, indicator.identifier, indicator.type)
    if problems:
        raise engine.FrameworkImportError(problems)


def framework_import(*, data: bytes, fmt: str, user, country_iso3: str | None = None,
                     published: bool = True) -> tuple[Framework, str]:
    """Read a framework file (CSV/JSON/YAML) and store it; FrameworkImportError lists every problem row.

    Nothing is stored unless the whole file is valid. The caller's rights are checked once the file names
    the framework's code (the command line passes the system actor).
    """
    country = Country.objects.filter(iso3__iexact=country_iso3.strip()).first() if country_iso3 else None
    if country_iso3 and country is None:
        raise engine.FrameworkImportError([engine.ImportProblem(0, "country", _("unknown country %(iso3)s")
                                                                      % {"iso3": repr(country_iso3)})])
    record = engine.framework_import(data, fmt=fmt)
    record_check_sizes(record)
    existing = Framework.objects.filter(code=record.code).first()
    bundled = bool(existing and existing.is_bundled)
    return framework_store(record=record, user=user, country=country, bundled=bundled,
                           published=published or bundled)


def _stated_why(stated: dict) -> str:
    return stated.get("why") or f"Stated by the shipped data ({stated['evidence']})."


def _is_data_made(link: Link) -> bool:
    """Whether a stored link was written by `liaison load` from the shipped data (not by a person)."""
    return link.created_by_id is None and (link.source in engine.LINK_SOURCES
                                           or link.why.startswith("Stated by the shipped data"))


def links_bundled_store(*, user) -> dict[str, int]:
    """Store the links the shipped data states as accepted, each with its source (curated, or who mapped it,
    e.g. the IPBES tables); return counts (new, updated, kept, skipped).

    A link `liaison load` stored earlier gets the source and reasons the data now states (the SPMS -> Aichi
    links read from the summaries now name the plan's table); its review state is never changed, and links a
    person made are left alone. A second load changes nothing.
    """
    if not access_for(user).everything:
        raise NotAllowed(_("The shipped links are loaded by `liaison load` only."))
    frameworks = {f.code: f for f in Framework.objects.all()}
    targets = {(t.framework.code, t.code): t for t in Target.objects.select_related("framework")}
    indicators = {(i.framework.code, i.code): i.pk for i in Indicator.objects.select_related("framework")}
    existing = {(link.source_type, link.source_id, link.target_id): link for link in Link.objects.only(
        "id", "source_type", "source_id", "target_id", "source", "why", "created_by_id")}
    counts = {"new": 0, "updated": 0, "kept": 0, "skipped": 0}
    rows, changed = [], []
    for stated in engine.links_bundled(data_dir=settings.DATA_DIR):
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
        origin, why = (stated.get("source") or Link.CURATED)[:120], _stated_why(stated)
        if key in existing:
            link = existing[key]
            if link.pk and (link.source, link.why) != (origin, why) and _is_data_made(link):
                link.source, link.why = origin, why
                changed.append(link)
                counts["updated"] += 1
            else:
                counts["kept"] += 1
            continue
        link = Link(source_type=stated["source_kind"], source_id=source_id, target=target,
                    relation=DATA_RELATIONS.get(stated["relation"], "related"), confidence=1.0,
                    source=origin, why=why, review_state=Link.ACCEPTED)
        existing[key] = link
        rows.append(link)
    with transaction.atomic():
        Link.objects.bulk_create(rows, batch_size=500)
        if changed:
            Link.objects.bulk_update(changed, ["source", "why"], batch_size=500)
    counts["new"] = len(rows)
    return counts


def link_review(*, user, link: Link, state: str, relation: str | None = None) -> Link:
    """Accept or reject a link `user` may review and audit it."""
    link_check_review(user=user, link=link)
    if state not in (Link.ACCEPTED, Link.REJECTED, Link.SUGGESTED):
        raise ValueError(_("Unknown review state %(state)s.") % {"state": repr(state)})
    if relation and relation not in dict(Link.RELATIONS):
        raise ValueError(_("Unknown relation %(relation)s.") % {"relation": repr(relation)})
    before = {"review_state": link.review_state, "relation": link.relation}
    link.review_state = state
    if relation:
        link.relation = relation
    link.reviewed_by = user if getattr(user, "pk", None) else None
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


def link_create(*, user, source_type: str, source_id: int, target_id: int, relation: str,
                confidence: float = 1.0, why: str = "") -> Link:
    """Store a link a person states (curated, accepted) and audit it.

    NotSignedIn/NotAllowed if `user` may not state it, NotFound for a target or a source that does not exist
    or that they cannot read (the same answer, so nobody probes for hidden rows), ValueError for a bad relation.
    """
    link_check_create(user=user, source_type=source_type, source_id=source_id)
    target = target_visible_to(user).filter(pk=target_id).first()
    if target is None:
        raise NotFound(_("No target with id %(id)s.") % {"id": target_id})
    if relation not in dict(Link.RELATIONS):
        raise ValueError(_("Unknown relation %(relation)s.") % {"relation": repr(relation)})
    if not 0 <= confidence <= 1:
        raise ValueError(_("Confidence is between 0 and 1."))
    if not link_source_visible(user=user, source_type=source_type, source_id=source_id):
        raise NotFound(_("No %(type)s with id %(id)s.") % {"type": source_type, "id": source_id})
    if source_type == Link.TARGET and source_id == target.pk:
        raise ValueError(_("A target cannot link to itself."))
    if target.retired_at is not None:
        raise ValueError(_("This target is retired: link to a current one."))
    reviewer = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        link, _created = Link.objects.update_or_create(
            source_type=source_type, source_id=source_id, target=target,
            defaults={"relation": relation, "confidence": confidence, "source": Link.CURATED, "why": why,
                      "review_state": Link.ACCEPTED, "reviewed_by": reviewer, "reviewed_at": timezone.now(),
                      "created_by": reviewer},
        )
        audit_record(actor=user, action="link curated", obj=link, changes={"relation": relation})
    return link


def synergy_score_create(*, user, target_a: Target, target_b: Target, score: int, evidence: str = "",
                         evidence_url: str = "") -> SynergyScore:
    """Store one person's score of how target A influences target B (-3..+3) with its evidence."""
    synergy_check_score(user=user, target_a=target_a, target_b=target_b)
    if not isinstance(score, int) or isinstance(score, bool) or not -3 <= score <= 3:
        raise ValueError(_("A synergy score is a whole number from -3 to +3."))
    if target_a.pk == target_b.pk:
        raise ValueError(_("Score two different targets."))
    if target_a.retired_at is not None or target_b.retired_at is not None:
        raise ValueError(_("A retired target is not scored: choose current targets."))
    with transaction.atomic():
        scored = SynergyScore.objects.create(target_a=target_a, target_b=target_b, score=score,
                                             evidence=evidence.strip(), evidence_url=evidence_url.strip(),
                                             scored_by=user if getattr(user, "pk", None) else None)
        audit_record(actor=user, action="synergy scored", obj=scored,
                     changes={"a": target_a.pk, "b": target_b.pk, "score": score})
    return scored
