"""Load the partnerships, work plan and campaigns named by CMS Resolution 11.10 (data/partnerships/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from liaison.catalogue.models import Organization
from liaison.core.loading import DataFileError, LoadReport
from liaison.decisions.models import Decision, Mandate
from liaison.partnerships.models import (
    Activity,
    Event,
    Partnership,
    PartnershipDecision,
    PartnershipParty,
    WorkPlan,
)

DATA_FILE = "partnerships/partnerships.yaml"
SECRETARIAT_ACTORS = ("secretariat", "executive-secretary")


def partnerships_load(*, data_dir: Path, report: LoadReport) -> None:
    """Create or update every record of data/partnerships/partnerships.yaml (idempotent)."""
    path = data_dir / DATA_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"cannot read: {exc}") from None
    ref = data.get("decision") or {}
    decision = Decision.objects.filter(convention__acronym=ref.get("convention"), kind=ref.get("kind"),
                                       number=ref.get("number")).first()
    if decision is None:
        raise DataFileError(path, "decision", f"decision {ref} is not loaded")
    orgs = organizations_load(path, data.get("organizations") or [])
    partnerships = {}
    for i, entry in enumerate(data.get("partnerships") or [], start=1):
        partnerships[entry["slug"]] = partnership_load(path, i, entry, orgs, decision, data.get("as_stated", ""))
        report.count("partnerships")
    for i, entry in enumerate(data.get("workplans") or [], start=1):
        workplan_load(path, i, entry, partnerships, orgs, decision)
        report.count("work plans")
    for i, entry in enumerate(data.get("events") or [], start=1):
        event_load(path, i, entry, data.get("as_stated", ""), decision.convention)
        report.count("calendar events")


def organizations_load(path: Path, entries: list[dict]) -> dict[str, Organization]:
    """Return the organizations of the file by key, creating or updating those it names."""
    orgs = {}
    for i, entry in enumerate(entries, start=1):
        if entry.get("secretariat_of"):
            org = Organization.objects.filter(kind="secretariat", convention__acronym=entry["secretariat_of"]).first()
            if org is None:
                raise DataFileError(path, f"organizations {i}", f"no secretariat of {entry['secretariat_of']!r}")
        else:
            if not entry.get("name") or entry.get("kind") not in dict(Organization.KINDS):
                raise DataFileError(path, f"organizations {i}", "needs a name and a known kind")
            org, _ = Organization.objects.get_or_create(name=entry["name"], defaults={"kind": entry["kind"]})
            org.kind = entry["kind"]
            org.acronym = entry.get("acronym") or org.acronym
            org.website = entry.get("website") or org.website
            org.former_names = sorted(set(org.former_names or []) | set(entry.get("former_names") or []))
            org.save()
        orgs[entry["key"]] = org
    return orgs


def partnership_load(path, i, entry, orgs, decision, as_stated) -> Partnership:
    where = f"partnerships {i}"
    if entry.get("status") not in dict(Partnership.STATUSES):
        raise DataFileError(path, where, f"unknown status {entry.get('status')!r}")
    if entry.get("instrument") not in dict(Partnership.INSTRUMENTS):
        raise DataFileError(path, where, f"unknown instrument {entry.get('instrument')!r}")
    missing = [k for k in entry.get("parties", []) if k not in orgs]
    if missing:
        raise DataFileError(path, where, f"unknown organization keys {missing}")
    # Created once: a later `liaison load` must not undo what the secretariat has changed since (status, dates).
    partnership, _ = Partnership.objects.get_or_create(slug=entry["slug"], defaults={
        "title": entry["title"], "instrument": entry["instrument"], "convention": decision.convention,
        "status": entry["status"], "summary": entry.get("summary", ""),
        "status_source": f"{as_stated}. {entry.get('status_source', '')}"[:300], "published": True,
    })
    for key in entry["parties"]:
        PartnershipParty.objects.get_or_create(partnership=partnership, organization=orgs[key])
    links = [{"paragraph": entry.get("paragraph", ""), "relation": entry.get("relation", "welcomes")}]
    for link in links + list(entry.get("also") or []):
        PartnershipDecision.objects.update_or_create(partnership=partnership, decision=decision,
                                                     relation=link["relation"],
                                                     defaults={"paragraph": str(link["paragraph"])})
    return partnership


def workplan_load(path, i, entry, partnerships, orgs, decision) -> None:
    partnership = partnerships.get(entry.get("partnership"))
    if partnership is None:
        raise DataFileError(path, f"workplans {i}", f"unknown partnership {entry.get('partnership')!r}")
    workplan, _ = WorkPlan.objects.get_or_create(partnership=partnership, title=entry["title"],
                                                 defaults={"aligned_with": entry.get("aligned_with", "")})
    for j, item in enumerate(entry.get("activities") or [], start=1):
        owner = orgs.get(item.get("owner"))
        if owner is None:
            raise DataFileError(path, f"workplans {i} activity {j}", f"unknown owner {item.get('owner')!r}")
        activity, created = Activity.objects.get_or_create(workplan=workplan, code=item["code"], defaults={
            "title": item["title"], "owner": owner, "lead": owner, "source": item.get("source", "")})
        if created and item.get("mandate_paragraph"):
            activity.mandates.set(Mandate.objects.filter(
                decision=decision, paragraph__kind="operative", paragraph__number=str(item["mandate_paragraph"]),
                actor__code__in=SECRETARIAT_ACTORS))


def event_load(path, i, entry, as_stated, convention) -> None:
    try:
        start = dt.date(int(entry["start_year"]), 1, 1)
        end = dt.date(int(entry["end_year"]), 12, 31)
    except (KeyError, TypeError, ValueError):
        raise DataFileError(path, f"events {i}", "needs start_year and end_year") from None
    event, _ = Event.objects.update_or_create(slug=entry["slug"], defaults={
        "title": entry["title"], "kind": entry["kind"], "start": start, "end": end, "precision": "year",
        "convention": convention, "source": as_stated,
        "description": entry.get("description", "")})
