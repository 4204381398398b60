"""Journey 6: a national plan is uploaded, links are suggested in the background, reviewed, and the
crosswalk shows which global targets the plan leaves uncovered."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.frameworks.models import Embedding, Link, SuggestJob, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")


@pytest.fixture
def planner(client_for):
    client = client_for(KENYA_NFP)
    response = client.post("/api/frameworks/import", {
        "file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()), "country": "KEN"})
    assert response.status_code == 201
    return client


def suggest(client, against=("GBF", "CMS-SPMS-2015-2023")) -> dict:
    response = client.post("/api/frameworks/KE-NBSAP-2030/suggest", {"against": list(against)},
                           content_type="application/json")
    assert response.status_code == 202, response.content
    return client.get(f"/api/jobs/{response.json()['id']}").json()


def suggestions_of(code: str) -> list[Link]:
    source = Target.objects.get(framework__code="KE-NBSAP-2030", code=code)
    return list(Link.objects.filter(source_type="target", source_id=source.pk, review_state="suggested")
                .select_related("target__framework").order_by("-confidence"))


def test_the_job_runs_and_stores_suggestions_with_reasons(planner):
    job = suggest(planner)
    assert job["state"] == "done" and job["done"] == job["total"] == 4 and job["percent"] == 100
    assert job["suggested"] > 0
    a1 = suggestions_of("A1")
    assert ("GBF", "3") in {(link.target.framework.code, link.target.code) for link in a1}  # 30x30
    assert {link.target.framework.code for link in suggestions_of("A2")} & {"CMS-SPMS-2015-2023", "GBF"}
    assert all(link.source.startswith("suggested:static+lexical") and link.why for link in a1)
    assert all(0 < link.confidence <= 1 for link in a1)
    queue = planner.get("/links/review/?source=KE-NBSAP-2030")
    assert queue.status_code == 200 and len(queue.context["rows"]) == job["suggested"]


def test_embeddings_are_stored_once(planner):
    suggest(planner)
    stored = Embedding.objects.count()
    assert stored >= 4 + 23 + 16
    suggest(planner)
    assert Embedding.objects.count() == stored


def test_an_unknown_framework_to_suggest_against_is_refused(planner):
    response = planner.post("/api/frameworks/KE-NBSAP-2030/suggest", {"against": ["NOPE"]},
                            content_type="application/json")
    assert response.status_code == 400 and "NOPE" in response.json()["detail"]
    assert not SuggestJob.objects.exists()


def test_review_then_crosswalk_shows_what_the_plan_leaves_uncovered(planner):
    suggest(planner, against=("GBF",))
    a1 = suggestions_of("A1")
    accepted = [link for link in a1 if link.target.code == "3"]
    rejected = [link for link in a1 if link.target.code != "3"]
    others = [link.pk for code in ("A2", "A3", "B1") for link in suggestions_of(code)[:1]]
    response = planner.post("/links/review/", {"link": [accepted[0].pk, *others], "action": "accept"})
    assert response.status_code == 302
    planner.post("/links/review/", {"link": [link.pk for link in rejected], "action": "reject"})
    assert Link.objects.get(pk=accepted[0].pk).review_state == "accepted"
    assert Link.objects.get(pk=accepted[0].pk).reviewed_by is not None

    page = planner.get("/crosswalk/?a=KE-NBSAP-2030&b=GBF")
    matrix = page.context["matrix"]
    row = next(r for r in matrix["rows"] if r["target"].code == "A1")
    assert next(c for c in row["cells"] if c["col"].code == "3")["value"] > 0
    covered = {link.target.code for link in Link.objects.filter(pk__in=[accepted[0].pk, *others])}
    uncovered = {t.code for t in matrix["uncovered_b"]}
    assert uncovered == {str(n) for n in range(1, 24)} - covered
    assert b"left uncovered" in page.content


def test_rejections_teach_the_next_run(planner):
    suggest(planner, against=("GBF",))
    first = suggestions_of("A1")
    planner.post("/links/review/", {"link": [first[0].pk], "action": "reject"})
    suggest(planner, against=("GBF",))
    again = suggestions_of("A1")
    assert first[0].target_id not in {link.target_id for link in again}
    assert Link.objects.get(pk=first[0].pk).review_state == "rejected"  # kept, not replaced


def test_progress_page_polls_the_job(planner):
    job = suggest(planner)
    page = planner.get(f"/frameworks/jobs/{job['id']}/")
    assert page.status_code == 200
    assert f'data-url="/api/jobs/{job["id"]}"'.encode() in page.content
    assert b'role="progressbar"' in page.content
