"""Issue 11: the messages raised inside services, permission gateways and API handlers answer in the caller's
language (Accept-Language), not only the generic details of the error shape. Each case goes through the API and
checks that the refused write changed nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
KENYA_CMS_FP = (Role.FOCAL_POINT, "CMS", "KEN")
KENYA_CARTAGENA_FP = (Role.FOCAL_POINT, "Cartagena", "KEN")

PLAN_CSV = """level,code,parent,type,title.en,text.en
framework,ZZ-I18N-PLAN,,nbsap,A plan of no country,
goal,A,,,Ecosystems,Protect ecosystems
target,A1,A,,,Wetlands are restored
"""


@pytest.mark.parametrize(("lang", "detail"), [
    ("fr", "Le partenariat se termine (2025-01-01) avant de commencer (2025-05-01)."),
    ("es", "La asociación termina (2025-01-01) antes de empezar (2025-05-01)."),
    ("en", "The partnership ends (2025-01-01) before it starts (2025-05-01)."),
])
def test_a_partnership_refused_by_its_service_is_explained_in_the_callers_language(client_for, lang, detail):
    from liaison.partnerships.models import Partnership

    answer = client_for(CMS_STAFF).post("/api/partnerships", {
        "title": "Flyway partnership (i18n)", "instrument": "mou", "organizations": ["Wild Migration"],
        "started_on": "2025-05-01", "ended_on": "2025-01-01"},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)
    assert answer.status_code == 400, answer.content
    assert answer.json()["detail"] == detail
    assert not Partnership.objects.filter(title="Flyway partnership (i18n)").exists()


def test_an_unknown_partner_organization_is_named_in_french(client_for):
    answer = client_for(CMS_STAFF).post("/api/partnerships", {
        "title": "Partnership with nobody", "instrument": "mou", "organizations": ["No Such Organization"]},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 400
    assert answer.json()["detail"] == "Organisation(s) inconnue(s) : No Such Organization."


def test_a_framework_import_problem_is_reported_in_french_and_nothing_is_stored(client_for):
    from liaison.frameworks.models import Framework

    answer = client_for(CMS_STAFF).post(
        "/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", PLAN_CSV.encode()), "country": "ZZZ"},
        HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["detail"] == "1 problème dans le fichier ; rien n'a été importé."
    assert body["errors"] == [{"field": "country", "message": "ligne 0 : pays inconnu : 'ZZZ'"}]
    assert not Framework.objects.filter(code="ZZ-I18N-PLAN").exists()


def test_report_answers_missing_at_submission_are_listed_in_french(client_for, cycles_open):
    from liaison.reporting.models import Report

    focal_point = client_for(KENYA_CARTAGENA_FP)
    opened = focal_point.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                              content_type="application/json")
    assert opened.status_code == 201, opened.content
    report_id = opened.json()["id"]
    submitted = focal_point.post(f"/api/reporting/reports/{report_id}/submit", HTTP_ACCEPT_LANGUAGE="fr")
    assert submitted.status_code == 422, submitted.content
    body = submitted.json()
    n = len(body["missing"])
    assert n > 1
    assert body["detail"] == f"{n} réponses manquent ou ne sont pas valides."
    assert {e["message"] for e in body["errors"]} == {"Une réponse est obligatoire."}
    assert Report.objects.get(pk=report_id).status != Report.SUBMITTED

    delegated = focal_point.post(f"/api/reporting/reports/{report_id}/delegations",
                                 {"section": "no-such-section", "username": "nobody"},
                                 content_type="application/json", HTTP_ACCEPT_LANGUAGE="es")
    assert delegated.status_code == 422
    assert delegated.json()["detail"] == "No hay ninguna sección 'no-such-section' en este informe."
    assert delegated.json()["errors"] == [{"field": "section", "message": "la sección no existe"}]


def test_a_permission_gateway_refusal_comes_in_french(client_for):
    from liaison.overlap.models import OverlapRun

    before = OverlapRun.objects.count()
    answer = client_for(KENYA_CMS_FP).post("/api/overlap/runs", {}, content_type="application/json",
                                           HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 403, answer.content
    assert answer.json()["detail"] == "Seul le personnel du secrétariat peut recalculer le rapport de chevauchements."
    assert OverlapRun.objects.count() == before


@pytest.mark.parametrize(("lang", "detail"), [
    ("fr", "Aucune convention ayant pour sigle 'NOPE'."),
    ("es", "No existe ninguna convención con la sigla 'NOPE'."),
])
def test_a_selector_not_found_names_the_missing_object_in_the_callers_language(client, lang, detail):
    answer = client.get("/api/conventions/NOPE", HTTP_ACCEPT_LANGUAGE=lang)
    assert answer.status_code == 404
    assert answer.json()["detail"] == detail


def test_the_guard_that_runs_before_the_locale_middleware_answers_in_french(client):
    # NulCharacterGuard refuses before LocaleMiddleware has activated the caller's language
    answer = client.get("/api/conventions?q=a%00b", HTTP_ACCEPT_LANGUAGE="fr")
    assert answer.status_code == 400
    assert answer.content.decode() == "L'adresse contient un caractère NUL, que Liaison n'accepte pas."
    typed = client.post("/api/partnerships", '{"title": "a\\u0000b"}', content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE="es")
    assert typed.status_code == 400
    assert typed.json() == {"detail": "Un valor contiene un carácter NUL, que Liaison no acepta.", "errors": []}
