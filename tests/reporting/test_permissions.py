"""Who reads and writes answers — and who is refused — through every API route and page that serves them."""

import pytest

from liaison.reporting.models import Answer, Question, QuestionLink, Report

from .conftest import CARTAGENA_STAFF, CBD_STAFF, KEN_CBD_FP, KEN_CONTRIBUTOR, UGA_CARTAGENA_FP, put

pytestmark = pytest.mark.django_db

READ_API = ["/api/reporting/reports/{id}", "/api/reporting/reports/{id}/export.json",
            "/api/reporting/reports/{id}/answers.csv"]
READ_PAGES = ["/reporting/reports/{id}/", "/reporting/reports/{id}/print/"]


def q(key):
    return Question.objects.get(questionnaire__code="cartagena-nr4", key=key)


def test_anonymous_gets_nothing(client, kenya_report):
    for url in READ_API:
        assert client.get(url.format(id=kenya_report)).status_code == 401
    for url in READ_PAGES:
        response = client.get(url.format(id=kenya_report))
        assert response.status_code == 302 and "/login" in response["Location"]
    assert put(client, kenya_report, q("Q014").pk, "implementation.none").status_code == 401
    for url in ("submit", "delegations", "reopen"):
        assert client.post(f"/api/reporting/reports/{kenya_report}/{url}").status_code == 401
    assert client.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                       content_type="application/json").status_code == 401


@pytest.mark.parametrize("roles", [UGA_CARTAGENA_FP, KEN_CONTRIBUTOR, CARTAGENA_STAFF, CBD_STAFF, KEN_CBD_FP])
def test_nobody_else_reads_a_draft(client_for, kenya_report, roles):
    # 404 rather than 403 (issue 10): a report one may not read looks the same as one that does not exist
    other = client_for(roles)
    for url in READ_API:
        response = other.get(url.format(id=kenya_report))
        assert response.status_code == 404, url
        assert "detail" in response.json()
    for url in READ_PAGES:
        assert other.get(url.format(id=kenya_report)).status_code == 404
    before = Answer.objects.filter(report_id=kenya_report).count()
    assert put(other, kenya_report, q("Q139").pk, "true").status_code == 404
    assert Answer.objects.filter(report_id=kenya_report).count() == before


def test_another_countrys_focal_point_cannot_start_or_manage_kenyas_report(client_for, kenya_report):
    uganda = client_for(UGA_CARTAGENA_FP)
    assert uganda.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                       content_type="application/json").status_code == 403
    # Kenya's draft is not Uganda's to see: managing it answers as if it did not exist (404)
    assert uganda.post(f"/api/reporting/reports/{kenya_report}/submit").status_code == 404
    assert uganda.post(f"/api/reporting/reports/{kenya_report}/delegations",
                       {"section": "Article23", "username": "kenya-contributor"},
                       content_type="application/json").status_code == 404
    assert uganda.post(f"/reporting/reports/{kenya_report}/submit/").status_code == 404
    assert Report.objects.get(pk=kenya_report).status == Report.DRAFT


def test_a_delegate_sees_and_writes_only_the_delegated_section(focal_point, client_for, user_factory, kenya_report):
    from django.test import Client

    colleague = user_factory(KEN_CONTRIBUTOR)
    focal_point.post(f"/api/reporting/reports/{kenya_report}/delegations",
                     {"section": "Articles7-10", "username": colleague.username}, content_type="application/json")
    c = Client()
    c.force_login(colleague)
    body = c.get(f"/api/reporting/reports/{kenya_report}").json()
    assert [s["key"] for s in body["sections"]] == ["Articles7-10", "Q032"]  # with its sub-section
    exported = c.get(f"/api/reporting/reports/{kenya_report}/export.json").json()
    assert {s["key"] for s in exported["sections"]} <= {"Articles7-10", "Q032"}
    csv_text = c.get(f"/api/reporting/reports/{kenya_report}/answers.csv").content.decode()
    assert "Article 2 " not in csv_text
    page = c.get(f"/reporting/reports/{kenya_report}/").content.decode()
    assert "Articles 7 to 10" in page and "Article 2 – General provisions" not in page
    printed = c.get(f"/reporting/reports/{kenya_report}/print/").content.decode()
    assert "Article 2 – General provisions" not in printed
    assert put(c, kenya_report, q("Q032_a").pk, "true").status_code == 200
    refused = put(c, kenya_report, q("Q014").pk, "implementation.none", 1)
    assert refused.status_code == 403 and "not delegated" in refused.json()["detail"]
    assert c.post(f"/api/reporting/reports/{kenya_report}/submit").status_code == 403
    assert c.post(f"/api/reporting/reports/{kenya_report}/delegations",
                  {"section": "Article2", "username": colleague.username},
                  content_type="application/json").status_code == 403


def test_delegation_only_to_people_of_the_same_country(focal_point, user_factory, kenya_report):
    stranger = user_factory(UGA_CARTAGENA_FP)
    response = focal_point.post(f"/api/reporting/reports/{kenya_report}/delegations",
                                {"section": "Article23", "username": stranger.username},
                                content_type="application/json")
    assert response.status_code == 403 and "Kenya" in response.json()["detail"]
    unknown = focal_point.post(f"/api/reporting/reports/{kenya_report}/delegations",
                               {"section": "Article23", "username": "nobody-here"}, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "username"


def test_the_secretariat_reads_submitted_reports_of_its_convention_only(client_for):
    cbd_report = Report.objects.get(country__iso3="KEN", questionnaire__code="cbd-nr7-gbf")
    assert client_for(CBD_STAFF).get(f"/api/reporting/reports/{cbd_report.pk}").status_code == 200
    assert client_for(CARTAGENA_STAFF).get(f"/api/reporting/reports/{cbd_report.pk}").status_code == 404
    assert client_for(UGA_CARTAGENA_FP).get(f"/api/reporting/reports/{cbd_report.pk}").status_code == 404


def test_link_review_is_for_the_staff_of_either_convention(client, client_for):
    link = QuestionLink.objects.filter(origin="curated", source__questionnaire__code="cartagena-nr4").first()
    url = f"/api/reporting/links/{link.pk}"
    assert client.post(url, {"status": "rejected"}, content_type="application/json").status_code == 401
    for roles in (KEN_CBD_FP, (("secretariat", "CMS")),):
        assert client_for(roles).post(url, {"status": "rejected"}, content_type="application/json").status_code == 403
    assert client_for(CBD_STAFF).post(url, {"status": "rejected"},
                                      content_type="application/json").json()["status"] == "rejected"
    page = client_for(KEN_CBD_FP).get("/reporting/links/")
    assert page.status_code == 403


def test_the_workspace_needs_a_sign_in(client):
    assert client.get("/reporting/").status_code == 302


def test_the_cbd_secretariat_serves_the_protocols_but_not_other_conventions(client_for, kenya_report):
    Report.objects.filter(pk=kenya_report).update(status=Report.SUBMITTED)
    assert client_for(CBD_STAFF).get(f"/api/reporting/reports/{kenya_report}").status_code == 200
    assert client_for(("secretariat", "CMS")).get(f"/api/reporting/reports/{kenya_report}").status_code == 404
    assert client_for(CARTAGENA_STAFF).get(
        f"/api/reporting/reports/{Report.objects.get(country__iso3='KEN', questionnaire__code='cbd-nr7-gbf').pk}"
    ).status_code == 404
