"""Reads of the InforMEA-compatible API: Liaison's decisions, conventions and countries as InforMEA's records.

Record shapes and field names follow InforMEA's OData service (data/informea_melish/odata_api_samples_synthetic,
its v3 shape): `{"d": {"results": [...], "__next": url}}`, localized texts as lists of
`{"language", "value"}`, dates as `/Date(milliseconds)/`. Every reader starts from its type's visibility filter
(`decision_visible_to`); conventions and countries are the public catalogue.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention, Country
from liaison.decisions.models import Decision, DecisionRevision, Paragraph
from liaison.decisions.permissions import decision_visible_to
from liaison.interop.odata import Query, QueryInvalid
from liaison.reporting.models import Report
from liaison.reporting.permissions import report_visible_to

# Liaison's decision statuses as InforMEA's (and back, for $filter=status eq 'active').
STATUS_OUT = {Decision.IN_EFFECT: "active", Decision.REPEALED: "retired", Decision.SUPERSEDED: "superseded"}
STATUS_IN = {v: k for k, v in STATUS_OUT.items()}
KIND_ORDER = {Paragraph.PREAMBLE: 0, Paragraph.OPERATIVE: 1, Paragraph.ANNEX: 2}
LANGUAGE = "en"  # the language of the texts Liaison holds for decisions, conventions and countries

# Per collection: the $filter fields (field -> a function of the value giving a Q), $orderby fields, $expand.
DECISION_FILTERS = {
    "id": lambda v: Q(pk=int_value("id", v)),
    "treaty": lambda v: treaty_condition(str(v), prefix="convention__"),
    "number": lambda v: Q(number=str(v)),
    "status": lambda v: Q(status=STATUS_IN.get(str(v), "-")),
    "type": lambda v: Q(kind=str(v)),
    "meetingId": lambda v: Q(adopting_meeting__slug=str(v)) | Q(meeting=str(v), adopting_meeting__isnull=True),
}
DECISION_ORDER = {
    "id": "pk",
    "number": "number",
    "treaty": "convention__acronym",
    "updated": "updated_at",
    "published": "created_at",
    "status": "status",
}
DECISION_EXPAND = {"paragraphs", "content"}
TREATY_FILTERS = {
    "odataName": lambda v: treaty_condition(str(v)),
    "acronym": lambda v: Q(acronym__iexact=str(v)),
    "type": lambda v: Q(kind=str(v)),
}
TREATY_ORDER = {"acronym": "acronym", "year": "year", "odataName": "informea_code"}
COUNTRY_FILTERS = {
    "code2l": lambda v: Q(iso2__iexact=str(v)),
    "code3l": lambda v: Q(iso3__iexact=str(v)),
    "name": lambda v: Q(name=str(v)),
}
COUNTRY_ORDER = {"name": "name", "code2l": "iso2", "code3l": "iso3"}
REPORT_FILTERS = {
    "id": lambda v: Q(pk=int_value("id", v)),
    "treaty": lambda v: treaty_condition(str(v), prefix="questionnaire__convention__"),
    "country": lambda v: Q(country__iso2__iexact=str(v)) | Q(country__iso3__iexact=str(v)),
}
REPORT_ORDER = {
    "id": "pk",
    "submission": "submitted_at",
    "country": "country__iso3",
    "treaty": "questionnaire__convention__acronym",
}


def int_value(name: str, value) -> int:
    """Return an id compared in a $filter as an integer; QueryInvalid when it is not one."""
    if isinstance(value, bool) or not str(value).isdigit() or len(str(value)) > 18:
        raise QueryInvalid(_("$filter compares %(field)s with a whole number.") % {"field": name})
    return int(value)


def treaty_condition(code: str, *, prefix: str = "") -> Q:
    """Return the condition on conventions whose InforMEA code is `code` (their lower-case acronym when unset)."""
    return Q(**{f"{prefix}informea_code": code}) | Q(
        **{f"{prefix}informea_code": "", f"{prefix}acronym__iexact": code}
    )


def treaty_code(convention: Convention) -> str:
    """Return a convention's InforMEA code ("cbd", "cms", "plant-treaty"), else its lower-case acronym."""
    return convention.informea_code or convention.acronym.lower()


def query_apply(qs: QuerySet, query: Query, *, filters: dict, order: dict) -> QuerySet:
    """Return `qs` filtered and ordered as the parsed query asks (only through the whitelisted lookups)."""
    for name, value in query.filters:
        qs = qs.filter(filters[name](value))
    if query.orderby:
        qs = qs.order_by(*[("-" if desc else "") + order[name] for name, desc in query.orderby], "pk")
    else:
        qs = qs.order_by("pk")
    return qs


def page_rows(qs: QuerySet, query: Query) -> tuple[list, bool]:
    """Return the rows of the asked page and whether more follow."""
    rows = list(qs[query.skip : query.skip + query.top + 1])
    return rows[: query.top], len(rows) > query.top


def informea_decisions(*, user, query: Query) -> tuple[list[Decision], bool]:
    """Return the page of decisions `user` may read that the query asks for, and whether more follow."""
    qs = query_apply(
        decision_visible_to(user).select_related("convention", "adopting_meeting"),
        query,
        filters=DECISION_FILTERS,
        order=DECISION_ORDER,
    )
    if query.expand:
        paragraphs = Paragraph.objects.order_by("order")
        revisions = DecisionRevision.objects.order_by("-created_at", "-id").prefetch_related(
            Prefetch("paragraphs", queryset=paragraphs, to_attr="paragraph_list")
        )
        qs = qs.prefetch_related(Prefetch("revisions", queryset=revisions, to_attr="revision_list"))
    return page_rows(qs, query)


def informea_treaties(*, query: Query) -> tuple[list[Convention], bool]:
    """Return the page of conventions (the public catalogue) that the query asks for."""
    qs = query_apply(
        Convention.objects.select_related("parent"), query, filters=TREATY_FILTERS, order=TREATY_ORDER
    )
    return page_rows(qs, query)


def informea_countries(*, query: Query) -> tuple[list[Country], bool]:
    """Return the page of countries (the public catalogue) that the query asks for, with their conventions."""
    qs = query_apply(
        Country.objects.prefetch_related("memberships__convention"),
        query,
        filters=COUNTRY_FILTERS,
        order=COUNTRY_ORDER,
    )
    return page_rows(qs, query)


def informea_country_reports(*, user, query: Query) -> tuple[list[Report], bool]:
    """Return the page of submitted national reports `user` may read (`report_visible_to`) the query asks for."""
    qs = report_visible_to(user).filter(status=Report.SUBMITTED, is_demo=False)
    qs = query_apply(
        qs.select_related("country", "questionnaire__convention"),
        query,
        filters=REPORT_FILTERS,
        order=REPORT_ORDER,
    )
    return page_rows(qs, query)


def country_report_record(report: Report, *, base: str, link: str) -> dict:
    """Return a submitted national report as an InforMEA CountryReport record (country as ISO 2, as in v3)."""
    return {
        "__metadata": metadata("CountryReport", f"{base}('{report.pk}')"),
        "protocolVersion": 1,
        "id": str(report.pk),
        "treaty": treaty_code(report.questionnaire.convention),
        "country": report.country.iso2,
        "title": localized(f"{report.country.name} - {report.questionnaire.title}"),
        "submission": odata_date(report.submitted_at),
        "url": link,
        "files": [],
    }


def odata_date(value) -> str | None:
    """Return a datetime as OData's verbose JSON writes it, /Date(milliseconds)/."""
    return f"/Date({int(value.timestamp() * 1000)})/" if value else None


def localized(value: str) -> list[dict]:
    """Return a text as InforMEA's list of LocalizableString (empty when there is no text)."""
    if not value:
        return []
    return [{"__metadata": {"type": "LocalizableString"}, "language": LANGUAGE, "value": value}]


def metadata(kind: str, uri: str) -> dict:
    return {"type": kind, "id": uri, "uri": uri}


def decision_record(decision: Decision, *, base: str, link: str, expand: frozenset[str]) -> dict:
    """Return a decision as an InforMEA Decision record; `base` is the collection's absolute URL."""
    record = {
        "__metadata": metadata("Decision", f"{base}('{decision.pk}')"),
        "protocolVersion": 1,
        "id": str(decision.pk),
        # the id of its record in the Meetings collection when the label names one, else the label
        "meetingId": meeting_id(decision),
        "meetingTitle": decision.meeting or None,
        "link": link,
        "title": localized(decision.title),
        "longTitle": [],
        "summary": [],
        "type": decision.kind,
        "status": STATUS_OUT.get(decision.status, decision.status),
        "number": decision.number,
        "treaty": treaty_code(decision.convention),
        "published": odata_date(decision.created_at),
        "updated": odata_date(decision.updated_at),
        "content": [],
        "keywords": [],
        "displayOrder": decision.pk,
        "files": [],
    }
    if expand:
        revisions = getattr(decision, "revision_list", None) or []
        paragraphs = sorted(
            revisions[0].paragraph_list if revisions else [],
            key=lambda p: (KIND_ORDER.get(p.kind, 3), p.order),
        )
        if "content" in expand:
            record["content"] = localized("\n\n".join(paragraph_text(p) for p in paragraphs))
        if "paragraphs" in expand:
            record["paragraphs"] = [paragraph_record(p, decision=decision, base=base) for p in paragraphs]
    return record


def meeting_id(decision: Decision) -> str | None:
    """Return the Meetings id of the meeting that adopted the decision (its slug) when that meeting is published,
    else its meeting label."""
    if decision.adopting_meeting_id is not None and decision.adopting_meeting.published:
        return decision.adopting_meeting.slug
    return decision.meeting or None


def paragraph_text(paragraph: Paragraph) -> str:
    """Return a paragraph as it reads: its number, its lead and its text."""
    return " ".join(
        part for part in (paragraph.number and f"{paragraph.number}.", paragraph.lead, paragraph.text) if part
    )


def paragraph_record(paragraph: Paragraph, *, decision: Decision, base: str) -> dict:
    """Return a paragraph as a DecisionParagraph record (InforMEA's paragraphs of a decision's text)."""
    return {
        "__metadata": {"type": "DecisionParagraph"},
        "id": str(paragraph.pk),
        "decisionId": str(decision.pk),
        "officialOrder": paragraph.number or None,
        "order": paragraph.order,
        "kind": paragraph.kind,
        "lead": paragraph.lead or None,
        "content": localized(paragraph.text),
    }


def treaty_record(convention: Convention, *, base: str, link: str) -> dict:
    """Return a convention as an InforMEA Treaty record."""
    code = treaty_code(convention)
    return {
        "__metadata": metadata("Treaty", f"{base}('{code}')"),
        "protocolVersion": 1,
        "id": convention.informea_uuid or code,
        "odataName": code,
        "acronym": convention.acronym,
        "title": localized(convention.name),
        "type": convention.kind,
        "year": convention.year,
        "parent": treaty_code(convention.parent) if convention.parent else None,
        "url": link,
        "ecolexId": convention.ecolex_id or None,
    }


def country_record(country: Country, *, base: str) -> dict:
    """Return a country in the shape of InforMEA's country list (code2l, code3l, name, nameOfficial)."""
    treaties = sorted({treaty_code(m.convention) for m in country.memberships.all()})
    return {
        "__metadata": metadata("Country", f"{base}('{country.iso3}')"),
        "id": country.iso3,
        "code2l": country.iso2,
        "code3l": country.iso3,
        "name": country.name,
        "nameOfficial": country.official_name or country.name,
        "countryNames": [
            {
                "language": LANGUAGE,
                "name": country.name,
                "nameOfficial": country.official_name or country.name,
            }
        ],
        "treaties": treaties,
    }
