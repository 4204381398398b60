"""Load the MEA indicator lists (data/ipbes_mea_indicators/): each listed indicator's harmonised name, its
IPBES categories, and where its MEA's list puts it. The frameworks' loader has already stored the indicators
(the lists' own ones among them); this loader only links them to their harmonised names. Idempotent."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from liaison.core.loading import LoadReport
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Goal, HarmonisedIndicator, Indicator, IndicatorListing, Target

HARMONISED_FIELDS = ["category", "subcategory", "category_2", "subcategory_2", "in_ipbes", "meas_count"]
LISTING_FIELDS = ["mea", "harmonised_id", "indicator_id", "goal_id", "target_id", "text", "type", "note", "match"]
WARNINGS_MAX = 20  # the bad rows `liaison load` names one by one; the rest are counted


def _harmonised_values(name: str, meas: set[str], classified: dict) -> dict:
    found = classified.get(name)
    pairs = (found.categories if found else []) + [("", "")] * 2
    return {"category": pairs[0][0], "subcategory": pairs[0][1], "category_2": pairs[1][0],
            "subcategory_2": pairs[1][1], "in_ipbes": bool(found and found.in_ipbes), "meas_count": len(meas)}


def _sync(model, existing: dict, wanted: dict, key: str, fields: list[str]) -> dict[str, int]:
    """Make the rows of `model` exactly `wanted` ({key: values}); return counts new/updated/unchanged/removed."""
    new, changed = [], []
    for name, values in wanted.items():
        row = existing.get(name)
        if row is None:
            new.append(model(**{key: name}, **values))
        elif any(getattr(row, f) != values[f] for f in fields):
            for f in fields:
                setattr(row, f, values[f])
            changed.append(row)
    stale = [row.pk for name, row in existing.items() if name not in wanted]
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    if stale:
        model.objects.filter(pk__in=stale).delete()
    return {"new": len(new), "updated": len(changed), "unchanged": len(wanted) - len(new) - len(changed),
            "removed": len(stale)}


def listings_load(*, data_dir: Path, report: LoadReport) -> None:
    """Store the harmonised indicators and every listing of the MEA lists; name the rows that cannot be used."""
    bundled = engine.meas_bundled(data_dir=settings.DATA_DIR)
    codes = {item.framework for item in bundled.listings}
    indicators = {(fw, code): (pk, target, goal) for fw, code, pk, target, goal in Indicator.objects.filter(
        framework__code__in=codes).values_list("framework__code", "code", "pk", "target_id", "goal_id")}
    goals = {(fw, code): pk for fw, code, pk in Goal.objects.filter(framework__code__in=codes)
             .values_list("framework__code", "code", "pk")}
    targets = {(fw, code): pk for fw, code, pk in Target.objects.filter(framework__code__in=codes)
               .values_list("framework__code", "code", "pk")}
    bad = list(bundled.report.bad)
    usable = []
    for item in bundled.listings:
        if (item.framework, item.indicator_code) in indicators:
            usable.append(item)
        else:  # a framework staff imported over the shipped text may lack the lists' indicators
            bad.append(f"{item.where} ({item.ipbes_id}): {item.framework} has no indicator {item.indicator_code}")
    meas: dict[str, set[str]] = {}
    for item in usable:
        meas.setdefault(item.harmonised, set()).add(item.mea)
    counts = _sync(HarmonisedIndicator, {h.name: h for h in HarmonisedIndicator.objects.all()},
                   {name: _harmonised_values(name, found, bundled.classified) for name, found in meas.items()},
                   "name", HARMONISED_FIELDS)
    harmonised = dict(HarmonisedIndicator.objects.values_list("name", "pk"))
    wanted = {}
    for item in usable:
        parent = (goals if item.parent_kind == "goal" else targets).get((item.framework, item.parent_code))
        wanted[item.ipbes_id] = {
            "mea": item.mea, "harmonised_id": harmonised[item.harmonised],
            "indicator_id": indicators[(item.framework, item.indicator_code)][0],
            "goal_id": parent if item.parent_kind == "goal" else None,
            "target_id": parent if item.parent_kind == "target" else None,
            "text": item.text, "type": item.type[:32], "note": item.note[:120], "match": item.match}
    listed = _sync(IndicatorListing, {row.ipbes_id: row for row in IndicatorListing.objects.all()}, wanted,
                   "ipbes_id", LISTING_FIELDS)
    for state, n in counts.items():
        report.count(f"harmonised indicators {state}", n)
    for state, n in listed.items():
        report.count(f"MEA indicator listings {state}", n)
    report.count("MEA indicator listings added to their framework", sum(1 for i in usable if i.match == "added"))
    report.count("MEA indicator rows not loaded", len(bad))
    report.count("IPBES classification rows naming no listed indicator", len(bundled.report.classified_unmatched))
    report.warnings.extend(f"MEA indicator row not loaded: {line}" for line in bad[:WARNINGS_MAX])
    if len(bad) > WARNINGS_MAX:
        report.warnings.append(f"... and {len(bad) - WARNINGS_MAX} more MEA indicator rows not loaded")
