"""JSON API of the public catalogue."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from ninja import Path, Router, Schema

from liaison.catalogue import selectors

router = Router(tags=["catalogue"])


class BodyOut(Schema):
    code: str
    name: str
    kind: str


class ConventionOut(Schema):
    acronym: str
    name: str
    year: int | None
    kind: str
    parent: str | None
    secretariat: str
    informea_uuid: str
    ecolex_id: str
    parties_count: int


class ConventionDetailOut(ConventionOut):
    bodies: list[BodyOut]


class PartyOut(Schema):
    iso3: str
    name: str
    signature: dt.date | None
    ratification: dt.date | None
    entry_into_force: dt.date | None


class MembershipOut(Schema):
    convention: str
    signature: dt.date | None
    ratification: dt.date | None
    entry_into_force: dt.date | None


class CountryOut(Schema):
    iso3: str
    iso2: str
    name: str
    official_name: str
    memberships: list[MembershipOut]


def convention_out(c) -> dict:
    return {**{f: getattr(c, f) for f in ("acronym", "name", "year", "kind", "secretariat", "informea_uuid",
                                          "ecolex_id")},
            "parent": c.parent.acronym if c.parent else None,
            "parties_count": getattr(c, "parties_count", 0)}


@router.get("/conventions", response=list[ConventionOut])
def conventions_list(request):
    return [convention_out(c) for c in selectors.convention_list()]


@router.get("/conventions/{acronym}", response=ConventionDetailOut)
def convention_detail(request, acronym: str = Path(..., max_length=32)):
    convention = selectors.convention_get(acronym=acronym)
    annotated = selectors.convention_list().get(pk=convention.pk)
    return {**convention_out(annotated), "bodies": list(convention.bodies.values("code", "name", "kind"))}


@router.get("/conventions/{acronym}/parties", response=list[PartyOut])
def convention_parties(request, acronym: str = Path(..., max_length=32)):
    convention = selectors.convention_get(acronym=acronym)
    return list(
        selectors.convention_parties(convention=convention).values(
            "signature", "ratification", "entry_into_force", iso3=F("country__iso3"), name=F("country__name")
        )
    )


@router.get("/countries/{iso3}", response=CountryOut)
def country_detail(request, iso3: str = Path(..., pattern=r"^[A-Za-z]{3}$")):
    country = selectors.country_get(iso3=iso3)
    memberships = [
        {"convention": m.convention.acronym, "signature": m.signature, "ratification": m.ratification,
         "entry_into_force": m.entry_into_force}
        for m in selectors.country_memberships(country=country)
    ]
    return {"iso3": country.iso3, "iso2": country.iso2, "name": country.name,
            "official_name": country.official_name, "memberships": memberships}
