"""JSON API of the public catalogue. Thin: one selector per operation."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from ninja import Path, Query, Router, Schema

from liaison.catalogue import selectors
from liaison.core.schemas import ErrorOut, PageIn, page_slice

router = Router(tags=["catalogue"])
ERRORS = {404: ErrorOut, 422: ErrorOut}


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


class ConventionPage(Schema):
    count: int
    items: list[ConventionOut]


class ConventionDetailOut(ConventionOut):
    bodies: list[BodyOut]


class PartyOut(Schema):
    iso3: str
    name: str
    signature: dt.date | None
    ratification: dt.date | None
    entry_into_force: dt.date | None


class PartyPage(Schema):
    count: int
    items: list[PartyOut]


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


@router.get("/conventions", response={200: ConventionPage, **ERRORS},
            description="Conventions by acronym, with their number of parties. Paginated with limit/offset.")
def conventions_list(request, page: Query[PageIn]):
    count, rows = page_slice(selectors.convention_list(), page=page)
    return {"count": count, "items": [convention_out(c) for c in rows]}


@router.get("/conventions/{acronym}", response={200: ConventionDetailOut, **ERRORS})
def convention_detail(request, acronym: str = Path(..., max_length=32)):
    convention = selectors.convention_get(acronym=acronym)
    annotated = selectors.convention_list().get(pk=convention.pk)
    return {**convention_out(annotated), "bodies": list(convention.bodies.values("code", "name", "kind"))}


@router.get("/conventions/{acronym}/parties", response={200: PartyPage, **ERRORS},
            description="A convention's memberships by country name, with signature, ratification and entry "
                        "into force dates. Paginated with limit/offset (a convention has at most about 200).")
def convention_parties(request, page: Query[PageIn], acronym: str = Path(..., max_length=32)):
    convention = selectors.convention_get(acronym=acronym)
    rows = selectors.convention_parties(convention=convention).values(
        "signature", "ratification", "entry_into_force", iso3=F("country__iso3"), name=F("country__name"))
    count, items = page_slice(rows, page=page)
    return {"count": count, "items": items}


@router.get("/countries/{iso3}", response={200: CountryOut, **ERRORS})
def country_detail(request, iso3: str = Path(..., pattern=r"^[A-Za-z]{3}$")):
    country = selectors.country_get(iso3=iso3)
    memberships = [
        {"convention": m.convention.acronym, "signature": m.signature, "ratification": m.ratification,
         "entry_into_force": m.entry_into_force}
        for m in selectors.country_memberships(country=country)
    ]
    return {"iso3": country.iso3, "iso2": country.iso2, "name": country.name,
            "official_name": country.official_name, "memberships": memberships}
