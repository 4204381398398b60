"""Fixtures of the partnership tests: roles, the seed's records, a work plan with dated activities."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.core.actors import system_actor

SYSTEM = system_actor("tests")  # fixtures write through the services, which always check who writes

CMS_STAFF = (Role.SECRETARIAT, "CMS")
CBD_STAFF = (Role.SECRETARIAT, "CBD")
CMS_REVIEWER = (Role.REVIEWER, "CMS")
WILD_MIGRATION = (Role.PARTNER, None, None, "Wild Migration")
IUCN_ELC = (Role.PARTNER, None, None, "IUCN Environmental Law Centre")
KENYA_NFP = (Role.FOCAL_POINT, "CMS", "KEN")
ADMIN = (Role.ADMIN,)


@pytest.fixture
def seed_decision():
    from liaison.decisions.models import Decision

    return Decision.objects.get(convention__acronym="CMS", number="11.10")


@pytest.fixture
def secretariat_mandates(seed_decision):
    """Return the Secretariat's mandates of Resolution 11.10 keyed by paragraph number."""
    from liaison.decisions.models import Mandate

    mandates = Mandate.objects.filter(decision=seed_decision, actor__code__in=("secretariat", "executive-secretary"))
    return {m.paragraph.number: m for m in mandates.select_related("paragraph").order_by("-id")}


@pytest.fixture
def workplan(db):
    """A work plan of the Wild Migration MoU with one activity of each owner, one overdue, one unstarted."""
    from liaison.catalogue.models import Organization
    from liaison.partnerships.models import Partnership
    from liaison.partnerships.registry.services import activity_create, workplan_create

    partnership = Partnership.objects.get(slug="mou-cms-wild-migration")
    plan = workplan_create(user=SYSTEM, partnership=partnership, title="Test plan 2024-2027",
                           period_start=dt.date(2024, 1, 1), period_end=dt.date(2027, 12, 31))
    wild = Organization.objects.get(name="Wild Migration")
    iucn = Organization.objects.get(name="IUCN Environmental Law Centre")
    today = dt.date.today()
    activity_create(user=SYSTEM, workplan=plan, title="Civil-society reporting guide", owner=wild,
                    start=today - dt.timedelta(days=400), end=today - dt.timedelta(days=30), status="in_progress",
                    budget="25000", currency="EUR", targets=["SPMS 9"])
    activity_create(user=SYSTEM, workplan=plan, title="Legal review of range-state agreements", owner=iucn,
                    start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=300), status="planned")
    activity_create(user=SYSTEM, workplan=plan, title="Outreach toolkit", owner=wild,
                    start=today + dt.timedelta(days=30), end=today + dt.timedelta(days=200))
    return plan


def as_json(client, method, url, payload):
    """Send `payload` as JSON with the client's `method`."""
    return getattr(client, method)(url, payload, content_type="application/json")
