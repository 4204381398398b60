"""The shared outreach calendar and its iCalendar feed; the public pages of the registry."""

import pytest
from icalendar import Calendar

from liaison.partnerships.models import Partnership

from .conftest import CMS_STAFF, WILD_MIGRATION

pytestmark = pytest.mark.django_db


def test_the_ics_feed_lists_the_campaigns_with_year_precision(client):
    response = client.get("/partnerships/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Year of the Turtle", "Year of the Dolphin", "Year of the Gorilla", "Year of the Bat"}
    dolphin = events["Year of the Dolphin"]
    assert str(dolphin.decoded("dtstart")) == "2007-01-01" and str(dolphin.decoded("dtend")) == "2009-01-01"
    assert "Only the year(s) are known: 2007-2008" in str(dolphin["description"])


def test_the_calendar_page(client):
    body = client.get("/partnerships/calendar/").content.decode()
    assert "Year of the Bat" in body and "2011–2012" in body and "calendar.ics" in body


def test_the_registry_pages_render_for_the_public(client):
    body = client.get("/partnerships/").content.decode()
    assert "Wild Migration" in body and "Migratory Wildlife Network" in body and "Under negotiation" in body
    fao = Partnership.objects.get(slug="moc-cms-fao")
    detail = client.get(f"/partnerships/{fao.pk}/").content.decode()
    assert "Food and Agriculture Organization of the United Nations" in detail and "preamble 13" in detail
    assert "Change status" not in detail and "History" not in detail
    assert client.get("/partnerships/?status=active&q=CITES").status_code == 200


def test_unpublished_partnerships_are_hidden_from_others(client, client_for):
    hidden = Partnership.objects.get(slug="mou-cms-unesco")
    hidden.published = False
    hidden.save()
    assert client.get(f"/partnerships/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/partnerships/{hidden.pk}").status_code == 404
    assert client_for(WILD_MIGRATION).get(f"/api/partnerships/{hidden.pk}").status_code == 404
    assert client_for(CMS_STAFF).get(f"/api/partnerships/{hidden.pk}").status_code == 200


def test_the_secretariat_changes_status_on_the_page(client_for):
    fao = Partnership.objects.get(slug="moc-cms-fao")
    staff = client_for(CMS_STAFF)
    assert "Change status" in staff.get(f"/partnerships/{fao.pk}/").content.decode()
    assert staff.post(f"/partnerships/{fao.pk}/", {"status": "signed", "on": "2025-02-01"}).status_code == 302
    fao.refresh_from_db()
    assert fao.status == "signed"
    assert client_for(WILD_MIGRATION).post(f"/partnerships/{fao.pk}/", {"status": "active"}).status_code == 403


def test_screening_page_is_for_the_secretariat(client, client_for):
    assert client_for(WILD_MIGRATION).get("/partnerships/screenings/").status_code == 403
    assert client.get("/partnerships/screenings/").status_code == 302
    staff = client_for(CMS_STAFF)
    bad = staff.post("/partnerships/screenings/", {"organization": "Wild Migration", "sector": "NGO",
                                                   "harmful_activities": "none", "reputational_risk": "low"})
    assert "not a private-sector organization" in bad.content.decode()
