"""The InforMEA-compatible read API: record shapes as InforMEA's OData fixtures, and each OData option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "data" / "informea_melish" / "odata_api_samples_synthetic"
TEXT = (
    "RESOLUTION 14.95\nDraft text\nThe Conference of the Parties to the Convention on the Conservation of "
    "Migratory Species of Wild Animals\n1. Requests the Secretariat to report on the flyways by 2026;\n"
)


def get(client, path: str, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()["d"]


def test_decisions_have_the_fields_of_informea_decisions(client):
    fixture = json.loads((FIXTURES / "v3_Decisions.json").read_text(encoding="utf-8"))["d"]["results"][0]
    [record] = get(client, "/api/informea/Decisions", **{"$filter": "treaty eq 'cms' and number eq '11.10'"})[
        "results"
    ]
    assert set(fixture) <= set(record)  # every field InforMEA's Decision record has
    assert record["treaty"] == "cms" and record["number"] == "11.10" and record["status"] == "active"
    assert record["__metadata"]["type"] == "Decision"
    assert record["title"] == [
        {"__metadata": {"type": "LocalizableString"}, "language": "en", "value": "Synergies and Partnerships"}
    ]
    assert record["published"].startswith("/Date(") and record["link"].endswith(f"/decisions/{record['id']}/")
    assert "paragraphs" not in record and record["content"] == []
    one = get(client, f"/api/informea/Decisions('{record['id']}')")
    assert one["number"] == "11.10"
    assert client.get("/api/informea/Decisions('999999999')").status_code == 404
    assert client.get("/api/informea/Decisions('x')").status_code == 404


def test_expand_gives_the_paragraphs_and_the_text(client):
    [record] = get(
        client,
        "/api/informea/Decisions",
        **{"$filter": "treaty eq 'cms' and number eq '11.10'", "$expand": "paragraphs,content"},
    )["results"]
    kinds = [p["kind"] for p in record["paragraphs"]]
    assert kinds[0] == "preamble" and "operative" in kinds
    assert kinds == sorted(kinds, key=["preamble", "operative", "annex"].index)
    operative = next(p for p in record["paragraphs"] if p["kind"] == "operative")
    assert operative["decisionId"] == record["id"] and operative["content"][0]["language"] == "en"
    assert operative["content"][0]["value"] in record["content"][0]["value"]


def test_top_skip_and_next_link_page_through(client):
    first = get(client, "/api/informea/Decisions", **{"$top": "3", "$orderby": "id"})
    assert len(first["results"]) == 3
    assert "%24skip=3" in first["__next"] and "%24top=3" in first["__next"]
    second = get(client, first["__next"].replace("http://testserver", ""))
    assert [r["id"] for r in second["results"]] == [
        r["id"]
        for r in get(client, "/api/informea/Decisions", **{"$top": "6", "$orderby": "id"})["results"][3:]
    ]
    everything = get(client, "/api/informea/Treaties", **{"$top": "500"})
    assert "__next" not in everything


def test_orderby_and_status_filter(client):
    numbers = [
        r["number"]
        for r in get(
            client,
            "/api/informea/Decisions",
            **{"$filter": "treaty eq 'cms'", "$orderby": "number desc", "$top": "50"},
        )["results"]
    ]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 1
    active = get(client, "/api/informea/Decisions", **{"$filter": "status eq 'active'", "$top": "500"})[
        "results"
    ]
    assert active and {r["status"] for r in active} == {"active"}


def test_treaties_and_countries(client):
    [cbd] = get(client, "/api/informea/Treaties", **{"$filter": "odataName eq 'cbd'"})["results"]
    assert cbd["acronym"] == "CBD" and cbd["title"][0]["value"] == "Convention on Biological Diversity"
    [nagoya] = get(client, "/api/informea/Treaties", **{"$filter": "acronym eq 'Nagoya'"})["results"]
    assert nagoya["parent"] == "cbd"
    countries_fixture = json.loads(
        (Path(FIXTURES).parent / "informea_countries.json").read_text(encoding="utf-8")
    )
    [kenya] = get(client, "/api/informea/Countries", **{"$filter": "code3l eq 'KEN'"})["results"]
    assert {"code2l", "code3l", "name", "nameOfficial", "countryNames"} <= set(countries_fixture[0]) & set(
        kenya
    )
    assert kenya["code2l"] == "KE" and "cbd" in kenya["treaties"]
    names = [
        c["name"]
        for c in get(client, "/api/informea/Countries", **{"$orderby": "name desc", "$top": "5"})["results"]
    ]
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"$filter": "secret eq 1"}, "cannot use 'secret'"),
        ({"$filter": "number ne '11.10'"}, "only the operator"),
        ({"$filter": "number eq '11.10' or number eq '1'"}, 'only with "and"'),
        ({"$filter": "number eq '11.10"}, "cannot be read"),
        ({"$filter": "number eq"}, "comparisons"),
        ({"$filter": "number eq '1'; DROP TABLE decisions_decision"}, "cannot be read"),
        ({"$filter": "id eq 'x'"}, "whole number"),
        ({"$filter": "substringof('a', title)"}, "cannot be read"),
        ({"$orderby": "title"}, "cannot use 'title'"),
        ({"$orderby": "number sideways"}, "asc|desc"),
        ({"$top": "501"}, "at most 500"),
        ({"$top": "-1"}, "whole number"),
        ({"$skip": "x"}, "whole number"),
        ({"$expand": "mandates"}, "cannot expand"),
        ({"$format": "xml"}, "json"),
        ({"$search": "x"}, "not supported"),
    ],
)
def test_bad_options_answer_400_with_the_reason(client, params, message):
    response = client.get("/api/informea/Decisions", params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_draft_batch_is_never_listed(client):
    from liaison.core.actors import system_actor
    from liaison.decisions.batches import batch_create, batch_publish

    actor = system_actor("test")
    batch = batch_create(user=actor, files=[("res-14.95.txt", TEXT.encode())], convention="CMS")
    query = {"$filter": "treaty eq 'cms' and number eq '14.95'"}
    assert get(client, "/api/informea/Decisions", **query)["results"] == []
    batch_publish(user=actor, batch=batch)
    assert [r["number"] for r in get(client, "/api/informea/Decisions", **query)["results"]] == ["14.95"]


def test_country_reports_list_only_submitted_reports_the_reader_may_read(client, client_for):
    from django.utils import timezone

    from liaison.catalogue.models import Country
    from liaison.reporting.models import Questionnaire, Report

    questionnaire = Questionnaire.objects.filter(convention__acronym="Cartagena").first()
    kenya, uganda = Country.objects.get(iso3="KEN"), Country.objects.get(iso3="UGA")
    submitted, _ = Report.objects.update_or_create(
        questionnaire=questionnaire,
        country=kenya,
        defaults={"status": Report.SUBMITTED, "submitted_at": timezone.now(), "is_demo": False},
    )
    draft, _ = Report.objects.update_or_create(
        questionnaire=questionnaire,
        country=uganda,
        defaults={"status": Report.DRAFT, "submitted_at": None, "is_demo": False},
    )
    query = {"$filter": "treaty eq 'cartagena'", "$top": "500"}
    focal_point = client_for(("focal_point", "Cartagena", "KEN"))
    records = get(focal_point, "/api/informea/CountryReports", **query)["results"]
    assert [r["id"] for r in records if r["id"] in (str(submitted.pk), str(draft.pk))] == [str(submitted.pk)]
    [record] = [r for r in records if r["id"] == str(submitted.pk)]
    assert (
        record["country"] == "KE"
        and record["treaty"] == "cartagena"
        and record["submission"].startswith("/Date(")
    )
    assert record["title"][0]["value"].startswith("Kenya - ")
    staff = client_for(("secretariat", "Cartagena"))
    ids = [r["id"] for r in get(staff, "/api/informea/CountryReports", **query)["results"]]
    assert str(submitted.pk) in ids and str(draft.pk) not in ids  # a draft is never listed
    assert get(client, "/api/informea/CountryReports", **query)["results"] == []  # the public reads no report
    other = client_for(("focal_point", "Cartagena", "UGA"))
    assert str(submitted.pk) not in [
        r["id"] for r in get(other, "/api/informea/CountryReports", **query)["results"]
    ]
