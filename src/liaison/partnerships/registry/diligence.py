"""Private-sector due diligence: companies registered in the catalogue, screened and decided, always checked."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.catalogue.models import Country, Organization
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.partnerships.bounds import TEXT_MAX, person
from liaison.partnerships.models import (
    Screening,
)
from liaison.partnerships.registry import permissions


def screening_create(*, user, organization: Organization, convention, sector: str, harmful_activities: str,
                     conflicts_of_interest: str = "", reputational_risk: str) -> Screening:
    """Open a Code of Conduct screening of a company (pending until a reviewer decides)."""
    permissions.screening_check_create(user=user, convention=convention)
    sector = text_clean(sector, max_length=200, field="sector")
    harmful_activities = text_clean(harmful_activities, max_length=TEXT_MAX, field="harmful_activities")
    conflicts_of_interest = text_clean(conflicts_of_interest, max_length=TEXT_MAX, field="conflicts_of_interest")
    if organization.kind != "private":
        raise ValidationError(_("%(name)s is not a private-sector organization; only companies are screened.")
                              % {"name": organization.name})
    if reputational_risk not in dict(Screening.RISKS):
        raise ValidationError(_("Reputational risk is low, medium or high."))
    if not sector.strip() or not harmful_activities.strip():
        raise ValidationError(_("Give the sector and the activities harmful to migratory species (or 'none found')."))
    with transaction.atomic():
        screening = Screening.objects.create(
            organization=organization, convention=convention, sector=sector.strip(),
            harmful_activities=harmful_activities.strip(), conflicts_of_interest=conflicts_of_interest.strip(),
            reputational_risk=reputational_risk, created_by=person(user))
        audit_record(actor=user, action="create", obj=screening,
                     changes={"after": {"organization": organization.name, "risk": reputational_risk}})
    return screening


def screening_decide(*, user, screening: Screening, decision: str, reasons: str) -> Screening:
    """Record the reviewer's decision on a screening, with reasons (required)."""
    permissions.screening_check_decide(user=user, screening=screening)
    reasons = text_clean(reasons, max_length=TEXT_MAX, field="reasons")
    if decision not in (Screening.APPROVED, Screening.REJECTED):
        raise ValidationError(_("The decision is approved or rejected."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision."))
    before = screening.decision
    screening.decision, screening.reasons = decision, reasons.strip()
    screening.reviewer = person(user)
    screening.decided_at = timezone.now()
    with transaction.atomic():
        screening.save()
        audit_record(actor=user, action="decide", obj=screening,
                     changes={"before": {"decision": before}, "after": {"decision": decision, "reasons": reasons}})
    return screening


def organization_register(*, user, name: str, kind: str = "private", acronym: str = "", website: str = "",
                          country: str = "") -> Organization:
    """Add an organization (by default a company, for due diligence) to the catalogue; refuse duplicates."""
    permissions.organization_check_register(user=user)
    name = text_clean(name, max_length=300, field="name").strip()
    acronym = text_clean(acronym, max_length=40, field="acronym").strip()
    website = text_clean(website, max_length=200, field="website").strip()
    if len(name) < 2:
        raise ValidationError(_("Give the organization's name."))
    if kind not in dict(Organization.KINDS) or kind == "secretariat":
        raise ValidationError(_("Unknown kind %(kind)s; use one of %(kinds)s.") % {
            "kind": repr(kind), "kinds": ", ".join(k for k, _label in Organization.KINDS if k != "secretariat")})
    if website and not website.startswith(("https://", "http://")):
        raise ValidationError(_("%(url)s is not a web address.") % {"url": repr(website)})
    if Organization.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("%(name)s is already in the catalogue.") % {"name": name})
    country_obj = None
    if country:
        country_obj = Country.objects.filter(iso3__iexact=country.strip()[:3]).first()
        if country_obj is None:
            raise ValidationError(_("Unknown country %(country)s; give its ISO 3166 alpha-3 code (e.g. SWE).")
                                      % {"country": repr(country)})
    with transaction.atomic():
        organization = Organization.objects.create(name=name, kind=kind, acronym=acronym, website=website,
                                                   country=country_obj)
        audit_record(actor=user, action="create", obj=organization,
                     changes={"after": {"name": name, "kind": kind}})
    return organization
