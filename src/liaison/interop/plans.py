"""National plans (NBSAPs and other national frameworks) as InforMEA NationalPlan records.

A national plan in Liaison is a framework of a country (`Framework.country`, kind "nbsap" or another national
kind), read through `framework_visible_to`: published and bundled plans for everyone, a country's unpublished
plan for its focal points and the secretariats. The record's shape follows InforMEA's NationalPlans collection
(the OData fixtures in data/informea_melish: id, treaty, country as ISO 2, type, title as LocalizableStrings,
url, files, submission, updated); a plan's treaty is its convention's InforMEA code, "cbd" for an NBSAP that
names none (NBSAPs are the CBD's Article 6 plans).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from liaison.frameworks.models import Framework
from liaison.frameworks.permissions import framework_visible_to
from liaison.interop.informea import (
    int_value,
    localized,
    metadata,
    odata_date,
    page_rows,
    query_apply,
    treaty_code,
    treaty_condition,
)
from liaison.interop.odata import Query

NBSAP = "nbsap"
PLAN_FILTERS = {
    "id": lambda v: Q(pk=int_value("id", v)),
    "treaty": lambda v: treaty_condition(str(v), prefix="convention__")
    | (Q(convention__isnull=True, kind=NBSAP) if str(v).lower() == "cbd" else Q(pk__in=[])),
    "country": lambda v: Q(country__iso2__iexact=str(v)) | Q(country__iso3__iexact=str(v)),
    "type": lambda v: Q(kind=str(v)[:32]),
}
PLAN_ORDER = {"id": "pk", "country": "country__iso3", "updated": "updated_at", "submission": "created_at"}


def national_plans_visible_to(user) -> QuerySet[Framework]:
    """Return the national plans `user` may read: the frameworks of a country, through framework_visible_to."""
    return framework_visible_to(user).filter(country__isnull=False)


def informea_national_plans(*, user, query: Query) -> tuple[list[Framework], bool]:
    """Return the page of national plans `user` may read that the query asks for."""
    qs = national_plans_visible_to(user).select_related("country", "convention")
    return page_rows(query_apply(qs, query, filters=PLAN_FILTERS, order=PLAN_ORDER), query)


def national_plan_record(plan: Framework, *, base: str, link: str) -> dict:
    """Return a national plan as an InforMEA NationalPlan record."""
    treaty = treaty_code(plan.convention) if plan.convention else ("cbd" if plan.kind == NBSAP else "")
    return {
        "__metadata": metadata("NationalPlan", f"{base}('{plan.pk}')"),
        "protocolVersion": 1,
        "id": str(plan.pk),
        "treaty": treaty,
        "country": plan.country.iso2.lower() if plan.country else None,
        "type": plan.kind,
        "title": localized(plan.name),
        "url": link,
        "files": [],
        "submission": odata_date(plan.created_at),
        "updated": odata_date(plan.updated_at),
    }
