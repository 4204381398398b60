"""Joint work plans: activities with budgets, targets and mandates; who may update them; the timeline page."""

import pytest

from liaison.core.models import AuditEvent
from liaison.partnerships.models import Activity, TargetLink

from .conftest import ADMIN, CBD_STAFF, CMS_STAFF, IUCN_ELC, KENYA_NFP, WILD_MIGRATION

pytestmark = pytest.mark.django_db


def add_activity(client, workplan, **fields):
    payload = {"title": "Flyway mapping", "owner": "Wild Migration", "start": "2025-01-01", "end": "2025-12-31",
               "budget": "1000", "currency": "EUR", **fields}
    return client.post(f"/api/workplans/{workplan.pk}/activities", payload, content_type="application/json")


def test_an_activity_is_created_with_targets_mandates_milestones_and_budget(client_for, workplan,
                                                                           secretariat_mandates):
    mandate = secretariat_mandates["10"]
    response = add_activity(client_for(CMS_STAFF), workplan, targets=["SPMS 9", "GBF 3"], mandates=[mandate.pk],
                            contributors=["IUCN ELC"], currency="chf", funding_source="Voluntary contribution",
                            milestones=[{"title": "Draft map", "due": "2025-06-30"}])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["currency"] == "CHF" and body["budget"] == "1000.00"
    assert [t["label"] for t in body["targets"]] == ["SPMS Target 9", "GBF Target 3"]
    assert body["mandates"] == [mandate.pk] and body["contributors"] == ["IUCN Environmental Law Centre"]
    link = TargetLink.objects.get(activity_id=body["id"], framework_code="CMS-SPMS-2015-2023")
    assert link.target is not None and link.target.code == "9"  # linked to liaison.frameworks' Target


@pytest.mark.parametrize("fields,message", [
    ({"start": "2025-06-01", "end": "2025-01-01"}, "ends (2025-01-01) before it starts (2025-06-01)"),
    ({"currency": "XYZ"}, "'XYZ' is not an ISO 4217 currency code"),
    ({"currency": ""}, "not an ISO 4217 currency code"),
    ({"targets": ["SPMS 9", "SPMS 99"]}, "SPMS has no target '99'"),
    ({"targets": ["Nowhere 1"]}, "Unknown framework"),
    ({"mandates": [999999]}, "Unknown mandate(s): 999999"),
    ({"owner": "No Such Org"}, "Unknown organization(s): No Such Org"),
    ({"status": "finished"}, "Unknown status 'finished'"),
    ({"milestones": [{"title": "late", "due": "2026-06-01"}]}, "due after the activity ends"),
])
def test_bad_activities_are_refused_and_nothing_is_saved(client_for, workplan, fields, message):
    before = (Activity.objects.count(), TargetLink.objects.count(), AuditEvent.objects.count())
    response = add_activity(client_for(CMS_STAFF), workplan, **fields)
    assert response.status_code == 400, response.content
    assert message in response.json()["detail"]
    assert (Activity.objects.count(), TargetLink.objects.count(), AuditEvent.objects.count()) == before


def test_a_partner_updates_only_the_activities_its_organization_owns(client_for, workplan):
    own = workplan.activities.get(title="Civil-society reporting guide")
    other = workplan.activities.get(owner__name="IUCN Environmental Law Centre")
    partner = client_for(WILD_MIGRATION)
    ok = partner.patch(f"/api/activities/{own.pk}", {"status": "done", "targets": ["SPMS 9", "SPMS 15"]},
                       content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "done" and ok.json()["overdue"] is False
    refused = partner.patch(f"/api/activities/{other.pk}", {"status": "done"}, content_type="application/json")
    assert refused.status_code == 403
    assert "Only members of IUCN Environmental Law Centre" in refused.json()["detail"]
    other.refresh_from_db()
    assert other.status == "planned"
    history = partner.get(f"/api/activities/{own.pk}/history").json()["items"]
    assert history[0]["by"].startswith("user") and history[0]["changes"]["before"]["status"] == "in_progress"
    assert history[0]["changes"]["after"]["status"] == "done"
    assert history[0]["changes"]["after"]["targets"] == ["CMS-SPMS-2015-2023 9", "CMS-SPMS-2015-2023 15"]


@pytest.mark.parametrize("roles,code", [(CBD_STAFF, 403), (KENYA_NFP, 403), (IUCN_ELC, 403), (CMS_STAFF, 200),
                                        (ADMIN, 200)])
def test_who_may_update_a_wild_migration_activity(client_for, workplan, roles, code):
    own = workplan.activities.get(title="Outreach toolkit")
    response = client_for(roles).patch(f"/api/activities/{own.pk}", {"funding_source": "Core budget"},
                                       content_type="application/json")
    assert response.status_code == code


def test_anonymous_update_is_401(client, workplan):
    activity = workplan.activities.first()
    assert client.patch(f"/api/activities/{activity.pk}", {"status": "done"},
                        content_type="application/json").status_code == 401


def test_a_partner_cannot_reassign_or_half_save_an_update(client_for, workplan):
    own = workplan.activities.get(title="Civil-society reporting guide")
    partner = client_for(WILD_MIGRATION)
    reassign = partner.patch(f"/api/activities/{own.pk}", {"owner": "IUCN ELC"}, content_type="application/json")
    assert reassign.status_code == 400 and "secretariat" in reassign.json()["detail"]
    mixed = partner.patch(f"/api/activities/{own.pk}", {"title": "Renamed", "budget": "10", "currency": "ZZZ"},
                          content_type="application/json")
    assert mixed.status_code == 400
    bad_target = partner.patch(f"/api/activities/{own.pk}", {"title": "Renamed", "targets": ["GBF 24"]},
                               content_type="application/json")
    assert bad_target.status_code == 400 and "GBF has no target '24'" in bad_target.json()["detail"]
    own.refresh_from_db()
    assert own.title == "Civil-society reporting guide" and own.currency == "EUR"
    assert list(own.targets.values_list("target_code", flat=True)) == ["9"]


def test_the_timeline_shows_bars_today_and_what_is_late(client, workplan):
    body = client.get(f"/partnerships/workplans/{workplan.pk}/").content.decode()
    assert body.count('class="g-bar') == 3
    assert "g-today" in body
    assert 'g-bar in_progress overdue' in body  # the reporting guide is past its end
    assert 'g-bar planned unstarted' in body  # the legal review should have started
    assert "Update" not in body.split("<table id=\"activities\"")[1]  # the public sees no edit buttons


def test_the_timeline_marks_unknown_dates(client):
    from liaison.partnerships.models import WorkPlan

    plan = WorkPlan.objects.get(partnership__slug="jwp-cms-cites")
    body = client.get(f"/partnerships/workplans/{plan.pk}/").content.decode()
    assert body.count("dates unknown") == 2 and "CMS Resolution 11.10 (Rev.COP12), paragraph 21" in body


def test_the_activity_page_lets_the_owner_edit_and_refuses_others(client_for, workplan):
    own = workplan.activities.get(title="Outreach toolkit")
    other = client_for(IUCN_ELC)
    assert other.get(f"/partnerships/activities/{own.pk}/edit/").status_code == 403
    assert other.post(f"/partnerships/activities/{own.pk}/edit/", {"title": "x", "status": "done"}).status_code == 403
    partner = client_for(WILD_MIGRATION)
    page = partner.get(f"/partnerships/workplans/{workplan.pk}/").content.decode()
    assert f"/partnerships/activities/{own.pk}/edit/" in page
    form = {"title": "Outreach toolkit", "status": "in_progress", "start": "2025-01-01", "end": "2024-01-01",
            "currency": "", "targets": ""}
    bad = partner.post(f"/partnerships/activities/{own.pk}/edit/", form)
    assert bad.status_code == 200 and "before it starts" in bad.content.decode()
    good = partner.post(f"/partnerships/activities/{own.pk}/edit/", {**form, "end": "2025-06-30",
                                                                      "targets": "SPMS 9, GBF 22"})
    assert good.status_code == 302
    own.refresh_from_db()
    assert own.status == "in_progress" and own.targets.count() == 2


def test_the_secretariat_adds_an_activity_on_the_page_and_bad_input_is_shown(client_for, workplan):
    from liaison.catalogue.models import Organization

    wild = Organization.objects.get(name="Wild Migration")
    url = f"/partnerships/workplans/{workplan.pk}/"
    form = {"title": "Stopover survey", "owner": wild.pk, "status": "planned", "start": "2026-03-01",
            "end": "2026-09-30", "budget": "5000", "currency": "GBP", "targets": "SPMS 10"}
    before = Activity.objects.count()
    bad = client_for(CMS_STAFF).post(url, {**form, "currency": "QQQ"})
    assert bad.status_code == 200 and "not an ISO 4217 currency code" in bad.content.decode()
    assert Activity.objects.count() == before
    assert client_for(WILD_MIGRATION).post(url, form).status_code == 403
    assert "Add an activity" not in client_for(WILD_MIGRATION).get(url).content.decode()
    assert client_for(CMS_STAFF).post(url, form).status_code == 302
    assert Activity.objects.get(title="Stopover survey").currency == "GBP"


def test_the_add_form_offers_every_mandate_in_force_once_and_keeps_the_chosen_ones(client_for, workplan,
                                                                                 secretariat_mandates):
    from liaison.decisions.models import Mandate
    from liaison.partnerships.forms import MandateField

    mandate = secretariat_mandates["10"]
    superseded = Mandate.objects.exclude(pk=mandate.pk).filter(decision=mandate.decision).first()
    Mandate.objects.filter(pk=superseded.pk).update(status=Mandate.SUPERSEDED)
    url = f"/partnerships/workplans/{workplan.pk}/"
    page = client_for(CMS_STAFF).get(url).content.decode()
    label = MandateField(queryset=Mandate.objects.all()).label_from_instance(mandate)
    assert page.count(f'<option value="{mandate.pk}">') == 1 and label.split(" — ")[0] in page
    assert f'<option value="{superseded.pk}">' not in page
    assert page.count('<select name="mandates"') == 1
    assert page.count("<option value=") - page.count('<option value="">') >= Mandate.objects.exclude(
        status=Mandate.SUPERSEDED).count()
    kept = client_for(CMS_STAFF).post(url, {"title": "Stopover survey", "owner": "x", "status": "planned",
                                            "mandates": [mandate.pk, superseded.pk]})
    body = kept.content.decode()
    assert kept.status_code == 200 and f'<option value="{mandate.pk}" selected>' in body
    assert not Activity.objects.filter(title="Stopover survey").exists()


def test_documents_are_links_or_files_of_the_type_they_claim(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from liaison.partnerships.models import Partnership

    mou = Partnership.objects.get(slug="mou-cms-cites")
    url = f"/api/partnerships/{mou.pk}/documents"
    staff = client_for(CMS_STAFF)
    assert staff.post(url, {"title": "MoU text", "url": "https://example.org/mou.pdf"}).status_code == 201
    fake = staff.post(url, {"title": "Signed copy", "file": SimpleUploadedFile("mou.pdf", b"MZ\x90\x00")})
    assert fake.status_code == 415 and "claims to be a PDF" in fake.json()["detail"]
    real = staff.post(url, {"title": "Signed copy", "file": SimpleUploadedFile("mou.pdf", b"%PDF-1.7\n%%EOF")})
    assert real.status_code == 201
    assert client_for(WILD_MIGRATION).post(url, {"title": "x", "url": "https://example.org"}).status_code == 403
    assert mou.documents.count() == 2
