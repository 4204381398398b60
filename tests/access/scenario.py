"""The world the authorization matrix is checked in: one object of every kind, and people on both sides of it.

Every object belongs to a side: Kenya (not Uganda), Wild Migration (not IUCN ELC), the CMS and Cartagena
secretariats (not Ramsar's). The objects are made the way people make them, through the API, so the matrix
checks the same rules a real user meets.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liaison.accounts.loaders import role_ensure
from liaison.accounts.models import Role

# role name -> the roles that person holds; the columns of the matrix, in its order
PEOPLE: dict[str, list[tuple]] = {
    "anonymous": [],
    "focal_point": [(Role.FOCAL_POINT, c, "KEN") for c in ("CBD", "CMS", "Cartagena")],
    "focal_point_other": [(Role.FOCAL_POINT, c, "UGA") for c in ("CBD", "CMS", "Cartagena")],
    "contributor": [(Role.CONTRIBUTOR, "Cartagena", "KEN")],
    "contributor_undelegated": [(Role.CONTRIBUTOR, "Cartagena", "KEN")],
    "partner": [(Role.PARTNER, None, None, "Wild Migration")],
    "partner_other": [(Role.PARTNER, None, None, "IUCN Environmental Law Centre")],
    "reviewer": [(Role.REVIEWER, "CMS"), (Role.REVIEWER, "Cartagena")],
    "secretariat": [(Role.SECRETARIAT, "CMS"), (Role.SECRETARIAT, "Cartagena")],
    "secretariat_other": [(Role.SECRETARIAT, "Ramsar")],
    "admin": [(Role.ADMIN,)],
}

PLAN_CSV = """level,code,parent,type,title.en,text.en
framework,KE-MATRIX-2030,,nbsap,Kenya plan (unpublished),
goal,A,,,Ecosystems,Protect and restore Kenya's ecosystems
target,A1,A,,,"By 2030, 30 per cent of land and sea areas are conserved through protected areas"
target,A2,A,,,"Migratory birds and their flyways are protected from bycatch, poisoning and power lines"
indicator,A1.1,A1,,,"Share of land and sea areas conserved"
"""

# a real, minimal PDF: what evidence and attachments must be
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@dataclass
class Scenario:
    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)

    def client(self, person: str) -> Client:
        client = Client()
        if person != "anonymous":
            client.force_login(self.users[person])
        return client


def _ok(response, *codes):
    assert response.status_code in (codes or (200, 201)), (response.status_code, response.content[:500])
    return response.json() if response.get("Content-Type", "").startswith("application/json") else None


def scenario_build() -> Scenario:
    """Create the people and one object of every kind; return their ids for the matrix's URLs."""
    from liaison.decisions.models import Decision, Mandate
    from liaison.frameworks.models import Indicator, Link, Target
    from liaison.reporting.models import Question, Questionnaire, ReopenRequest, Report, Snapshot

    s = Scenario()
    User = get_user_model()
    for person, roles in PEOPLE.items():
        if person == "anonymous":
            continue
        user = User.objects.create_user(f"m-{person}", password="pw-matrix-123")
        if person == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        for role in roles:
            kind, acronym, iso3, org = (list(role) + [None, None, None])[:4]
            role_ensure(user, kind, acronym, iso3, org)
        s.users[person] = user
    ids = s.ids
    staff, fp, partner = s.client("secretariat"), s.client("focal_point"), s.client("partner")

    # decisions: the seed resolution and one of its Secretariat's mandates
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    ids["decision"] = decision.pk
    ids["mandate"] = Mandate.objects.filter(decision=decision).order_by("pk").values_list("pk", flat=True).first()
    ids["mandate_evidence"] = _ok(staff.post(f"/api/mandates/{ids['mandate']}/evidence", {
        "file": SimpleUploadedFile("evidence.pdf", PDF, "application/pdf")}), 201)["id"]
    # a DRAFT batch of one new CMS text, read by CMS staff (nothing of it is public until published); 202: parsed
    # by the background worker (in-process in tests, so it is a draft already)
    ids["batch"] = _ok(staff.post("/api/batches", {"convention": "CMS", "files": [SimpleUploadedFile(
        "14.70.txt", b"RESOLUTION 14.70\nMATRIX\nThe Conference of the Parties to the Convention on the Conservation "
                     b"of Migratory Species of Wild Animals\n1. Requests the Secretariat to act;\n")]}), 202)["id"]
    # its file, and one staff correction of what the parser read in it (paragraph 1's lead)
    ids["batch_file"] = _ok(staff.get(f"/api/batches/{ids['batch']}"))["preview"]["files"][0]["file"]
    ids["batch_correction"] = _ok(staff.post(
        f"/api/batches/{ids['batch']}/files/{ids['batch_file']}/corrections",
        {"kind": "paragraph_lead", "paragraph": "1", "value": "Asks"}, content_type="application/json"), 201)["id"]

    # frameworks: Kenya's unpublished plan, a suggestion job on it, a suggested link from it
    _ok(fp.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", PLAN_CSV.encode()),
                                          "country": "KEN", "published": "false"}), 200, 201)
    ids["plan"] = "KE-MATRIX-2030"
    job = _ok(fp.post("/api/frameworks/KE-MATRIX-2030/suggest", {}, content_type="application/json"), 200, 201, 202)
    ids["job"] = job["id"] if "id" in job else job.get("job", {}).get("id")
    plan_targets = Target.objects.filter(framework__code="KE-MATRIX-2030").order_by("code")
    ids["plan_target"] = plan_targets[0].pk
    ids["plan_target_b"] = plan_targets[1].pk
    ids["gbf_target"] = Target.objects.filter(framework__code="GBF").order_by("pk").values_list("pk", flat=True)[0]
    ids["plan_indicator"] = Indicator.objects.get(framework__code="KE-MATRIX-2030", code="A1.1").pk
    ids["gbf_indicator"] = Indicator.objects.get(framework__code="GBF", code="A.3").pk  # an MEA list names it
    link = Link.objects.filter(source_type=Link.TARGET, source_id=ids["plan_target"]).order_by("pk").first()
    ids["plan_link"] = link.pk

    # partnerships: an unpublished CMS partnership with Wild Migration, its work plan and an activity
    partnership = _ok(staff.post("/api/partnerships", {
        "title": "Matrix flyway partnership", "instrument": "mou", "convention": "CMS",
        "organizations": ["Wild Migration"], "published": False}, content_type="application/json"))
    ids["partnership"] = partnership["id"]
    plan = _ok(staff.post("/api/workplans", {"partnership_id": ids["partnership"], "title": "Matrix plan",
                                             "period_start": "2025-01-01", "period_end": "2027-12-31"},
                          content_type="application/json"))
    ids["workplan"] = plan["id"]
    activity = _ok(staff.post(f"/api/workplans/{ids['workplan']}/activities", {
        "title": "Matrix activity", "owner": "Wild Migration", "start": "2025-02-01", "end": "2026-06-30"},
        content_type="application/json"))
    ids["activity"] = activity["id"]
    # a contribution of Wild Migration, draft, with one evidence file
    contribution = _ok(partner.post("/api/contributions", {
        "organization": "Wild Migration", "convention": "CMS", "title": "Matrix contribution",
        "period_start": "2025-01-01", "period_end": "2025-12-31", "summary": "What we did."},
        content_type="application/json"))
    ids["contribution"] = contribution["id"]
    evidence = _ok(partner.post(f"/api/contributions/{ids['contribution']}/evidence",
                                {"file": SimpleUploadedFile("evidence.pdf", PDF, "application/pdf")}), 200, 201)
    ids["evidence"] = evidence["id"]
    from liaison.catalogue.models import Organization

    Organization.objects.get_or_create(name="Vattenfall AB", defaults={"kind": "private"})
    screening = _ok(staff.post("/api/screenings", {
        "organization": "Vattenfall AB", "convention": "CMS", "sector": "law",
        "harmful_activities": "none known", "reputational_risk": "low"}, content_type="application/json"))
    ids["screening"] = screening["id"]

    # reporting: Kenya's Cartagena fourth report, a section delegated to the contributor, an answer with a file
    Questionnaire.objects.filter(code="cartagena-nr4").update(closes=None)  # its cycle closed in 2020: open it
    report = _ok(fp.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                         content_type="application/json"))
    ids["report"] = report["id"]
    ids["questionnaire"] = "cartagena-nr4"
    questionnaire = Questionnaire.objects.get(code="cartagena-nr4")
    question = (Question.objects.filter(questionnaire=questionnaire, kind="text").select_related("section")
                .order_by("section__order", "order").first())
    ids["question"] = question.pk
    ids["section"] = question.section.key
    delegation = _ok(fp.post(f"/api/reporting/reports/{ids['report']}/delegations",
                             {"section": question.section.key, "username": "m-contributor"},
                             content_type="application/json"))
    ids["delegation"] = delegation["id"]
    file_question = Question.objects.filter(questionnaire=questionnaire, kind="file").order_by("order").first()
    ids["file_question"] = file_question.pk if file_question else question.pk
    # an attachment to an answer of the delegated section (no Cartagena question asks for a file: stored directly)
    from django.core.files.base import ContentFile

    from liaison.reporting.models import Answer, Attachment, QuestionLink

    answer, _ = Answer.objects.get_or_create(report_id=ids["report"], question=question, block=0,
                                             defaults={"value": "Typed by Kenya"})
    attachment = Attachment(answer=answer, name="annex.pdf", content_type="application/pdf", size=len(PDF))
    attachment.file.save("annex.pdf", ContentFile(PDF), save=True)
    ids["attachment"] = attachment.pk
    ids["question_link"] = QuestionLink.objects.order_by("pk").values_list("pk", flat=True).first()
    # offline work: Kenya's focal point's upload of the report's Excel file (a preview, nothing applied) and a
    # CMS officer's reading of a Word questionnaire form (pending, not stored)
    sheet = fp.get(f"/api/reports/{ids['report']}/offline.xlsx")
    assert sheet.status_code == 200, sheet.content[:300]
    ids["offline_upload"] = _ok(fp.post(f"/api/reports/{ids['report']}/offline/uploads", {
        "file": SimpleUploadedFile("report.xlsx", sheet.content)}), 201)["id"]
    ids["form_import"] = _ok(staff.post("/api/offline/questionnaire-forms", {
        "file": SimpleUploadedFile("form.docx", questionnaire_form_docx()), "convention": "CMS",
        "code": "cms-matrix-form", "title": "Matrix form", "cycle": "2026"}), 201)["id"]
    # an indicator series stored with Kenya's draft (written directly: the upload takes CBD reports only)
    from liaison.indicators.models import Series, SeriesRow

    series = Series.objects.create(report_id=ids["report"], template="GBF-INDICATOR-B1", indicator="B.1",
                                   name="b1.xlsx")
    SeriesRow.objects.create(series=series, line=2, year=2020, unit="km2", value=1.0)
    ids["indicator_template"] = series.template
    # a submitted report of Kenya with its snapshot and a pending request to reopen it
    submitted, _ = Report.objects.get_or_create(questionnaire=Questionnaire.objects.get(code="cartagena-nr3"),
                                                country=report_country("KEN"))
    Report.objects.filter(pk=submitted.pk).update(status=Report.SUBMITTED, submitted_at=dt.datetime.now(dt.UTC))
    Snapshot.objects.get_or_create(report=submitted, number=1, defaults={"data": {"answers": []}})
    ids["submitted_report"] = submitted.pk
    # the overlap report loaded with the bundled data, and one of its themes
    from liaison.overlap.models import OverlapRun, Theme

    run = OverlapRun.objects.filter(state=OverlapRun.DONE).order_by("-pk").first()
    ids["overlap_run"] = run.pk
    ids["theme"] = Theme.objects.filter(run=run).exclude(slug="").order_by("pk").values_list("slug", flat=True)[0]
    ids["reopen_request"] = ReopenRequest.objects.create(report=submitted, reason="A figure was wrong.").pk
    # a personal API token of Kenya's focal point
    from liaison.accounts.tokens import api_token_create

    token, _secret = api_token_create(user=s.users["focal_point"], name="Kenya's monitoring system", scope="read")
    ids["token"] = token.pk
    # alerts: the focal point follows the decision and has a notification of Kenya's draft; an unsubscribe link
    from liaison.alerts.mail import unsubscribe_token
    from liaison.alerts.services import follow_create, notify

    fp_user = s.users["focal_point"]
    ids["follow"] = follow_create(user=fp_user, object_type="decision", object_id=ids["decision"])[0].pk
    draft = Report.objects.get(pk=ids["report"])
    ids["notification"] = notify("report_submitted", draft, f"/reporting/reports/{draft.pk}/", str(draft),
                                 recipients=[fp_user.pk])[0].pk
    ids["unsubscribe_user"] = fp_user.pk
    ids["unsubscribe_token"] = unsubscribe_token(user_id=fp_user.pk, kind="report_submitted")
    # contacts: Kenya's CMS focal point, added by Kenya's focal point; a CMS officer's import waiting to be confirmed
    ids["contact"] = _ok(fp.post("/api/countries/KEN/contacts", {
        "last_name": "Matrix", "email": "cms-nfp@kenya.example", "roles": [{"convention": "CMS", "kind": "nfp"}]},
        content_type="application/json"), 201)["id"]
    ids["contact_import"] = _ok(staff.post("/api/contacts/imports", {"file": SimpleUploadedFile(
        "contacts.csv", b"country,lastName,roles\nKE,Imported,cms=CMS Scientific Councillor\n", "text/csv")}),
        201)["id"]
    # contacts: Kenya's CMS focal point, added by Kenya's focal point; a CMS officer's import waiting to be confirmed
    ids["contact"] = _ok(fp.post("/api/countries/KEN/contacts", {
        "last_name": "Matrix", "email": "cms-nfp@kenya.example", "roles": [{"convention": "CMS", "kind": "nfp"}]},
        content_type="application/json"), 201)["id"]
    ids["contact_import"] = _ok(staff.post("/api/contacts/imports", {"file": SimpleUploadedFile(
        "contacts.csv", b"country,lastName,roles\nKE,Imported,cms=CMS Scientific Councillor\n", "text/csv")}),
        201)["id"]
    # a draft decision Kenya's focal point checked and saved for CMS (read by its author and CMS staff only)
    ids["saved_draft"] = _ok(fp.post("/api/draft-check/drafts", {
        "convention": "CMS", "title": "Kenya's flyway proposal",
        "text": "Draft resolution\n\nThe Conference of the Parties,\n\n1. Requests the Secretariat to map flyways."},
        content_type="application/json"), 201)["draft"]["id"]
    # coordination: Kenya's working group, made by its focal point, with the Kenyan contributor in it
    ids["working_group"] = _ok(fp.post("/api/countries/KEN/working-groups", {"name": "Biodiversity working group"},
                                       content_type="application/json"), 201)["id"]
    ids["kenya_contributor"] = s.users["contributor"].pk
    _ok(fp.post(f"/api/countries/KEN/working-groups/{ids['working_group']}/members",
                {"user": ids["kenya_contributor"], "role": "Cartagena contributor"}, content_type="application/json"),
        201)
    # the group's work: a meeting with a document, an action on a CMS mandate to Parties, positions for CMS COP15
    work = f"/api/countries/KEN/working-groups/{ids['working_group']}"
    ids["group_meeting"] = _ok(fp.post(f"{work}/meetings", {"title": "Preparing COP15", "date": "2026-01-20",
                                                            "agenda": ["Flyways"]}, content_type="application/json"),
                               201)["id"]
    ids["meeting_document"] = _ok(fp.post(f"{work}/meetings/{ids['group_meeting']}/documents", {
        "file": SimpleUploadedFile("agenda.pdf", PDF, "application/pdf")}), 201)["id"]
    to_parties = Mandate.objects.filter(actor__kind="party", decision__convention__acronym="CMS",
                                        decision__status="in_effect").order_by("pk").values_list("pk", flat=True)[:1]
    ids["group_action"] = _ok(fp.post(f"{work}/actions", {"title": "Map flyways", "owner": ids["kenya_contributor"],
                                                          "mandates": list(to_parties)},
                                      content_type="application/json"), 201)["id"]
    ids["brief"] = _ok(fp.post(f"{work}/briefs", {"convention": "CMS", "meeting": "COP15"},
                               content_type="application/json"), 201)["id"]
    ids["position"] = _ok(fp.post(f"{work}/briefs/{ids['brief']}/positions", {"agenda_item": "12.3",
                                  "title": "Flyways", "text": "Kenya supports the flyway programme."},
                                  content_type="application/json"), 201)["id"]
    # meetings: an UNPUBLISHED CMS Standing Committee meeting entered by CMS staff (read by CMS staff only)
    ids["meeting"] = _ok(staff.post("/api/meetings", {
        "convention": "CMS", "kind": "standing-committee", "symbol": "StC-M1", "title": "Matrix Standing Committee",
        "start": "2030-10-01", "end": "2030-10-02", "published": False}, content_type="application/json"), 201)["id"]
    return s


def questionnaire_form_docx() -> bytes:
    """A two-question Word form in the shape conventions publish."""
    import docx

    document = docx.Document()
    document.add_paragraph("Section 1 General information")
    document.add_paragraph("1.1 Has your country designated a national focal point?")
    document.add_paragraph("\u2610 Yes \u2610 No")
    document.add_paragraph("1.2 How many staff work on the Convention's implementation?")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_country(iso3: str):
    from liaison.catalogue.models import Country

    return Country.objects.get(iso3=iso3)


__all__ = ["PEOPLE", "Scenario", "scenario_build", "io"]
