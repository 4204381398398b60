"""Reads of the public catalogue: conventions, countries and memberships are public records (no user filter)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention, Country, Membership, UnmappedCountryName
from liaison.core.counts import rows_count
from liaison.core.errors import NotFound


def party_memberships() -> QuerySet[Membership]:
    """Return the memberships that make a party: ratified, or in force."""
    return Membership.objects.filter(Q(entry_into_force__isnull=False) | Q(ratification__isnull=False))


def conventions_by_code() -> dict[str, Convention]:
    """Return the conventions by lower-case acronym and by InforMEA code (an acronym wins over a code)."""
    index: dict[str, Convention] = {}
    for convention in Convention.objects.all():
        index[convention.acronym.lower()] = convention
        if convention.informea_code:
            index.setdefault(convention.informea_code.lower(), convention)
    return index


def convention_list() -> QuerySet[Convention]:
    """Return every convention with its number of parties."""
    return Convention.objects.select_related("parent").annotate(parties_count=rows_count(party_memberships(), outer="convention"))


def convention_get(*, acronym: str) -> Convention:
    """Return the convention with this acronym (case-insensitive); NotFound otherwise."""
    convention = Convention.objects.select_related("parent").filter(acronym__iexact=acronym.strip()).first()
    if convention is None:
        raise NotFound(_("No convention with acronym %(acronym)s.") % {"acronym": repr(acronym[:32])})
    return convention


def convention_parties(*, convention: Convention) -> QuerySet[Membership]:
    """Return the memberships of a convention, with their countries, by country name."""
    return Membership.objects.filter(convention=convention).select_related("country").order_by("country__name")


def country_list() -> QuerySet[Country]:
    """Return every country with the number of conventions it is party to."""
    return Country.objects.annotate(conventions_count=rows_count(party_memberships(), outer="country"))


def country_get(*, iso3: str) -> Country:
    """Return the country with this ISO 3166 alpha-3 code; NotFound otherwise."""
    country = Country.objects.filter(iso3=iso3.strip().upper()).first()
    if country is None:
        raise NotFound(_("No country with ISO 3166 alpha-3 code %(iso3)s.") % {"iso3": repr(iso3[:8])})
    return country


def country_memberships(*, country: Country) -> QuerySet[Membership]:
    """Return a country's memberships with their conventions."""
    return Membership.objects.filter(country=country).select_related("convention").order_by("convention__acronym")


def countries_unmapped_list() -> QuerySet[UnmappedCountryName]:
    """Return the data-file country spellings with no ISO code."""
    return UnmappedCountryName.objects.select_related("convention").annotate().order_by("name", "convention__acronym")


def catalogue_stats() -> dict[str, int]:
    """Return the headline counts of the home page."""
    # the home page is public: it counts what an anonymous reader may see
    from liaison.decisions.permissions import decision_visible_to, mandate_visible_to

    return {
        "conventions": Convention.objects.count(),
        "countries": Country.objects.filter(memberships__isnull=False).distinct().count(),
        "memberships": Membership.objects.count(),
        "decisions": decision_visible_to(None).filter(has_text=True).count(),
        "mandates": mandate_visible_to(None).count(),
    }
