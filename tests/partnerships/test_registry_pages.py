"""Registering a partnership and adding its work plan through the pages; who is refused."""

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention, Organization
from liaison.partnerships.models import Partnership, WorkPlan

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")


def form_data(**extra):
    org = Organization.objects.get(name="Wild Migration")
    return {"title": "Joint work on flyways", "instrument": Partnership.INSTRUMENTS[0][0],
            "convention": Convention.objects.get(acronym="CMS").pk, "organizations": [org.pk],
            "status": Partnership.PROPOSED, "summary": "", **extra}


def test_secretariat_registers_a_partnership_then_adds_a_work_plan(client_for):
    staff = client_for(CMS_STAFF)
    assert "Register a partnership" in staff.get("/partnerships/").content.decode()
    response = staff.post("/partnerships/new/", form_data())
    assert response.status_code == 302
    partnership = Partnership.objects.get(title="Joint work on flyways")
    assert partnership.status == Partnership.PROPOSED
    response = staff.post(f"/partnerships/{partnership.pk}/workplans/new/",
                          {"title": "Flyways 2027-2030", "period_start": "2027-01-01", "period_end": "2030-12-31",
                           "aligned_with": "SPMS"})
    assert response.status_code == 302
    assert WorkPlan.objects.filter(partnership=partnership, title="Flyways 2027-2030").exists()


def test_a_period_ending_before_it_starts_is_refused_and_nothing_saved(client_for):
    staff = client_for(CMS_STAFF)
    staff.post("/partnerships/new/", form_data(title="Dates test"))
    partnership = Partnership.objects.get(title="Dates test")
    page = staff.post(f"/partnerships/{partnership.pk}/workplans/new/",
                      {"title": "Backwards", "period_start": "2030-01-01", "period_end": "2027-01-01"})
    assert page.status_code == 200 and "ends before it starts" in page.content.decode()
    assert not WorkPlan.objects.filter(title="Backwards").exists()


def test_a_signed_status_cannot_be_chosen_at_registration(client_for):
    page = client_for(CMS_STAFF).post("/partnerships/new/", form_data(title="Too fast", status=Partnership.ACTIVE))
    assert page.status_code == 200
    assert not Partnership.objects.filter(title="Too fast").exists()


@pytest.mark.parametrize("roles", [PARTNER, KENYA_NFP])
def test_others_may_not_register_or_add_work_plans(client_for, roles):
    other = client_for(roles)
    assert other.get("/partnerships/new/").status_code == 403
    assert other.post("/partnerships/new/", form_data(title="Sneaky")).status_code == 403
    assert not Partnership.objects.filter(title="Sneaky").exists()
    partnership = Partnership.objects.first()
    assert other.post(f"/partnerships/{partnership.pk}/workplans/new/", {"title": "Sneaky plan"}).status_code in (403, 404)
    assert not WorkPlan.objects.filter(title="Sneaky plan").exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/partnerships/new/").status_code == 302
