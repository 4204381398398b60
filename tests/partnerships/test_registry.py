"""The partnership registry: the seed's records, search, the lifecycle, and due diligence of companies."""

import datetime as dt

import pytest

from liaison.catalogue.models import Organization
from liaison.partnerships.models import Partnership, Screening

from .conftest import CBD_STAFF, CMS_REVIEWER, CMS_STAFF, KENYA_NFP, WILD_MIGRATION

pytestmark = pytest.mark.django_db


def test_the_seed_partnerships_are_loaded_as_stated(client):
    rows = {p["slug"]: p for p in client.get("/api/partnerships").json()["items"]}
    assert {"mou-cms-iwc", "mou-cms-unesco", "mou-cms-ramsar", "mou-cms-bern", "mou-cms-cites",
            "mou-cms-wild-migration", "mou-cms-iucn-elc", "moc-cms-fao", "jwp-cms-cites"} <= set(rows)
    assert rows["moc-cms-fao"]["status"] == "under_negotiation" and rows["moc-cms-fao"]["instrument"] == "moc"
    assert rows["jwp-cms-cites"]["instrument"] == "jwp"
    mou = rows["mou-cms-wild-migration"]
    assert mou["started_on"] is None and mou["signed_on"] is None  # the text gives no date: unknown
    assert any(d["symbol"].endswith("11.10") and d["paragraph"] == "preamble 12" for d in mou["decisions"])
    wild = next(p for p in mou["parties"] if p["name"] == "Wild Migration")
    assert wild["former_names"] == ["Migratory Wildlife Network"]


def test_a_partner_is_found_by_its_former_name(client):
    slugs = {p["slug"] for p in client.get("/api/partnerships?q=Migratory Wildlife Network").json()["items"]}
    assert slugs == {"mou-cms-wild-migration"}


def test_the_cms_cites_work_plan_has_only_what_the_seed_states(client):
    jwp = Partnership.objects.get(slug="jwp-cms-cites")
    plan = client.get(f"/api/workplans/{jwp.workplans.get().pk}").json()
    assert [a["code"] for a in plan["activities"]] == ["11.10-10", "11.10-21"]
    assert all(a["start"] is None and a["end"] is None and a["budget"] is None for a in plan["activities"])
    assert all(a["undated"] and len(a["mandates"]) == 1 for a in plan["activities"])


def test_the_lifecycle_allows_only_its_transitions_and_stamps_dates(client_for):
    staff = client_for(CMS_STAFF)
    fao = Partnership.objects.get(slug="moc-cms-fao")
    url = f"/api/partnerships/{fao.pk}/transition"
    refused = staff.post(url, {"status": "expired"}, content_type="application/json")
    assert refused.status_code == 400 and "cannot become expired" in str(refused.json()["detail"])
    signed = staff.post(url, {"status": "signed", "on": "2025-03-01"}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["signed_on"] == "2025-03-01"
    active = staff.post(url, {"status": "active", "on": "2025-04-01"}, content_type="application/json")
    assert active.json()["status"] == "active" and active.json()["started_on"] == "2025-04-01"
    early = staff.post(url, {"status": "terminated", "on": "2025-01-01"}, content_type="application/json")
    assert early.status_code == 400 and "before it starts" in str(early.json()["detail"])
    fao.refresh_from_db()
    assert fao.status == "active" and fao.ended_on is None
    history = staff.get(f"/api/partnerships/{fao.pk}/history").json()["items"]
    assert [h["changes"]["after"]["status"] for h in history[:2]] == ["active", "signed"]


@pytest.mark.parametrize("roles", [CBD_STAFF, WILD_MIGRATION, KENYA_NFP, CMS_REVIEWER])
def test_only_the_conventions_secretariat_moves_a_partnership(client_for, roles):
    fao = Partnership.objects.get(slug="moc-cms-fao")
    response = client_for(roles).post(f"/api/partnerships/{fao.pk}/transition", {"status": "signed"},
                                      content_type="application/json")
    assert response.status_code == 403
    fao.refresh_from_db()
    assert fao.status == "under_negotiation"


def test_anonymous_cannot_register_or_move_partnerships(client):
    assert client.post("/api/partnerships", {}, content_type="application/json").status_code == 401
    assert client.post("/api/partnerships/1/transition", {"status": "signed"},
                       content_type="application/json").status_code == 401


def new_partnership(client, **extra):
    payload = {"title": "Flyway data partnership", "instrument": "mou", "organizations": ["Wild Migration"],
               **extra}
    return client.post("/api/partnerships", payload, content_type="application/json")


def test_registering_a_partnership_checks_dates_and_organizations(client_for, seed_decision):
    staff = client_for(CMS_STAFF)
    before = Partnership.objects.count()
    bad = new_partnership(staff, started_on="2025-05-01", ended_on="2025-01-01")
    assert bad.status_code == 400 and "ends (2025-01-01) before it starts" in str(bad.json()["detail"])
    unknown = new_partnership(staff, organizations=["No Such Org"])
    assert unknown.status_code == 400 and "No Such Org" in str(unknown.json()["detail"])
    assert Partnership.objects.count() == before
    ok = new_partnership(staff, decisions=[{"decision_id": seed_decision.pk, "relation": "requests",
                                            "paragraph": "4"}])
    assert ok.status_code == 201 and ok.json()["status"] == "proposed"
    assert ok.json()["decisions"][0]["paragraph"] == "4"
    assert client_for(CBD_STAFF).post("/api/partnerships", {"title": "x" * 5, "instrument": "mou", "convention": "CMS",
                                                            "organizations": ["Wild Migration"]},
                                      content_type="application/json").status_code == 403


@pytest.fixture
def company_partnership(client_for):
    Organization.objects.create(name="Flyway Logistics Ltd", kind="private")
    response = new_partnership(client_for(CMS_STAFF), title="Private flyway sponsorship", status="under_negotiation",
                               organizations=["Flyway Logistics Ltd"])
    partnership = Partnership.objects.get(pk=response.json()["id"])
    partnership.status = Partnership.SIGNED
    partnership.save()
    return partnership


def test_a_company_partnership_cannot_become_active_without_an_approved_screening(client_for, company_partnership):
    staff = client_for(CMS_STAFF)
    url = f"/api/partnerships/{company_partnership.pk}/transition"
    blocked = staff.post(url, {"status": "active"}, content_type="application/json")
    assert blocked.status_code == 400 and "Flyway Logistics Ltd" in str(blocked.json()["detail"])
    opened = staff.post("/api/screenings", {"organization": "Flyway Logistics Ltd", "sector": "Air freight",
                                            "harmful_activities": "Night flights over stopover sites",
                                            "reputational_risk": "medium"}, content_type="application/json")
    assert opened.status_code == 201 and opened.json()["decision"] == "pending"
    assert staff.post(url, {"status": "active"}, content_type="application/json").status_code == 400
    screening = opened.json()["id"]
    rejected = client_for(CMS_REVIEWER).post(f"/api/screenings/{screening}/decision",
                                             {"decision": "rejected", "reasons": "Unmitigated collision risk"},
                                             content_type="application/json")
    assert rejected.json()["decision"] == "rejected" and rejected.json()["reasons"]
    assert staff.post(url, {"status": "active"}, content_type="application/json").status_code == 400
    Screening.objects.filter(pk=screening).update(decision="pending")
    client_for(CMS_REVIEWER).post(f"/api/screenings/{screening}/decision",
                                  {"decision": "approved", "reasons": "Mitigation plan agreed"},
                                  content_type="application/json")
    assert staff.post(url, {"status": "active"}, content_type="application/json").json()["status"] == "active"


def test_screening_is_refused_to_partners_and_other_secretariats_and_needs_reasons(client_for):
    Organization.objects.create(name="Windpark GmbH", kind="private")
    payload = {"organization": "Windpark GmbH", "sector": "Energy", "harmful_activities": "Turbines",
               "reputational_risk": "high", "convention": "CMS"}
    for roles in (WILD_MIGRATION, CBD_STAFF, KENYA_NFP):
        assert client_for(roles).post("/api/screenings", payload, content_type="application/json").status_code == 403
    assert client_for(WILD_MIGRATION).get("/api/screenings").status_code == 403  # due diligence is staff work
    staff = client_for(CMS_STAFF)
    ngo = staff.post("/api/screenings", {**payload, "organization": "Wild Migration"},
                     content_type="application/json")
    assert ngo.status_code == 400 and "not a private-sector" in str(ngo.json()["detail"])
    made = staff.post("/api/screenings", payload, content_type="application/json").json()
    no_reason = staff.post(f"/api/screenings/{made['id']}/decision", {"decision": "approved", "reasons": " "},
                           content_type="application/json")
    assert no_reason.status_code == 400
    assert client_for(WILD_MIGRATION).post(f"/api/screenings/{made['id']}/decision",
                                           {"decision": "approved", "reasons": "ok"},
                                           content_type="application/json").status_code == 404  # never public
    assert Screening.objects.get(pk=made["id"]).decision == "pending"


def test_terminated_is_final(client_for):
    staff = client_for(CMS_STAFF)
    bern = Partnership.objects.get(slug="mou-cms-bern")
    url = f"/api/partnerships/{bern.pk}/transition"
    assert staff.post(url, {"status": "terminated", "on": str(dt.date.today())},
                      content_type="application/json").status_code == 200
    again = staff.post(url, {"status": "active"}, content_type="application/json")
    assert again.status_code == 400 and "final" in str(again.json()["detail"])


def test_loading_again_keeps_what_the_secretariat_changed_and_adds_nothing(client_for):
    from django.conf import settings

    from liaison.core.loading import LoadReport
    from liaison.partnerships.loaders import partnerships_load
    from liaison.partnerships.models import Activity, Event

    fao = Partnership.objects.get(slug="moc-cms-fao")
    client_for(CMS_STAFF).post(f"/api/partnerships/{fao.pk}/transition", {"status": "signed", "on": "2025-02-01"},
                               content_type="application/json")
    counts = (Partnership.objects.count(), Activity.objects.count(), Event.objects.count(),
              Organization.objects.count())
    partnerships_load(data_dir=settings.DATA_DIR, report=LoadReport())
    fao.refresh_from_db()
    assert fao.status == "signed" and str(fao.signed_on) == "2025-02-01"
    assert (Partnership.objects.count(), Activity.objects.count(), Event.objects.count(),
            Organization.objects.count()) == counts


def test_a_malformed_data_file_names_the_row(tmp_path):
    from liaison.core.loading import DataFileError, LoadReport
    from liaison.partnerships.loaders import partnerships_load

    (tmp_path / "partnerships").mkdir()
    (tmp_path / "partnerships" / "partnerships.yaml").write_text(
        'decision: {convention: CMS, kind: resolution, number: "11.10"}\n'
        "organizations: [{key: cms, secretariat_of: CMS}]\n"
        "partnerships: [{slug: x, title: X, instrument: treaty, status: active, parties: [cms]}]\n")
    with pytest.raises(DataFileError, match="partnerships 1: unknown instrument 'treaty'"):
        partnerships_load(data_dir=tmp_path, report=LoadReport())
