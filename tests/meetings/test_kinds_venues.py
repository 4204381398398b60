"""A plenary is its own kind of meeting (not a Conference of the Parties), and a venue's country is read from the
short forms calendars write ("Dubai, UAE")."""

from __future__ import annotations

import importlib

import pytest

from liaison.catalogue.models import Convention
from liaison.meetings.models import Meeting
from liaison.meetings.venues import venue_country_resolver_build

pytestmark = pytest.mark.django_db


def test_the_ipbes_plenary_is_a_plenary_not_a_cop(client):
    plenary = client.get("/api/meetings/ipbes-plenary-2").json()
    assert (plenary["symbol"], plenary["kind"]) == ("Plenary-2", "plenary")
    assert [m["id"] for m in client.get("/api/meetings?kind=plenary").json()["items"]] == ["ipbes-plenary-2"]
    assert "ipbes-plenary-2" not in [m["id"] for m in client.get("/api/meetings?kind=cop&limit=200").json()["items"]]
    html = client.get("/meetings/ipbes-plenary-2/").content.decode()
    assert "Plenary" in html and "Conference of the Parties" not in html


def test_the_migration_moves_plenaries_stored_as_cops():
    from django.apps import apps

    migration = importlib.import_module("liaison.meetings.migrations.0003_plenary_kind")
    Meeting.objects.filter(slug="ipbes-plenary-2").update(kind="cop")  # as stored before the migration
    migration.plenaries_move(apps, None)
    assert Meeting.objects.get(slug="ipbes-plenary-2").kind == "plenary"
    assert Meeting.objects.get(slug="cbd-cop14").kind == "cop"


def test_ramsar_cop13_in_dubai_has_its_country(client):
    cop13 = client.get("/api/meetings/ramsar-cop13").json()
    assert (cop13["city"], cop13["country"]) == ("Dubai", "ARE")
    assert Meeting.objects.get(convention=Convention.objects.get(acronym="Ramsar"), symbol="COP13").country.iso3 == "ARE"


@pytest.mark.parametrize("venue, iso3", [
    ("UAE", "ARE"), ("uae", "ARE"), ("UK", "GBR"), ("The Netherlands", "NLD"), ("Egypt", "EGY"),
    ("United Arab Emirates", "ARE"), ("DRC", "COD"), ("Canada", "CAN"),
    ("Worldwide", None), ("Online", None), ("N/A", None), ("TBD", None), ("", None), ("Sarawak", None),
])
def test_venue_countries(settings, venue, iso3):
    assert venue_country_resolver_build(settings.DATA_DIR)(venue) == iso3
