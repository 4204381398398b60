"""Who may import, change, suggest for and review — and who is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.frameworks.models import Framework, Link, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
CMS_REVIEWER = (Role.REVIEWER, "CMS")
ADMIN = (Role.ADMIN,)
KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")
KENYA_CONTRIBUTOR = (Role.CONTRIBUTOR, "CBD", "KEN")
UGANDA_NFP = (Role.FOCAL_POINT, "CBD", "UGA")
PARTNER = (Role.PARTNER, None, None, "Wild Migration")


def upload(client, text=KENYA_PLAN_CSV, **fields):
    return client.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", text.encode()), **fields})


@pytest.fixture
def kenya_plan(client_for):
    assert upload(client_for(KENYA_NFP), country="KEN", published="false").status_code == 201
    return Framework.objects.get(code="KE-NBSAP-2030")


def suggested_link(source: Target) -> Link:
    return Link.objects.create(source_type="target", source_id=source.pk, source="suggested:test",
                               target=Target.objects.get(framework__code="GBF", code="3"), confidence=0.7)


def test_anonymous_is_refused_everywhere(client):
    assert upload(client, country="KEN").status_code == 401
    assert client.post("/api/frameworks/GBF/suggest", {}, content_type="application/json").status_code == 401
    assert client.patch("/api/links/1", {"review_state": "accepted"},
                        content_type="application/json").status_code == 401
    assert client.post("/api/synergies", {"target_a": 1, "target_b": 2, "score": 1},
                       content_type="application/json").status_code == 401
    for page in ("/frameworks/import/", "/links/review/", "/frameworks/GBF/suggest/"):
        response = client.get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("roles", [UGANDA_NFP, PARTNER, KENYA_CONTRIBUTOR])
def test_others_may_not_import_kenyas_plan(client_for, roles):
    assert upload(client_for(roles), country="KEN").status_code == 403
    assert not Framework.objects.filter(code="KE-NBSAP-2030").exists()


def test_a_focal_point_may_not_import_without_a_country_or_replace_a_bundled_framework(client_for):
    assert upload(client_for(KENYA_NFP)).status_code == 403
    spms = KENYA_PLAN_CSV.replace("KE-NBSAP-2030", "CMS-SPMS-2015-2023")
    assert upload(client_for(KENYA_NFP), spms, country="KEN").status_code == 403
    assert Framework.objects.get(code="CMS-SPMS-2015-2023").targets.count() == 16


def test_an_unpublished_plan_is_hidden_from_others(client, client_for, kenya_plan):
    assert client.get("/api/frameworks/KE-NBSAP-2030").status_code == 404
    assert client_for(UGANDA_NFP).get("/frameworks/KE-NBSAP-2030/").status_code == 404
    assert "KE-NBSAP-2030" not in {f["code"] for f in client.get("/api/frameworks").json()["items"]}
    assert client_for(KENYA_NFP).get("/api/frameworks/KE-NBSAP-2030").status_code == 200
    assert client_for(CMS_STAFF).get("/frameworks/KE-NBSAP-2030/").status_code == 200


@pytest.mark.parametrize("roles,status", [(UGANDA_NFP, 404), (PARTNER, 404), (KENYA_CONTRIBUTOR, 404),
                                          (KENYA_NFP, 202), (CMS_STAFF, 202), (ADMIN, 202)])
def test_who_may_run_suggestions_for_a_national_plan(client_for, kenya_plan, roles, status):
    response = client_for(roles).post("/api/frameworks/KE-NBSAP-2030/suggest", {},
                                      content_type="application/json")
    assert response.status_code == status


@pytest.mark.parametrize("roles", [UGANDA_NFP, PARTNER, KENYA_CONTRIBUTOR])
def test_others_may_not_run_suggestions_for_a_published_plan(client_for, roles):
    upload(client_for(KENYA_NFP), country="KEN")
    response = client_for(roles).post("/api/frameworks/KE-NBSAP-2030/suggest", {}, content_type="application/json")
    assert response.status_code == 403


# Changed on purpose (issue 10): the links of an unpublished plan are hidden from those who may not read the
# plan, so they answer 404 (as if missing) rather than 403; reviewers review what they can read.
@pytest.mark.parametrize("roles,status", [(UGANDA_NFP, 404), (PARTNER, 404), (KENYA_CONTRIBUTOR, 404),
                                          (CMS_REVIEWER, 404), (CMS_STAFF, 200), (ADMIN, 200), (KENYA_NFP, 200)])
def test_who_may_review_a_link_from_kenyas_unpublished_plan(client_for, kenya_plan, roles, status):
    link = suggested_link(kenya_plan.targets.get(code="A1"))
    response = client_for(roles).patch(f"/api/links/{link.pk}", {"review_state": "accepted"},
                                       content_type="application/json")
    assert response.status_code == status
    link.refresh_from_db()
    assert link.review_state == ("accepted" if status == 200 else "suggested")


@pytest.mark.parametrize("roles,status", [(UGANDA_NFP, 403), (PARTNER, 403), (KENYA_CONTRIBUTOR, 403),
                                          (CMS_REVIEWER, 200), (CMS_STAFF, 200), (ADMIN, 200), (KENYA_NFP, 200)])
def test_who_may_review_a_link_from_kenyas_published_plan(client_for, roles, status):
    assert upload(client_for(KENYA_NFP), country="KEN").status_code == 201
    link = suggested_link(Target.objects.get(framework__code="KE-NBSAP-2030", code="A1"))
    response = client_for(roles).patch(f"/api/links/{link.pk}", {"review_state": "accepted"},
                                       content_type="application/json")
    assert response.status_code == status
    link.refresh_from_db()
    assert link.review_state == ("accepted" if status == 200 else "suggested")


def test_a_focal_point_may_not_review_links_between_global_frameworks(client_for):
    link = suggested_link(Target.objects.get(framework__code="SDG", code="14.4"))
    response = client_for(KENYA_NFP).patch(f"/api/links/{link.pk}", {"review_state": "rejected"},
                                           content_type="application/json")
    assert response.status_code == 403


def test_bulk_review_refuses_all_if_one_is_refused(client_for, kenya_plan):
    mine = suggested_link(kenya_plan.targets.get(code="A1"))
    global_link = suggested_link(Target.objects.get(framework__code="SDG", code="14.4"))
    response = client_for(KENYA_NFP).post("/links/review/", {"link": [mine.pk, global_link.pk], "action": "accept"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.review_state == "suggested"


def test_review_queue_page_is_refused_to_partners(client_for):
    assert client_for(PARTNER).get("/links/review/").status_code == 403
    assert client_for(KENYA_CONTRIBUTOR).get("/links/review/").status_code == 403


def test_the_progress_of_a_job_on_an_unpublished_plan_is_hidden(client, client_for, kenya_plan):
    nfp = client_for(KENYA_NFP)
    job = nfp.post("/api/frameworks/KE-NBSAP-2030/suggest", {}, content_type="application/json").json()
    assert nfp.get(f"/api/jobs/{job['id']}").json()["state"] == "done"
    assert client.get(f"/api/jobs/{job['id']}").status_code == 404
    assert client.get(f"/frameworks/jobs/{job['id']}/").status_code == 404
