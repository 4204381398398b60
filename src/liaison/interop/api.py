"""The InforMEA-compatible read API under /api/informea/: Decisions, Treaties, Countries, CountryReports, Contacts
and Meetings in InforMEA's shapes.

Thin: parse the OData options (interop.odata), call one selector (interop.informea), shape the records.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from liaison.core.errors import NotFound
from liaison.interop import contacts_meetings as collections
from liaison.interop import informea, plans
from liaison.interop import meetings as meeting_feed
from liaison.interop.odata import query_parse

router = Router(tags=["informea"])

OPTIONS_HELP = (
    "OData options: $filter (comparisons `field eq value` joined by `and`), $orderby (`field "
    "asc|desc`, comma-separated), $top (default 100, at most 500: more answers 400), $skip, $expand, "
    "$format=json. A filter or field outside that subset answers 400 with the reason."
)


def envelope(request, results: list[dict], more: bool, query) -> dict:
    """Return OData's verbose JSON envelope, with `__next` (the next page's URL) when more rows follow."""
    data: dict = {"results": results}
    if more:
        params = {k: v for k, v in request.GET.items()}
        params["$skip"] = str(query.skip + query.top)
        params["$top"] = str(query.top)
        data["__next"] = request.build_absolute_uri(request.path) + "?" + urlencode(params)
    return {"d": data}


def decisions_query(request):
    return query_parse(
        request.GET,
        filters=set(informea.DECISION_FILTERS),
        orderby=set(informea.DECISION_ORDER),
        expand=informea.DECISION_EXPAND,
    )


def decision_out(request, decision, query) -> dict:
    base = request.build_absolute_uri(reverse("api:informea_decisions"))
    link = request.build_absolute_uri(reverse("decisions:decision_detail", args=[decision.pk]))
    return informea.decision_record(decision, base=base, link=link, expand=query.expand)


@router.get(
    "/informea/Decisions",
    url_name="informea_decisions",
    description="Decisions (with $expand=paragraphs,content their current text) as InforMEA's Decision "
    "records. $filter: id, treaty, number, status (active, retired, superseded), type, "
    "meetingId; $orderby: id, number, treaty, updated, published, status. " + OPTIONS_HELP,
)
def decisions(request):
    query = decisions_query(request)
    rows, more = informea.informea_decisions(user=request.user, query=query)
    return envelope(request, [decision_out(request, d, query) for d in rows], more, query)


@router.get(
    "/informea/Decisions('{decision_id}')",
    url_name="informea_decision",
    description="One decision as an InforMEA Decision record (404 when there is none). $expand applies.",
)
def decision(request, decision_id: str):
    query = decisions_query(request)
    found = None
    if decision_id.isdigit() and len(decision_id) <= 18:
        query.filters, query.skip, query.top = [("id", decision_id)], 0, 1
        rows, _more = informea.informea_decisions(user=request.user, query=query)
        found = rows[0] if rows else None
    if found is None:
        raise NotFound(_("No decision with id %(id)s.") % {"id": decision_id[:20]})
    return {"d": decision_out(request, found, query)}


@router.get(
    "/informea/Treaties",
    url_name="informea_treaties",
    description="Conventions, agreements and protocols as InforMEA Treaty records. $filter: odataName, "
    "acronym, type; $orderby: acronym, year, odataName. " + OPTIONS_HELP,
)
def treaties(request):
    query = query_parse(
        request.GET, filters=set(informea.TREATY_FILTERS), orderby=set(informea.TREATY_ORDER), expand=set()
    )
    rows, more = informea.informea_treaties(query=query)
    base = request.build_absolute_uri(reverse("api:informea_treaties"))
    results = [
        informea.treaty_record(c, base=base, link=request.build_absolute_uri(f"/conventions/{c.acronym}/"))
        for c in rows
    ]
    return envelope(request, results, more, query)


@router.get(
    "/informea/Countries",
    url_name="informea_countries",
    description="Countries in InforMEA's country shape (code2l, code3l, name, nameOfficial) with the "
    "treaties they are party to. $filter: code2l, code3l, name; $orderby: name, code2l, "
    "code3l. " + OPTIONS_HELP,
)
def countries(request):
    query = query_parse(
        request.GET, filters=set(informea.COUNTRY_FILTERS), orderby=set(informea.COUNTRY_ORDER), expand=set()
    )
    rows, more = informea.informea_countries(query=query)
    base = request.build_absolute_uri(reverse("api:informea_countries"))
    return envelope(request, [informea.country_record(c, base=base) for c in rows], more, query)


@router.get(
    "/informea/CountryReports",
    url_name="informea_country_reports",
    description="Submitted national reports the caller may read (none for the public today: reports are read by "
    "their country's people and the convention's staff) as InforMEA CountryReport records. $filter: id, "
    "treaty, country (ISO 2 or 3); $orderby: id, submission, country, treaty. " + OPTIONS_HELP,
)
def country_reports(request):
    query = query_parse(
        request.GET, filters=set(informea.REPORT_FILTERS), orderby=set(informea.REPORT_ORDER), expand=set()
    )
    rows, more = informea.informea_country_reports(user=request.user, query=query)
    base = request.build_absolute_uri(reverse("api:informea_country_reports"))
    results = [
        informea.country_report_record(
            r, base=base, link=request.build_absolute_uri(reverse("reporting:report", args=[r.pk]))
        )
        for r in rows
    ]
    return envelope(request, results, more, query)


@router.get(
    "/informea/NationalPlans",
    url_name="informea_national_plans",
    description="National plans (NBSAPs and other frameworks of a country) the caller may read as InforMEA "
    "NationalPlan records. $filter: id, treaty, country (ISO 2 or 3), type (nbsap...); $orderby: id, country, "
    "updated, submission. " + OPTIONS_HELP,
)
def national_plans(request):
    query = query_parse(request.GET, filters=set(plans.PLAN_FILTERS), orderby=set(plans.PLAN_ORDER), expand=set())
    rows, more = plans.informea_national_plans(user=request.user, query=query)
    base = request.build_absolute_uri(reverse("api:informea_national_plans"))
    results = [plans.national_plan_record(p, base=base, link=request.build_absolute_uri(
        reverse("frameworks:framework_detail", args=[p.code]))) for p in rows]
    return envelope(request, results, more, query)


@router.get(
    "/informea/Contacts",
    url_name="informea_contacts",
    description="National focal points (liaison.contacts) as InforMEA Contact records: everyone reads names, "
    "roles and the fields made public; the country's people, its conventions' secretariats and administrators "
    "every field. $filter: id, country (ISO 2 or 3), treaty, lastName, primary; $orderby: lastName, country, "
    "updated. " + OPTIONS_HELP,
)
def contacts(request):
    query = query_parse(
        request.GET, filters=set(collections.CONTACT_FILTERS), orderby=set(collections.CONTACT_ORDER), expand=set()
    )
    rows, more, private = collections.informea_contacts(user=request.user, query=query)
    base = request.build_absolute_uri(reverse("api:informea_contacts"))
    return envelope(request, [collections.contact_out(c, base=base, private=c.pk in private) for c in rows],
                    more, query)


@router.get(
    "/informea/Meetings",
    url_name="informea_meetings",
    description="Meetings of the conventions' bodies (liaison.meetings: published ones; unpublished ones to their "
    "convention's staff) as InforMEA Meeting records; $expand=decisions adds the decisions each adopted. "
    "$filter: id, treaty, year, type (cop, mop, standing-committee, scientific-council, plenary, other), symbol; "
    "$orderby: start, end, title, updated. " + OPTIONS_HELP,
)
def meetings(request):
    query = query_parse(request.GET, filters=set(meeting_feed.MEETING_FILTERS), orderby=set(meeting_feed.MEETING_ORDER),
                        expand=meeting_feed.MEETING_EXPAND)
    rows, more = meeting_feed.informea_meetings(user=request.user, query=query)
    base = request.build_absolute_uri(reverse("api:informea_meetings"))
    decisions_base = request.build_absolute_uri(reverse("api:informea_decisions"))

    def decision_link(pk: int) -> str:
        return request.build_absolute_uri(reverse("decisions:decision_detail", args=[pk]))

    results = [
        meeting_feed.meeting_record(
            m, base=base, link=request.build_absolute_uri(reverse("meetings:detail", args=[m.slug])),
            decisions_base=decisions_base, decision_link=decision_link, expand=query.expand)
        for m in rows
    ]
    return envelope(request, results, more, query)
