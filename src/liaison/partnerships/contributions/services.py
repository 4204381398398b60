"""Writes of partner contribution reports: draft, evidence, submit, review (paragraphs 5 and 6).

A report goes draft -> submitted -> (returned -> submitted)* -> accepted | rejected. Accepted reports
feed the consolidated view for Parties.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import Conflict, TooLarge
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.partnerships.bounds import MAX_UPLOAD_BYTES, TEXT_MAX, person
from liaison.partnerships.contributions import permissions
from liaison.partnerships.filetypes import filetype_check
from liaison.partnerships.models import Activity, Contribution, Evidence, Review, TargetLink
from liaison.partnerships.registry.services import dates_check, links_prepare, rows_by_ids, unique

MAX_EVIDENCE_BYTES = MAX_UPLOAD_BYTES
EDITABLE = ("title", "period_start", "period_end", "summary", "links", "partnership")


def links_check(links) -> list[str]:
    """Return the web links of a report, each http(s); raise ValidationError otherwise."""
    links = [text_clean(str(link), max_length=500, field="links").strip() for link in links or []]
    links = [link for link in links if link]
    if len(links) > 50:
        raise ValidationError(_("Give at most 50 links."))
    bad = [link for link in links if not link.startswith(("https://", "http://"))]
    if bad:
        raise ValidationError(_("Links must start with http:// or https://: %(links)s.") % {"links": ", ".join(bad)})
    return links


def activities_get(ids) -> list[Activity]:
    """Return activities by id; raise ValidationError naming any not found."""
    return rows_by_ids(Activity, ids, label="activity(ies)")


def contribution_links_set(contribution: Contribution, *, targets, mandates, activities) -> dict:
    changed = {}
    if targets is not None:
        contribution.targets.all().delete()
        TargetLink.objects.bulk_create([TargetLink(contribution=contribution, framework_code=f, target_code=c, target=t)
                                        for f, c, t in unique(targets)])
        changed["targets"] = [f"{f} {c}" for f, c, _ in targets]
    if mandates is not None:
        contribution.mandates.set(mandates)
        changed["mandates"] = [m.pk for m in mandates]
    if activities is not None:
        contribution.activities.set(activities)
        changed["activities"] = [a.pk for a in activities]
    return changed


def contribution_create(*, user, organization, convention, title: str, period_start, period_end, summary: str,
                        links=None, partnership=None, targets=None, mandates=None, activities=None) -> Contribution:
    """Start a contribution report (a draft its organization may complete before submitting)."""
    permissions.contribution_check_create(user=user, organization=organization)
    title = text_clean(title, max_length=300, field="title")
    summary = text_clean(summary, max_length=TEXT_MAX, field="summary")
    if not title.strip() or not summary.strip():
        raise ValidationError(_("Give a title and say what was done."))
    dates_check(period_start, period_end, what=_("The reporting period"))
    links = links_check(links)
    prepared = links_prepare(targets=targets or [], mandates=mandates or [])
    acts = activities_get(activities)
    with transaction.atomic():
        contribution = Contribution.objects.create(
            organization=organization, convention=convention, partnership=partnership, title=title.strip(),
            period_start=period_start, period_end=period_end, summary=summary.strip(), links=links,
            created_by=person(user))
        changed = contribution_links_set(contribution, targets=prepared["targets"], mandates=prepared["mandates"],
                                         activities=acts)
        audit_record(actor=user, action="create", obj=contribution,
                     changes={"after": {"title": contribution.title, **changed}})
    return contribution


def contribution_update(*, user, contribution: Contribution, targets=None, mandates=None, activities=None,
                        **changes) -> Contribution:
    """Change a draft or returned report of the user's organization."""
    permissions.contribution_check_edit(user=user, contribution=contribution)
    for key, limit in (("title", 300), ("summary", TEXT_MAX)):
        if changes.get(key) is not None:
            changes[key] = text_clean(changes[key], max_length=limit, field=key)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    merged = {f: getattr(contribution, f) for f in EDITABLE} | changes
    dates_check(merged["period_start"], merged["period_end"], what=_("The reporting period"))
    if "links" in changes:
        changes["links"] = links_check(changes["links"])
    if not (merged["title"] or "").strip() or not (merged["summary"] or "").strip():
        raise ValidationError(_("Give a title and say what was done."))
    prepared = links_prepare(targets=targets, mandates=mandates)
    acts = None if activities is None else activities_get(activities)
    before, after = {}, {}
    for field, value in changes.items():
        if getattr(contribution, field) != value:
            before[field], after[field] = str(getattr(contribution, field)), str(value)
            setattr(contribution, field, value)
    with transaction.atomic():
        contribution.save()
        after.update(contribution_links_set(contribution, targets=prepared["targets"],
                                            mandates=prepared["mandates"], activities=acts))
        if after:
            audit_record(actor=user, action="update", obj=contribution, changes={"before": before, "after": after})
    return contribution


def evidence_add(*, user, contribution: Contribution, data: bytes, name: str) -> Evidence:
    """Attach an evidence file whose content matches its claimed type (PDF, DOCX, PNG, JPEG), up to 20 MB."""
    permissions.contribution_check_edit(user=user, contribution=contribution)
    name = text_clean(name, max_length=1000, field="file") or "upload"
    if len(data) > MAX_EVIDENCE_BYTES:
        raise TooLarge(_("%(name)s is larger than %(n)d MB.") % {"name": repr(name), "n": MAX_EVIDENCE_BYTES // 2**20})
    kind = filetype_check(data=data, name=name)
    with transaction.atomic():
        evidence = Evidence(contribution=contribution, name=name[:200], kind=kind, size=len(data),
                            added_by=person(user))
        evidence.file.save(name[-100:], ContentFile(data), save=False)
        evidence.save()
        audit_record(actor=user, action="evidence", obj=contribution, changes={"after": {"file": name, "kind": kind}})
    return evidence


def contribution_submit(*, user, contribution: Contribution) -> Contribution:
    """Submit a draft or returned report for review; it needs at least one mandate, target or activity."""
    permissions.contribution_check_edit(user=user, contribution=contribution)
    if contribution.status not in (Contribution.DRAFT, Contribution.RETURNED):
        raise ValidationError(_("Only a draft or a returned report can be submitted."))
    if not (contribution.mandates.exists() or contribution.targets.exists() or contribution.activities.exists()):
        raise ValidationError(_("Say which mandates, targets or activities the work served before submitting."))
    before = contribution.status
    contribution.status, contribution.submitted_at = Contribution.SUBMITTED, timezone.now()
    with transaction.atomic():
        contribution.save()
        audit_record(actor=user, action="submit", obj=contribution,
                     changes={"before": {"status": before}, "after": {"status": contribution.status}})
    return contribution


REVIEW_STATUS = {Review.ACCEPT: Contribution.ACCEPTED, Review.RETURN: Contribution.RETURNED,
                 Review.REJECT: Contribution.REJECTED}


def contribution_review(*, user, contribution: Contribution, decision: str, comment: str = "") -> Review:
    """Accept, return with comments or reject a submitted report."""
    permissions.contribution_check_review(user=user, contribution=contribution)
    comment = text_clean(comment, max_length=TEXT_MAX, field="comment")
    if decision not in REVIEW_STATUS:
        raise ValidationError(_("The review decision is accept, return or reject."))
    if contribution.status != Contribution.SUBMITTED:
        raise Conflict(_("Only a submitted report can be reviewed; this one is %(status)s.")
                       % {"status": contribution.get_status_display().lower()})
    if decision in (Review.RETURN, Review.REJECT) and not comment.strip():
        raise ValidationError(_("Say why: returning or rejecting a report needs a comment for the partner."))
    before = contribution.status
    contribution.status = REVIEW_STATUS[decision]
    if decision == Review.ACCEPT:
        contribution.accepted_at = timezone.now()
    with transaction.atomic():
        contribution.save()
        review = Review.objects.create(contribution=contribution, reviewer=person(user),
                                       decision=decision,
                                       comment=comment.strip())
        audit_record(actor=user, action="review", obj=contribution, note=comment.strip(),
                     changes={"before": {"status": before}, "after": {"status": contribution.status}})
    return review
