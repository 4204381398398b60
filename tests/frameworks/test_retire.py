"""Nothing stored is lost: a re-import retires what the new text drops; no link ever points at nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError

from liaison.accounts.models import Role
from liaison.core.actors import system_actor
from liaison.core.models import AuditEvent
from liaison.frameworks.models import Goal, Indicator, Link, SynergyScore, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

PLAN = "KE-NBSAP-2030"
KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")
# The plan without goal B (its target B1 and indicator B1.1) and without target A3.
SHORTER = "\n".join(line for line in KENYA_PLAN_CSV.splitlines()
                    if not line.startswith(("goal,B", "target,B1", "indicator,B1.1", "target,A3"))) + "\n"


def upload(client, text):
    return client.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", text.encode()),
                                                  "country": "KEN"})


def dangling_links() -> list[Link]:
    """Return the links whose target or indicator source no longer exists."""
    targets = set(Target.objects.values_list("pk", flat=True))
    indicators = set(Indicator.objects.values_list("pk", flat=True))
    return [link for link in Link.objects.all()
            if (link.source_type == Link.TARGET and link.source_id not in targets)
            or (link.source_type == Link.INDICATOR and link.source_id not in indicators)]


@pytest.fixture
def linked_plan(client_for):
    nfp = client_for(KENYA_NFP)
    assert upload(nfp, KENYA_PLAN_CSV).status_code == 201
    a3 = Target.objects.get(framework__code=PLAN, code="A3")
    b1 = Target.objects.get(framework__code=PLAN, code="B1")
    indicator = Indicator.objects.get(framework__code=PLAN, code="B1.1")
    gbf6 = Target.objects.get(framework__code="GBF", code="6")
    Link.objects.create(source_type="target", source_id=a3.pk, target=gbf6, review_state="accepted")
    Link.objects.create(source_type="indicator", source_id=indicator.pk, target=gbf6, review_state="accepted")
    Link.objects.create(source_type="target", source_id=gbf6.pk, target=b1, review_state="accepted")
    SynergyScore.objects.create(target_a=a3, target_b=gbf6, score=2)
    return {"client": nfp, "a3": a3, "b1": b1, "indicator": indicator, "gbf6": gbf6}


def test_a_reimport_retires_dropped_rows_and_keeps_their_links_and_scores(linked_plan):
    links, scores = Link.objects.count(), SynergyScore.objects.count()
    response = upload(linked_plan["client"], SHORTER)
    assert response.status_code == 200 and response.json() == {
        "code": PLAN, "state": "updated", "goals": 1, "targets": 2, "indicators": 0}
    for row in (linked_plan["a3"], linked_plan["b1"], linked_plan["indicator"]):
        row.refresh_from_db()
        assert row.retired_at is not None
    assert Goal.objects.get(framework__code=PLAN, code="B").retired_at is not None
    assert (Link.objects.count(), SynergyScore.objects.count()) == (links, scores)
    assert dangling_links() == []
    event = AuditEvent.objects.filter(action="framework updated").latest("pk")
    assert event.changes["retired"] == {"goals": ["B"], "targets": ["A3", "B1"], "indicators": ["B1.1"]}


def test_retired_targets_leave_the_default_lists_but_their_page_says_retired(linked_plan, client_for):
    nfp = linked_plan["client"]
    upload(nfp, SHORTER)
    detail = nfp.get(f"/api/frameworks/{PLAN}").json()
    assert [t["code"] for g in detail["goals"] for t in g["targets"]] == ["A1", "A2"]
    assert detail["targets_count"] == 2
    listed = {f["code"]: f for f in nfp.get("/api/frameworks").json()["items"]}
    assert listed[PLAN]["targets_count"] == 2
    assert b"A3" not in nfp.get(f"/api/frameworks/{PLAN}/export?format=csv").content
    matrix = nfp.get(f"/crosswalk/?a={PLAN}&b=GBF").context["matrix"]
    assert [r["target"].code for r in matrix["rows"]] == ["A1", "A2"]
    from liaison.frameworks.selectors import framework_search

    assert PLAN not in {t.framework.code for t in framework_search(user=system_actor("tests"), q="invasive alien")["targets"]}
    page = nfp.get(f"/targets/{linked_plan['a3'].pk}/")
    assert page.status_code == 200 and b"retired on" in page.content
    assert nfp.get(f"/api/targets/{linked_plan['a3'].pk}").json()["retired"] is True
    gbf6 = nfp.get(f"/api/targets/{linked_plan['gbf6'].pk}").json()
    assert linked_plan["a3"].pk in {link["source_id"] for link in gbf6["links"]}


def test_a_retired_target_comes_back_with_its_id_when_a_later_text_has_it(linked_plan):
    upload(linked_plan["client"], SHORTER)
    assert upload(linked_plan["client"], KENYA_PLAN_CSV).json()["targets"] == 4
    a3 = Target.objects.get(framework__code=PLAN, code="A3")
    assert a3.pk == linked_plan["a3"].pk and a3.retired_at is None


def test_retired_targets_are_not_linked_scored_or_suggested_from(linked_plan, client_for):
    upload(linked_plan["client"], SHORTER)
    staff = client_for((Role.SECRETARIAT, "CBD"))
    payload = {"source_type": "target", "source_id": linked_plan["gbf6"].pk, "target": linked_plan["a3"].pk}
    assert staff.post("/api/links", payload, content_type="application/json").status_code == 400
    score = {"target_a": linked_plan["a3"].pk, "target_b": linked_plan["gbf6"].pk, "score": 1}
    assert staff.post("/api/synergies", score, content_type="application/json").status_code == 400
    job = linked_plan["client"].post(f"/api/frameworks/{PLAN}/suggest", {"against": ["GBF"]},
                                     content_type="application/json").json()
    assert job["total"] == 2
    assert not Link.objects.filter(source_type="target", source_id=linked_plan["a3"].pk,
                                   review_state="suggested").exists()


def test_a_linked_target_cannot_be_deleted_behind_the_links_back(linked_plan):
    with pytest.raises(ProtectedError):
        Target.objects.filter(pk=linked_plan["b1"].pk).delete()
    assert dangling_links() == []
