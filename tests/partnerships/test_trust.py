"""Issue 10 in partnerships: each leak found by trying it, with the test that refuses it (bad input: test_bad_input)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.catalogue.models import Organization
from liaison.partnerships.models import Activity, Contribution, Milestone, Partnership, Screening, WorkPlan

from .conftest import (
    ADMIN,
    CBD_STAFF,
    CMS_REVIEWER,
    CMS_STAFF,
    IUCN_ELC,
    KENYA_NFP,
    SYSTEM,
    WILD_MIGRATION,
    as_json,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=365), TODAY
REPORT = f"/api/reports/standing-committee?start={START}&end={END}"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


# ---- the Standing Committee report: who builds it, what it holds


@pytest.mark.parametrize("roles,code", [(None, 401), (WILD_MIGRATION, 403), (KENYA_NFP, 403), (CMS_REVIEWER, 403),
                                        (CBD_STAFF, 403), (CMS_STAFF, 200), (ADMIN, 200)])
def test_only_the_conventions_own_secretariat_builds_its_committee_report(client, client_for, roles, code):
    caller = client if roles is None else client_for(roles)
    assert caller.get(REPORT + "&convention=CMS").status_code == code
    page = caller.get(f"/partnerships/report/?convention=CMS&start={START}&end={END}&lang=en")
    assert page.status_code == (302 if roles is None else code)


def late_activity(workplan, title):
    owner = Organization.objects.get(name="Wild Migration")
    return Activity.objects.create(workplan=workplan, title=title, owner=owner, status="in_progress",
                                   start=TODAY - dt.timedelta(days=200), end=TODAY - dt.timedelta(days=20))


def test_the_report_leaves_out_unpublished_work_plans_and_contributions_not_accepted(client_for,
                                                                                    secretariat_mandates):
    from liaison.partnerships.contributions.services import contribution_create, contribution_submit

    hidden_partnership = Partnership.objects.get(slug="mou-cms-unesco")
    hidden_partnership.published = False
    hidden_partnership.save()
    late_activity(WorkPlan.objects.create(partnership=hidden_partnership, title="Secret plan"), "Secret activity")
    shown = Partnership.objects.get(slug="mou-cms-wild-migration")
    late_activity(WorkPlan.objects.create(partnership=shown, title="Draft plan", published=False), "Draft activity")
    late_activity(WorkPlan.objects.create(partnership=shown, title="Public plan"), "Public activity")
    wild = Organization.objects.get(name="Wild Migration")
    pending = contribution_create(user=SYSTEM, organization=wild, convention=shown.convention,
                                  title="Under review note", period_start=START, period_end=END, summary="x",
                                  mandates=[secretariat_mandates["7"].pk])
    contribution_submit(user=SYSTEM, contribution=pending)
    html = client_for(CMS_STAFF).get(REPORT).content.decode()
    assert "Public activity" in html
    for secret in ("Secret activity", "Secret plan", "Draft activity", "Draft plan", "Under review note"):
        assert secret not in html, secret
    assert "includes only published partnerships and work plans" in html
    page = client_for(CMS_STAFF).get(f"/partnerships/report/?start={START}&end={END}&lang=en").content.decode()
    assert "Under review note" not in page and "includes only published partnerships" in page


# ---- every convention runs its own registry, work plans, contributions and report


def test_the_cbd_secretariat_runs_its_own_registry_work_plans_contributions_and_report(client, client_for):
    cbd = client_for(CBD_STAFF)
    made = as_json(cbd, "post", "/api/partnerships", {"title": "CBD and Wild Migration", "instrument": "mou",
                                                      "organizations": ["Wild Migration"]})
    assert made.status_code == 201 and made.json()["convention"] == "CBD"  # its own convention by default
    pid = made.json()["id"]
    plan = as_json(cbd, "post", "/api/workplans", {"partnership_id": pid, "title": "CBD plan 2026"})
    assert plan.status_code == 201
    activity = as_json(cbd, "post", f"/api/workplans/{plan.json()['id']}/activities",
                       {"title": "GBF outreach", "owner": "Wild Migration", "targets": ["GBF 3"],
                        "start": str(START), "end": str(TODAY - dt.timedelta(days=5)), "status": "in_progress",
                        "currency": ""})
    assert activity.status_code == 201, activity.content
    assert as_json(client_for(CMS_STAFF), "post", f"/api/partnerships/{pid}/transition",
                   {"status": "under_negotiation"}).status_code == 403  # CMS staff do not run CBD's registry
    listed = {p["title"] for p in client.get("/api/partnerships?convention=CBD").json()["items"]}
    assert listed == {"CBD and Wild Migration"}
    assert "CBD and Wild Migration" in client.get("/partnerships/?convention=CBD").content.decode()

    partner = client_for(WILD_MIGRATION)
    draft = as_json(partner, "post", "/api/contributions", {
        "partnership_id": pid, "title": "CBD outreach report", "period_start": str(START),
        "period_end": str(END), "summary": "Outreach.", "targets": ["GBF 3"]})
    assert draft.status_code == 201 and draft.json()["convention"] == "CBD"
    cid = draft.json()["id"]
    partner.post(f"/api/contributions/{cid}/submit")
    assert as_json(client_for(CMS_STAFF), "post", f"/api/contributions/{cid}/review",
                   {"decision": "accept"}).status_code == 404
    assert "CBD outreach report" in cbd.get("/partnerships/contributions/").content.decode()  # its queue
    accepted = as_json(cbd, "post", f"/api/contributions/{cid}/review", {"decision": "accept"})
    assert accepted.json()["status"] == "accepted"
    assert "CBD outreach report" in client.get("/partnerships/contributions/?convention=CBD").content.decode()
    assert "CBD outreach report" not in client.get("/partnerships/contributions/?convention=CMS").content.decode()
    report = cbd.get(REPORT).content.decode()  # no convention given: its own
    assert "Progress report to the Standing Committee — CBD" in report
    assert "GBF outreach" in report and "CBD outreach report" in report
    page = cbd.get(f"/partnerships/report/?start={START}&end={END}&lang=en").content.decode()
    assert "— CBD" in page and "GBF outreach" in page
    assert client.get("/api/partnerships?convention=NOPE").status_code == 422


def test_a_partner_reports_to_the_convention_named_on_the_page(client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    form = {"title": "Ramsar wetlands note", "period_start": "2025-01-01", "period_end": "2025-12-31",
            "summary": "Wetlands.", "links": "", "targets": "", "mandates": [secretariat_mandates["4"].pk]}
    assert partner.post("/partnerships/contributions/new/?convention=Ramsar", form).status_code == 302
    assert Contribution.objects.get(title="Ramsar wetlands note").convention.acronym == "Ramsar"


# ---- due diligence: a company can be added, and the screenings page is in the menu


def test_a_company_not_yet_in_the_catalogue_is_registered_and_screened(client, client_for):
    staff = client_for(CMS_STAFF)
    payload = {"organization": "Vattenfall AB", "sector": "Energy", "harmful_activities": "Wind farms",
               "reputational_risk": "medium"}
    unknown = as_json(staff, "post", "/api/screenings", payload)
    assert unknown.status_code == 400 and "Unknown organization(s): Vattenfall AB" in unknown.json()["detail"]
    for roles, code in ((WILD_MIGRATION, 403), (KENYA_NFP, 403)):
        assert as_json(client_for(roles), "post", "/api/organizations/register",
                       {"name": "Vattenfall AB"}).status_code == code
    assert as_json(client, "post", "/api/organizations/register", {"name": "Vattenfall AB"}).status_code == 401
    registered = as_json(staff, "post", "/api/organizations/register",
                         {"name": "Vattenfall AB", "country": "SWE", "website": "https://group.vattenfall.com"})
    assert registered.status_code == 201 and registered.json()["kind"] == "private"
    assert registered.json()["country"] == "SWE"
    again = as_json(staff, "post", "/api/organizations/register", {"name": "vattenfall ab"})
    assert again.status_code == 400 and "already in the catalogue" in again.json()["detail"]
    assert as_json(staff, "post", "/api/screenings", payload).status_code == 201


def test_a_company_is_added_inline_on_the_screenings_page_linked_from_the_menu(client, client_for):
    staff = client_for(CMS_STAFF)
    home = staff.get("/partnerships/").content.decode()
    assert 'href="/partnerships/screenings/"' in home
    for other in (client, client_for(WILD_MIGRATION)):
        assert 'href="/partnerships/screenings/"' not in other.get("/partnerships/").content.decode()
    form = {"organization": "Ørsted A/S", "sector": "Offshore wind", "harmful_activities": "Turbines at sea",
            "reputational_risk": "low", "website": "", "country": "DNK"}
    refused = staff.post("/partnerships/screenings/", form)
    assert refused.status_code == 200 and "Unknown organization(s)" in refused.content.decode()
    done = staff.post("/partnerships/screenings/", {**form, "register": "on"})
    assert done.status_code == 302
    assert Screening.objects.get(organization__name="Ørsted A/S").organization.kind == "private"


# ---- uploads: types by their bytes, and a size limit (413 / 415)


def xlsx_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def test_uploads_are_refused_by_content_type_415_and_by_size_413(client_for, secretariat_mandates, monkeypatch):
    partner = client_for(WILD_MIGRATION)
    draft = as_json(partner, "post", "/api/contributions", {
        "title": "Uploads", "period_start": "2025-01-01", "period_end": "2025-12-31", "summary": "x",
        "mandates": [secretariat_mandates["4"].pk]}).json()
    url = f"/api/contributions/{draft['id']}/evidence"
    renamed = partner.post(url, {"file": SimpleUploadedFile("table.docx", xlsx_bytes())})
    assert renamed.status_code == 415 and "claims to be a Word (DOCX) document" in renamed.json()["detail"]
    mou = Partnership.objects.get(slug="mou-cms-cites")
    docs = f"/api/partnerships/{mou.pk}/documents"
    staff = client_for(CMS_STAFF)
    assert staff.post(docs, {"title": "x", "file": SimpleUploadedFile("a.exe", PDF)}).status_code == 415
    monkeypatch.setattr("liaison.partnerships.api.MAX_UPLOAD_BYTES", 64)
    big = partner.post(url, {"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 100)})
    assert big.status_code == 413 and "larger than" in big.json()["detail"]
    assert staff.post(docs, {"title": "x", "file": SimpleUploadedFile("big.pdf", PDF * 3)}).status_code == 413
    assert Contribution.objects.get(pk=draft["id"]).evidence.count() == 0 and mou.documents.count() == 0
    schema = partner.get("/api/openapi.json").json()
    assert "at most 20 MB" in schema["paths"][url.replace(str(draft["id"]), "{contribution_id}")]["post"][
        "description"]


def test_the_service_refuses_a_large_document_whatever_the_caller(monkeypatch):
    from liaison.core.errors import TooLarge
    from liaison.partnerships.registry.services import partnership_document_add

    monkeypatch.setattr("liaison.partnerships.registry.services.MAX_UPLOAD_BYTES", 10)
    with pytest.raises(TooLarge):
        partnership_document_add(user=SYSTEM, partnership=Partnership.objects.first(), title="x", data=PDF,
                                 name="x.pdf")


# ---- what each reader sees of unpublished work plans


def test_unpublished_work_plans_of_a_published_partnership_are_not_listed(client, client_for):
    shown = Partnership.objects.get(slug="mou-cms-wild-migration")
    WorkPlan.objects.create(partnership=shown, title="Internal draft plan", published=False)
    assert "Internal draft plan" not in str(client.get(f"/api/partnerships/{shown.pk}").json()["workplans"])
    assert "Internal draft plan" not in client.get(f"/partnerships/{shown.pk}/").content.decode()
    assert "Internal draft plan" in str(client_for(CMS_STAFF).get(f"/api/partnerships/{shown.pk}").json())


# ---- bounded queries: the staff work-plan page and the committee report at 2 and 200 rows


def rows_add(workplan, n, mandate):
    wild = Organization.objects.get(name="Wild Migration")
    iucn = Organization.objects.get(name="IUCN Environmental Law Centre")
    start = TODAY - dt.timedelta(days=100)
    made = Activity.objects.bulk_create([Activity(workplan=workplan, title=f"Row {i}", owner=wild, lead=iucn,
                                                  status="in_progress", start=start,
                                                  end=TODAY - dt.timedelta(days=10)) for i in range(n)])
    from liaison.partnerships.models import TargetLink

    TargetLink.objects.bulk_create([TargetLink(activity=a, framework_code="GBF", target_code="3") for a in made])
    Milestone.objects.bulk_create([Milestone(activity=a, title="m", due=start + dt.timedelta(days=5)) for a in made])
    for a in made:
        a.mandates.add(mandate)
        a.contributors.add(iucn)


def count_queries(client, url) -> int:
    client.get(url)  # warm: session, roles, translations
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_staff_work_plan_page_makes_as_many_queries_for_200_activities_as_for_2(
        client_for, secretariat_mandates, django_assert_num_queries):
    shown = Partnership.objects.get(slug="mou-cms-wild-migration")
    plan = WorkPlan.objects.create(partnership=shown, title="Bounded plan")
    rows_add(plan, 2, secretariat_mandates["4"])
    staff = client_for(CMS_STAFF)
    url = f"/partnerships/workplans/{plan.pk}/"
    at_two = count_queries(staff, url)
    rows_add(plan, 198, secretariat_mandates["4"])
    with django_assert_num_queries(at_two):
        body = staff.get(url).content.decode()
    assert body.count('class="g-bar') == 200 and body.count("/edit/") == 200
    assert at_two <= 20  # was 55 for 2 activities, plus 2 per added row (issue 10)


def test_the_committee_report_makes_as_many_queries_for_200_activities_as_for_2(
        client_for, secretariat_mandates, django_assert_num_queries):
    shown = Partnership.objects.get(slug="mou-cms-wild-migration")
    plan = WorkPlan.objects.create(partnership=shown, title="Bounded plan")
    rows_add(plan, 2, secretariat_mandates["4"])
    staff = client_for(CMS_STAFF)
    url = f"/partnerships/report/?start={START}&end={END}&lang=en"
    at_two = count_queries(staff, url)
    rows_add(plan, 198, secretariat_mandates["4"])
    with django_assert_num_queries(at_two):
        body = staff.get(url).content.decode()
    assert body.count("Row ") >= 200


def test_an_unpublished_partnership_is_seen_by_its_partners_members_and_its_history_by_staff(client, client_for):
    hidden = Partnership.objects.get(slug="mou-cms-wild-migration")
    hidden.published = False
    hidden.save()
    plan = WorkPlan.objects.create(partnership=hidden, title="Members' plan")
    for roles, code in ((None, 404), (IUCN_ELC, 404), (CBD_STAFF, 404), (WILD_MIGRATION, 200), (CMS_STAFF, 200)):
        caller = client if roles is None else client_for(roles)
        assert caller.get(f"/api/partnerships/{hidden.pk}").status_code == code, roles
        assert caller.get(f"/api/workplans/{plan.pk}").status_code == code, roles
    assert client_for(WILD_MIGRATION).get(f"/api/partnerships/{hidden.pk}/history").status_code == 403
    assert client_for(CMS_STAFF).get(f"/api/partnerships/{hidden.pk}/history").status_code == 200
    public = Partnership.objects.get(slug="moc-cms-fao")
    assert client.get(f"/api/partnerships/{public.pk}/history").status_code == 401  # it names people


def test_reviewers_decide_screenings_but_only_the_secretariat_opens_them(client_for):
    Organization.objects.create(name="Turbine Corp", kind="private")
    payload = {"organization": "Turbine Corp", "convention": "CMS", "sector": "Energy", "harmful_activities": "x",
               "reputational_risk": "low"}
    reviewer = client_for(CMS_REVIEWER)
    assert as_json(reviewer, "post", "/api/screenings", payload).status_code == 403
    assert reviewer.get("/api/screenings").status_code == 200
    page = reviewer.get("/partnerships/screenings/")
    assert page.status_code == 200 and "Open screening" not in page.content.decode()
    made = as_json(client_for(CMS_STAFF), "post", "/api/screenings", payload).json()
    decided = as_json(reviewer, "post", f"/api/screenings/{made['id']}/decision",
                      {"decision": "approved", "reasons": "Fine"})
    assert decided.status_code == 200 and decided.json()["decision"] == "approved"
    for roles in (WILD_MIGRATION, KENYA_NFP):
        assert client_for(roles).get("/api/screenings").status_code == 403


def test_a_reviewer_asking_to_review_a_draft_gets_409_and_an_admin_may_open_the_report_form(
        client_for, secretariat_mandates):
    partner = client_for(WILD_MIGRATION)
    c = as_json(partner, "post", "/api/contributions", {
        "title": "Still a draft", "period_start": "2025-01-01", "period_end": "2025-12-31", "summary": "x",
        "mandates": [secretariat_mandates["4"].pk]}).json()
    early = as_json(client_for(CMS_REVIEWER), "post", f"/api/contributions/{c['id']}/review", {"decision": "accept"})
    assert early.status_code == 409
    assert client_for(CMS_REVIEWER).get(f"/api/contributions/{c['id']}").status_code == 404  # still unread
    assert Contribution.objects.get(pk=c["id"]).status == "draft"
    assert client_for(ADMIN).get("/partnerships/contributions/new/").status_code == 200
