"""Partner contributions (journey 4): draft, evidence, submit, returned once, accepted, consolidated view."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liaison.partnerships.models import Contribution, Evidence

from .conftest import CBD_STAFF, CMS_REVIEWER, CMS_STAFF, IUCN_ELC, KENYA_NFP, WILD_MIGRATION

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Evidence")
    doc.save(buffer)
    return buffer.getvalue()


def draft(client, mandates, **extra):
    payload = {"title": "Wild Migration 2025: civil-society engagement", "period_start": "2025-01-01",
               "period_end": "2025-12-31", "summary": "Convened CSO partners; published a reporting guide.",
               "links": ["https://example.org/wild-migration-2025"], "mandates": mandates, "targets": ["SPMS 9"],
               **extra}
    return client.post("/api/contributions", payload, content_type="application/json")


def upload(client, contribution_id, name, data):
    return client.post(f"/api/contributions/{contribution_id}/evidence", {"file": SimpleUploadedFile(name, data)})


def test_journey_4_reported_returned_once_then_accepted_and_consolidated(client, client_for, secretariat_mandates):
    partner, reviewer, staff = client_for(WILD_MIGRATION), client_for(CMS_REVIEWER), client_for(CMS_STAFF)
    two = [secretariat_mandates["4"].pk, secretariat_mandates["6"].pk]
    made = draft(partner, two)
    assert made.status_code == 201, made.content
    c = made.json()
    assert c["organization"] == "Wild Migration" and c["status"] == "draft"
    assert sorted(c["mandates"]) == sorted(two) and c["targets"][0]["label"] == "SPMS Target 9"
    assert upload(partner, c["id"], "evidence.pdf", PDF).status_code == 201
    assert client.get(f"/api/contributions/{c['id']}").status_code == 404  # a draft is not public
    assert reviewer.get(f"/api/contributions/{c['id']}").status_code == 404  # reviewers see it once submitted
    assert staff.get(f"/api/contributions/{c['id']}").status_code == 200  # the convention's secretariat does
    assert client_for(CBD_STAFF).get(f"/api/contributions/{c['id']}").status_code == 404
    assert client_for(IUCN_ELC).get(f"/api/contributions/{c['id']}").status_code == 404
    assert staff.patch(f"/api/contributions/{c['id']}", {"summary": "x"},
                       content_type="application/json").status_code == 403  # reads, never writes a partner's report
    assert partner.post(f"/api/contributions/{c['id']}/submit").json()["status"] == "submitted"
    assert partner.post(f"/api/contributions/{c['id']}/review", {"decision": "accept"},
                        content_type="application/json").status_code == 403
    no_comment = reviewer.post(f"/api/contributions/{c['id']}/review", {"decision": "return"},
                               content_type="application/json")
    assert no_comment.status_code == 400 and "comment" in no_comment.json()["detail"]
    returned = reviewer.post(f"/api/contributions/{c['id']}/review",
                             {"decision": "return", "comment": "Which CSOs took part?"},
                             content_type="application/json")
    assert returned.json()["status"] == "returned"
    assert partner.get(f"/api/contributions/{c['id']}").json()["reviews"][0]["comment"] == "Which CSOs took part?"
    edited = partner.patch(f"/api/contributions/{c['id']}", {"summary": "Convened 14 CSOs (list attached)."},
                           content_type="application/json")
    assert edited.status_code == 200
    assert partner.post(f"/api/contributions/{c['id']}/submit").json()["status"] == "submitted"
    accepted = staff.post(f"/api/contributions/{c['id']}/review", {"decision": "accept"},
                          content_type="application/json").json()
    assert accepted["status"] == "accepted" and [r["decision"] for r in accepted["reviews"]] == ["return", "accept"]
    public = client.get("/api/contributions").json()["items"]
    assert c["id"] in {x["id"] for x in public}
    page = client.get("/partnerships/contributions/").content.decode()
    assert "Wild Migration 2025: civil-society engagement" in page and "SPMS Target 9" in page
    assert partner.patch(f"/api/contributions/{c['id']}", {"summary": "late edit"},
                         content_type="application/json").status_code == 403
    status = {r["organization"]: r["state"] for r in client.get("/api/partnerships/reporting-status").json()["items"]}
    assert status["Wild Migration"] == "reported" and status["IUCN Environmental Law Centre"] == "never"


@pytest.mark.parametrize("name,data,message", [
    ("evidence.pdf", b"<html>not a pdf</html>", "claims to be a PDF but its content is not a file type"),
    ("report.docx", b"PK\x03\x04" + b"\x00" * 40, "claims to be a Word (DOCX) document"),
    ("photo.jpg", PNG, "claims to be a JPEG image but its content is a PNG image"),
    ("script.exe", PDF, "none of these"),
    ("empty.pdf", b"", "empty"),
])
def test_evidence_that_is_not_what_it_claims_is_refused(client_for, secretariat_mandates, name, data, message):
    partner = client_for(WILD_MIGRATION)
    c = draft(partner, [secretariat_mandates["4"].pk]).json()
    response = upload(partner, c["id"], name, data)
    assert response.status_code == (400 if name == "empty.pdf" else 415)  # 415: the content is not accepted
    assert message in response.json()["detail"]
    assert not Evidence.objects.filter(contribution_id=c["id"]).exists()


def test_real_docx_png_and_jpeg_evidence_is_accepted(client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    c = draft(partner, [secretariat_mandates["4"].pk]).json()
    kinds = [upload(partner, c["id"], n, d).json()["kind"] for n, d in
             (("minutes.docx", docx_bytes()), ("map.png", PNG), ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20))]
    assert kinds == ["docx", "png", "jpeg"]


def test_bad_contributions_are_refused_and_nothing_is_saved(client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    before = Contribution.objects.count()
    backwards = draft(partner, [], period_start="2025-12-31", period_end="2025-01-01")
    assert backwards.status_code == 400 and "before it starts" in backwards.json()["detail"]
    assert draft(partner, [], targets=["SPMS 17"]).status_code == 400
    assert draft(partner, [], links=["ftp://x"]).status_code == 400
    assert draft(partner, [424242]).status_code == 400
    assert Contribution.objects.count() == before
    empty = draft(partner, [], targets=[]).json()
    refused = partner.post(f"/api/contributions/{empty['id']}/submit")
    assert refused.status_code == 400 and "which mandates" in refused.json()["detail"]


def test_partners_report_only_for_their_own_organization(client_for, secretariat_mandates):
    other = draft(client_for(IUCN_ELC), [secretariat_mandates["4"].pk], organization="Wild Migration")
    assert other.status_code == 403
    assert draft(client_for(KENYA_NFP), [secretariat_mandates["4"].pk]).status_code == 400  # no organization
    assert draft(client_for(KENYA_NFP), [secretariat_mandates["4"].pk],
                 organization="Wild Migration").status_code == 403


def test_who_sees_and_reviews_a_submitted_report(client, client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    c = draft(partner, [secretariat_mandates["4"].pk]).json()
    partner.post(f"/api/contributions/{c['id']}/submit")
    url = f"/api/contributions/{c['id']}"
    assert client.get(url).status_code == 404
    assert client_for(IUCN_ELC).get(url).status_code == 404
    assert client_for(CBD_STAFF).get(url).status_code == 404
    assert client_for(CMS_REVIEWER).get(url).status_code == 200
    assert c["id"] not in {x["id"] for x in client_for(IUCN_ELC).get("/api/contributions").json()["items"]}
    for roles in (IUCN_ELC, CBD_STAFF, KENYA_NFP):  # they cannot see it: "missing" and "not yours" look alike
        response = client_for(roles).post(f"{url}/review", {"decision": "accept"}, content_type="application/json")
        assert response.status_code == 404
    own = partner.post(f"{url}/review", {"decision": "accept"}, content_type="application/json")
    assert own.status_code == 403  # the partner sees its report but may not review it
    assert Contribution.objects.get(pk=c["id"]).status == "submitted"


def test_reporting_states_follow_the_sdg_registry_rule():
    from liaison.partnerships.contributions.selectors import reporting_state

    today = dt.date(2026, 6, 1)
    assert reporting_state(None, today=today) == "never"
    assert reporting_state(dt.date(2025, 7, 1), today=today) == "reported"
    assert reporting_state(dt.date(2025, 1, 1), today=today) == "late"
    assert reporting_state(dt.date(2024, 1, 1), today=today) == "inactive"


def test_an_old_report_makes_a_partner_late(client, client_for, secretariat_mandates):
    partner = client_for(IUCN_ELC)
    c = draft(partner, [secretariat_mandates["4"].pk]).json()
    partner.post(f"/api/contributions/{c['id']}/submit")
    Contribution.objects.filter(pk=c["id"]).update(submitted_at=timezone.now() - dt.timedelta(days=500))
    status = {r["organization"]: r["state"] for r in client.get("/api/partnerships/reporting-status").json()["items"]}
    assert status["IUCN Environmental Law Centre"] == "late"


def test_journey_4_through_the_pages(client, client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    form = {"title": "Flyway outreach 2025", "period_start": "2025-01-01", "period_end": "2025-12-31",
            "summary": "Workshops.", "links": "https://example.org/a", "targets": "SPMS 9",
            "mandates": [secretariat_mandates["4"].pk, secretariat_mandates["6"].pk]}
    bad = partner.post("/partnerships/contributions/new/", {**form, "targets": "SPMS 42"})
    assert bad.status_code == 200 and "SPMS has no target" in bad.content.decode()
    created = partner.post("/partnerships/contributions/new/", form)
    assert created.status_code == 302
    url = created["Location"]
    fake = partner.post(url, {"action": "evidence", "file": SimpleUploadedFile("e.pdf", b"GIF89a")})
    assert "claims to be a PDF" in fake.content.decode()
    partner.post(url, {"action": "evidence", "file": SimpleUploadedFile("e.pdf", PDF)})
    partner.post(url, {"action": "submit"})
    assert client_for(IUCN_ELC).post(url, {"action": "review", "decision": "accept"}).status_code == 404  # unseen
    assert partner.post(url, {"action": "review", "decision": "accept"}).status_code == 403
    reviewer = client_for(CMS_REVIEWER)
    reviewer.post(url, {"action": "review", "decision": "return", "comment": "Which workshops?"})
    partner.post(url, {"action": "submit"})
    reviewer.post(url, {"action": "review", "decision": "accept"})
    contribution = Contribution.objects.get(title="Flyway outreach 2025")
    assert contribution.status == "accepted" and contribution.evidence.count() == 1
    assert "Flyway outreach 2025" in client.get("/partnerships/contributions/").content.decode()


def test_evidence_is_served_only_to_those_who_may_read_the_report(client, client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    c = draft(partner, [secretariat_mandates["4"].pk]).json()
    evidence = upload(partner, c["id"], "evidence.pdf", PDF).json()
    url = f"/partnerships/contributions/{c['id']}/evidence/{evidence['id']}/"
    assert client.get(url).status_code == 404
    assert client_for(IUCN_ELC).get(url).status_code == 404
    mine = partner.get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    assert b"".join(mine.streaming_content).startswith(b"%PDF")
    Contribution.objects.filter(pk=c["id"]).update(status="accepted")
    assert client.get(url).status_code == 200
