"""Search shows what the reader may see, nothing more (issue 10): role by role, through the API and the page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.catalogue.models import Convention
from liaison.frameworks.models import Framework
from liaison.partnerships.models import Partnership

from ..frameworks.plans import KENYA_PLAN_CSV
from .conftest import ADMIN, CMS_REVIEWER, CMS_STAFF, KENYA_NFP, PARTNER, UGANDA_NFP

pytestmark = pytest.mark.django_db

PLAN = "KE-NBSAP-2030"
SECRET = '"collisions with power lines"'  # target A2 of the plan, in no bundled text
OUTSIDERS = [None, UGANDA_NFP, PARTNER, CMS_REVIEWER]
EDITORS = [KENYA_NFP, CMS_STAFF, ADMIN]


@pytest.fixture
def hidden_plan(client_for):
    """Kenya's unpublished plan, uploaded through the API by its focal point (the index follows the import)."""
    upload = client_for(KENYA_NFP).post("/api/frameworks/import", {
        "file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()), "country": "KEN", "published": "false"})
    assert upload.status_code == 201
    return Framework.objects.get(code=PLAN)


def plan_hits(client, q: str = SECRET) -> list[dict]:
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    return [i for i in response.json()["items"] if i["title"].startswith(PLAN)]


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_an_unpublished_plans_target_is_not_found_by_others(as_role, hidden_plan, roles):
    reader = as_role(roles)
    assert plan_hits(reader) == []
    found = reader.get("/api/search", {"q": SECRET}).json()
    assert found["count"] == 0 and found["facets"]["kind"] == []  # not even counted
    page = reader.get("/search/", {"q": SECRET.strip('"')})
    assert page.status_code == 200 and PLAN.encode() not in page.content


@pytest.mark.parametrize("roles", EDITORS)
def test_an_unpublished_plans_target_is_found_by_its_editors(as_role, hidden_plan, roles):
    reader = as_role(roles)
    hits = plan_hits(reader)
    assert [h["kind"] for h in hits] == ["target"] and hits[0]["title"].startswith(f"{PLAN} A2")
    assert PLAN.encode() in reader.get("/search/", {"q": SECRET.strip('"')}).content


def test_publishing_the_plan_makes_it_found_at_once_without_reindexing(client, hidden_plan):
    assert plan_hits(client) == []
    Framework.objects.filter(pk=hidden_plan.pk).update(is_published=True)  # no signal: visibility is read live
    assert len(plan_hits(client)) == 1
    Framework.objects.filter(pk=hidden_plan.pk).update(is_published=False)
    assert plan_hits(client) == []


@pytest.fixture
def hidden_partnership():
    return Partnership.objects.create(slug="search-hidden", title="Quokka corridor memorandum", instrument="mou",
                                      convention=Convention.objects.get(acronym="CMS"), published=False,
                                      summary="A confidential draft about quokka corridors")


@pytest.mark.parametrize("roles,found", [(None, False), (UGANDA_NFP, False), ((CMS_STAFF[0], "Ramsar"), False),
                                         (CMS_STAFF, True), (ADMIN, True)])
def test_an_unpublished_partnership_is_found_only_by_those_who_may_see_it(as_role, hidden_partnership, roles,
                                                                          found):
    items = as_role(roles).get("/api/search", {"q": "quokka"}).json()["items"]
    assert (hidden_partnership.pk in {i["id"] for i in items if i["kind"] == "partnership"}) is found


def test_a_deleted_partnership_leaves_the_index(client, hidden_partnership):
    hidden_partnership.published = True
    hidden_partnership.save()
    assert client.get("/api/search", {"q": "quokka"}).json()["count"] == 1
    hidden_partnership.delete()
    assert client.get("/api/search", {"q": "quokka"}).json()["count"] == 0
