"""Plain-dict shapes of partnership records for the JSON API."""

from __future__ import annotations

import datetime as dt

from liaison.partnerships.models import Activity, Contribution, Partnership, Screening, WorkPlan
from liaison.partnerships.registry.selectors import activity_flags
from liaison.partnerships.targets import target_label


def organization_out(org) -> dict:
    return {"id": org.pk, "name": org.name, "acronym": org.acronym, "kind": org.kind,
            "country": org.country.iso3 if org.country_id else None, "website": org.website,
            "former_names": org.former_names}


def partnership_out(p: Partnership, *, detail: bool = False, workplans=None) -> dict:
    """Return the partnership; with `detail`, also the work plans given (those the caller may see)."""
    out = {"id": p.pk, "slug": p.slug, "title": p.title, "instrument": p.instrument, "status": p.status,
           "convention": p.convention.acronym, "signed_on": p.signed_on, "started_on": p.started_on,
           "ended_on": p.ended_on, "expires_on": p.expires_on, "status_source": p.status_source,
           "parties": [organization_out(party.organization) for party in p.parties.all()],
           "decisions": [{"decision": link.decision_id, "symbol": str(link.decision), "relation": link.relation,
                          "paragraph": link.paragraph} for link in p.decision_links.all()]}
    if detail:
        out["summary"] = p.summary
        out["next_statuses"] = sorted(Partnership.TRANSITIONS[p.status])
        out["workplans"] = [{"id": w.pk, "title": w.title} for w in workplans or []]
        out["documents"] = [{"title": d.title, "url": d.url} for d in p.documents.all()]
    return out


def targets_out(links) -> list[dict]:
    return [{"framework": t.framework_code, "target": t.target_code, "label": target_label(t.framework_code,
                                                                                            t.target_code)}
            for t in links.all()]


def activity_out(a: Activity, *, today: dt.date) -> dict:
    return {"id": a.pk, "workplan": a.workplan_id, "code": a.code, "title": a.title, "description": a.description,
            "owner": a.owner.name, "lead": a.lead.name if a.lead_id else None,
            "contributors": [o.name for o in a.contributors.all()], "start": a.start, "end": a.end,
            "status": a.status, "budget": str(a.budget) if a.budget is not None else None, "currency": a.currency,
            "funding_source": a.funding_source, "targets": targets_out(a.targets),
            "mandates": [m.pk for m in a.mandates.all()],
            "milestones": [{"title": m.title, "due": m.due, "done_on": m.done_on} for m in a.milestones.all()],
            **activity_flags(a, today=today)}


def workplan_out(w: WorkPlan, *, today: dt.date | None = None, activities=None) -> dict:
    """Return the work plan; with `today`, also the activities given, each with its flags."""
    out = {"id": w.pk, "partnership": w.partnership_id, "title": w.title, "period_start": w.period_start,
           "period_end": w.period_end, "aligned_with": w.aligned_with}
    if today is not None:
        out["activities"] = [activity_out(a, today=today) for a in activities or []]
    return out


def contribution_out(c: Contribution, *, detail: bool = False) -> dict:
    out = {"id": c.pk, "organization": c.organization.name, "convention": c.convention.acronym, "title": c.title,
           "status": c.status, "period_start": c.period_start, "period_end": c.period_end,
           "submitted_at": c.submitted_at, "accepted_at": c.accepted_at, "targets": targets_out(c.targets),
           "mandates": [m.pk for m in c.mandates.all()], "activities": [a.pk for a in c.activities.all()]}
    if detail:
        out.update({"summary": c.summary, "links": c.links, "partnership": c.partnership_id,
                    "evidence": [{"id": e.pk, "name": e.name, "kind": e.kind, "size": e.size}
                                 for e in c.evidence.all()],
                    "reviews": [{"decision": r.decision, "comment": r.comment, "at": r.created_at,
                                 "by": r.reviewer.username if r.reviewer else None} for r in c.reviews.all()]})
    return out


def screening_out(s: Screening) -> dict:
    return {"id": s.pk, "organization": s.organization.name, "convention": s.convention.acronym,
            "sector": s.sector, "harmful_activities": s.harmful_activities,
            "conflicts_of_interest": s.conflicts_of_interest, "reputational_risk": s.reputational_risk,
            "decision": s.decision, "reasons": s.reasons,
            "reviewer": s.reviewer.username if s.reviewer else None, "decided_at": s.decided_at}
