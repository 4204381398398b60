"""Issue 11 in partnerships: no server error on any input (each found by trying it), bounds, typed and paginated API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction

from liaison.partnerships.models import Activity, Milestone, Partnership, WorkPlan

from .conftest import (
    CMS_REVIEWER,
    CMS_STAFF,
    SYSTEM,
    WILD_MIGRATION,
    as_json,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()



def test_a_budget_too_large_for_its_column_is_refused_and_nothing_stored(client, client_for, workplan):
    own = workplan.activities.get(title="Civil-society reporting guide")
    partner = client_for(WILD_MIGRATION)
    for budget in ("1e13", "1000000000000", "12.345", "-1", "NaN", "Infinity"):
        response = as_json(partner, "patch", f"/api/activities/{own.pk}", {"budget": budget})
        assert response.status_code == 422, (budget, response.content)
        assert response.json()["errors"][0]["field"] == "budget"
    own.refresh_from_db()
    assert own.budget == Decimal("25000.00")
    assert as_json(partner, "patch", f"/api/activities/{own.pk}",
                   {"budget": "999999999999.99"}).json()["budget"] == "999999999999.99"
    assert client.get(f"/partnerships/workplans/{workplan.pk}/").status_code == 200
    assert client.get(f"/api/workplans/{workplan.pk}").status_code == 200
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():  # the database holds the bound too
        Activity.objects.filter(pk=own.pk).update(budget=Decimal("1e13"))


def test_the_service_refuses_a_budget_the_column_cannot_hold(workplan):
    from django.core.exceptions import ValidationError

    from liaison.partnerships.registry.services import activity_update

    own = workplan.activities.get(title="Civil-society reporting guide")
    with pytest.raises(ValidationError, match="at most"):
        activity_update(user=SYSTEM, activity=own, budget="1e13", currency="EUR")


def test_activity_dates_far_in_the_past_or_future_are_refused_and_the_timeline_draws(client, client_for,
                                                                                    workplan):
    own = workplan.activities.get(title="Outreach toolkit")
    staff = client_for(CMS_STAFF)
    wide = as_json(staff, "patch", f"/api/activities/{own.pk}", {"start": "0001-01-01", "end": "9999-12-31"})
    assert wide.status_code == 422 and {e["field"] for e in wide.json()["errors"]} == {"start", "end"}
    added = as_json(staff, "post", f"/api/workplans/{workplan.pk}/activities",
                    {"title": "Forever", "owner": "Wild Migration", "start": "0001-01-01", "end": "9999-12-31"})
    assert added.status_code == 422
    page = staff.post(f"/partnerships/workplans/{workplan.pk}/", {
        "title": "Forever", "owner": own.owner_id, "status": "planned", "start": "0001-01-01", "end": "9999-12-31"})
    assert page.status_code == 200 and not Activity.objects.filter(title="Forever").exists()
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Activity.objects.filter(pk=own.pk).update(start=dt.date(1, 1, 1))
    # Days stored before the bounds (milestones, periods) still draw, clamped to the edge of the timeline.
    Milestone.objects.create(activity=own, title="Far", due=dt.date(9999, 12, 31))
    WorkPlan.objects.filter(pk=workplan.pk).update(period_start=dt.date(1, 1, 1), period_end=dt.date(9999, 12, 31))
    body = client.get(f"/partnerships/workplans/{workplan.pk}/")
    assert body.status_code == 200 and 'class="g-bar' in body.content.decode()
    assert client.get(f"/api/workplans/{workplan.pk}").status_code == 200


def test_a_returned_contribution_page_renders_for_the_partner_and_the_reviewer(client_for, secretariat_mandates):
    partner, reviewer = client_for(WILD_MIGRATION), client_for(CMS_REVIEWER)
    c = as_json(partner, "post", "/api/contributions", {
        "title": "Returned once", "period_start": "2025-01-01", "period_end": "2025-12-31", "summary": "x",
        "mandates": [secretariat_mandates["4"].pk]}).json()
    partner.post(f"/api/contributions/{c['id']}/submit")
    as_json(reviewer, "post", f"/api/contributions/{c['id']}/review",
            {"decision": "return", "comment": "Which sites?"})
    for who in (partner, reviewer, client_for(CMS_STAFF)):
        page = who.get(f"/partnerships/contributions/{c['id']}/")
        assert page.status_code == 200 and "Which sites?" in page.content.decode()


@pytest.mark.parametrize("value", ["³", "٣", "²³", "1e3", " ", "9" * 30])
def test_odd_digits_where_an_organization_is_expected_are_a_4xx(client_for, workplan, value):
    staff = client_for(CMS_STAFF)
    added = as_json(staff, "post", f"/api/workplans/{workplan.pk}/activities",
                    {"title": "Odd owner", "owner": value, "currency": ""})
    assert 400 <= added.status_code < 500, added.content
    own = workplan.activities.first()
    assert 400 <= as_json(staff, "patch", f"/api/activities/{own.pk}",
                          {"contributors": [value]}).status_code < 500
    assert 400 <= as_json(staff, "post", "/api/screenings", {
        "organization": value, "sector": "x", "harmful_activities": "x", "reputational_risk": "low"}).status_code < 500
    assert 400 <= as_json(staff, "post", "/api/partnerships", {
        "title": "Odd party", "instrument": "mou", "organizations": [value]}).status_code < 500
    assert not Activity.objects.filter(title="Odd owner").exists()


def test_ids_too_large_for_the_database_are_404_or_422(client, client_for, workplan):
    huge = 2**70
    for url in (f"/api/partnerships/{huge}", f"/api/workplans/{huge}", f"/api/contributions/{huge}",
                f"/partnerships/{huge}/", f"/partnerships/workplans/{huge}/", f"/api/activities/{huge}/history"):
        assert client.get(url).status_code == 404, url
    own = workplan.activities.first()
    assert as_json(client_for(CMS_STAFF), "patch", f"/api/activities/{own.pk}",
                   {"mandates": [huge]}).status_code == 422
    assert client.get("/api/partnerships?limit=501").status_code == 422
    assert client.get(f"/api/partnerships?offset={huge}").status_code == 422


def test_lists_are_paginated_with_their_total(client):
    first = client.get("/api/partnerships?limit=2").json()
    second = client.get("/api/partnerships?limit=2&offset=2").json()
    assert first["count"] == second["count"] >= 9
    assert len(first["items"]) == 2 and {p["id"] for p in first["items"]}.isdisjoint(
        {p["id"] for p in second["items"]})


def test_every_operation_declares_typed_responses(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        if not path.startswith(("/api/partnerships", "/api/workplans", "/api/activities", "/api/contributions",
                                "/api/screenings", "/api/events", "/api/organizations/register")):
            continue
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                content = answer.get("content", {}).get("application/json", {})
                assert content.get("schema", {}).get("type") != "object" or "$ref" in content["schema"] or \
                    content["schema"].get("properties"), (method, path, status)


def test_the_pages_answer_odd_ids_and_days_with_form_errors_not_server_errors(client_for, workplan):
    staff, huge = client_for(CMS_STAFF), str(2**70)
    url = f"/partnerships/workplans/{workplan.pk}/"
    for owner in (huge, "³"):
        page = staff.post(url, {"title": "Odd", "owner": owner, "status": "planned", "mandates": [owner]})
        assert page.status_code == 200 and "errorlist" in page.content.decode()
    new = staff.post("/partnerships/new/", {"title": "Odd", "instrument": "mou", "convention": huge,
                                            "organizations": [huge], "status": "proposed"})
    assert new.status_code == 200 and not Partnership.objects.filter(title="Odd").exists()
    own = workplan.activities.get(title="Civil-society reporting guide")
    edit = client_for(WILD_MIGRATION).post(f"/partnerships/activities/{own.pk}/edit/", {
        "title": "t", "status": "planned", "budget": "1e13", "mandates": [huge]})
    assert edit.status_code == 200
    own.refresh_from_db()
    assert own.title == "Civil-society reporting guide"
    assert staff.get("/partnerships/report/?start=0001-01-01&end=9999-12-31&lang=en").status_code == 200
    assert staff.get("/api/reports/standing-committee?start=0001-01-01&end=9999-12-31").status_code == 422
    assert staff.get("/partnerships/?convention=NOPE").status_code == 422
