"""A CMS meeting that is not published, for the tests of who reads and who writes meetings."""

from __future__ import annotations

import datetime as dt

import pytest

from liaison.accounts.models import Role

CMS_STAFF = (Role.SECRETARIAT, "CMS")
CBD_STAFF = (Role.SECRETARIAT, "CBD")
KEN_FP = (Role.FOCAL_POINT, "CMS", "KEN")
ADMIN = (Role.ADMIN,)


@pytest.fixture
def hidden(db):
    from liaison.catalogue.models import Convention, Country
    from liaison.meetings.models import Meeting

    return Meeting.objects.create(
        slug="cms-stc99", convention=Convention.objects.get(acronym="CMS"), kind="standing-committee", number=99,
        symbol="StC99", title="99th meeting of the Standing Committee", start=dt.date(2030, 10, 1),
        end=dt.date(2030, 10, 3), city="Bonn", country=Country.objects.get(iso3="DEU"), published=False,
        source="tests")
