"""An unpublished national plan whose link suggestions have run stays with its editors (issue 10).

Each leak found when tried as a new user would has its own test, through the API and the pages, role by role.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.frameworks.models import Link, SynergyScore, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

PLAN = "KE-NBSAP-2030"
KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")
KENYA_CONTRIBUTOR = (Role.CONTRIBUTOR, "CBD", "KEN")
UGANDA_NFP = (Role.FOCAL_POINT, "CBD", "UGA")
CMS_REVIEWER = (Role.REVIEWER, "CMS")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
ADMIN = (Role.ADMIN,)
PARTNER = (Role.PARTNER, None, None, "Wild Migration")
# A phrase of target A2 of the plan, in no bundled framework: if it shows, the hidden plan leaked.
SECRET = "collisions with power lines"
OUTSIDERS = [None, UGANDA_NFP, PARTNER, KENYA_CONTRIBUTOR, CMS_REVIEWER]
EDITORS = [KENYA_NFP, CMS_STAFF, ADMIN]


def target(framework: str, code: str) -> Target:
    return Target.objects.get(framework__code=framework, code=code)


@pytest.fixture
def as_role(client, client_for):
    """Return a client for the roles (None: anonymous)."""
    return lambda roles: client if roles is None else client_for(roles)


@pytest.fixture
def hidden_plan(client_for):
    """Kenya's unpublished plan, uploaded by its focal point, with link suggestions run against GBF and SPMS."""
    nfp = client_for(KENYA_NFP)
    upload = nfp.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()),
                                                 "country": "KEN", "published": "false"})
    assert upload.status_code == 201
    job = nfp.post(f"/api/frameworks/{PLAN}/suggest", {}, content_type="application/json")
    assert job.status_code == 202 and job.json()["suggested"] > 0
    a2 = target(PLAN, "A2")
    # One suggestion surely reaches GBF 3 (the tests read its public page).
    Link.objects.get_or_create(source_type="target", source_id=a2.pk, target=target("GBF", "3"),
                               defaults={"source": "suggested:test", "confidence": 0.5, "why": SECRET})
    return {"job": job.json()["id"], "a2": a2}


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_links_api_hides_the_hidden_plans_links(as_role, hidden_plan, roles):
    for query in ("?state=suggested", f"?target={target('GBF', '3').pk}", "?source_type=target&limit=500"):
        response = as_role(roles).get(f"/api/links{query}")
        assert response.status_code == 200
        body = response.json()
        items = body["items"] if isinstance(body, dict) else body  # a bare list before the API was paginated
        assert PLAN not in {link["source_framework"] for link in items}
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("roles", EDITORS)
def test_links_api_shows_the_plans_links_to_its_editors(as_role, hidden_plan, roles):
    items = as_role(roles).get("/api/links?state=suggested").json()["items"]
    assert PLAN in {link["source_framework"] for link in items}


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_the_public_gbf_target_page_and_api_leave_the_plan_out(as_role, hidden_plan, roles):
    gbf3 = target("GBF", "3")
    api = as_role(roles).get(f"/api/targets/{gbf3.pk}")
    assert api.status_code == 200
    assert PLAN not in {link["source_framework"] for link in api.json()["links"]}
    page = as_role(roles).get(f"/targets/{gbf3.pk}/")
    assert page.status_code == 200
    assert SECRET not in page.content.decode() and PLAN not in page.content.decode()
    assert as_role(roles).get(f"/api/targets/{hidden_plan['a2'].pk}").status_code == 404
    assert as_role(roles).get(f"/targets/{hidden_plan['a2'].pk}/").status_code in (302, 404)


def test_the_gbf_target_page_shows_the_plan_to_its_focal_point(client_for, hidden_plan):
    gbf3 = target("GBF", "3")
    api = client_for(KENYA_NFP).get(f"/api/targets/{gbf3.pk}").json()
    assert PLAN in {link["source_framework"] for link in api["links"]}


START = ("SDG", "1.1")  # a target no shipped target->target link touches


def accepted_chain(a2: Target) -> None:
    """SDG 1.1 -> plan A2 -> GBF 3: a chain whose middle is the hidden plan's target."""
    assert not Link.objects.filter(source_type="target", source_id=target(*START).pk).exists()
    Link.objects.create(source_type="target", source_id=target(*START).pk, target=a2,
                        relation="equivalent", review_state="accepted")
    Link.objects.filter(source_type="target", source_id=a2.pk, target=target("GBF", "3")).update(
        review_state="accepted", relation="equivalent", confidence=1.0)


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_crosswalk_path_does_not_pass_through_the_hidden_plan(as_role, hidden_plan, roles):
    accepted_chain(hidden_plan["a2"])
    page = as_role(roles).get(f"/crosswalk/path/?from={target(*START).pk}&to=GBF")
    assert page.status_code == 200
    assert page.context["hops"] is None  # the only chain runs through the hidden plan's target
    assert SECRET not in page.content.decode()  # nor in the list of targets to start from
    assert as_role(roles).get(f"/crosswalk/path/?from={hidden_plan['a2'].pk}&to=GBF").status_code == 404


def test_crosswalk_path_through_the_plan_is_shown_to_its_focal_point(client_for, hidden_plan):
    accepted_chain(hidden_plan["a2"])
    page = client_for(KENYA_NFP).get(f"/crosswalk/path/?from={target(*START).pk}&to=GBF")
    hops = page.context["hops"]
    assert [(h["from"].framework.code, h["to"].framework.code) for h in hops] == [("SDG", PLAN), (PLAN, "GBF")]


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_crosswalk_matrix_leaves_the_plan_out(as_role, hidden_plan, roles):
    accepted_chain(hidden_plan["a2"])
    client = as_role(roles)
    hidden = client.get(f"/crosswalk/?a={PLAN}&b=GBF")
    assert hidden.context["a"] is None and hidden.context["matrix"] is None
    page = client.get("/crosswalk/?a=SDG&b=GBF&suggested=1")
    row = next(r for r in page.context["matrix"]["rows"] if r["target"].code == START[1])
    cell = next(c for c in row["cells"] if c["col"].code == "3")
    assert cell["value"] == 0  # the only chain runs through the hidden plan's target
    assert SECRET not in page.content.decode()


def test_crosswalk_matrix_shows_the_chain_to_the_plans_editors(client_for, hidden_plan):
    accepted_chain(hidden_plan["a2"])
    page = client_for(KENYA_NFP).get("/crosswalk/?a=SDG&b=GBF")
    row = next(r for r in page.context["matrix"]["rows"] if r["target"].code == START[1])
    cell = next(c for c in row["cells"] if c["col"].code == "3")
    assert cell["value"] > 0 and cell["direct"] is False and cell["via"].framework.code == PLAN


@pytest.fixture
def scored(hidden_plan, user_factory):
    """A score between the hidden plan's A2 and GBF 3 (by the plan's focal point) and a public one."""
    nfp = user_factory(KENYA_NFP)
    SynergyScore.objects.create(target_a=hidden_plan["a2"], target_b=target("GBF", "3"), score=3, scored_by=nfp)
    SynergyScore.objects.create(target_a=target("SDG", "14.4"), target_b=target("SDG", "14.2"), score=2)
    return hidden_plan


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_synergies_page_leaves_the_plans_scores_out(as_role, scored, roles):
    page = as_role(roles).get("/synergies/")
    assert page.status_code == 200
    codes = {row["target"].framework.code for row in page.context["influence"]}
    assert codes == {"SDG"}
    assert PLAN not in page.content.decode()
    gbf = as_role(roles).get("/synergies/?framework=GBF")
    assert gbf.context["influence"] == [] and gbf.context["network"]["edges"] == []


def test_synergies_page_shows_the_plans_scores_to_its_editors(client_for, scored):
    page = client_for(KENYA_NFP).get("/synergies/")
    assert PLAN in {row["target"].framework.code for row in page.context["influence"]}


@pytest.mark.parametrize("roles", [UGANDA_NFP, PARTNER, KENYA_CONTRIBUTOR, CMS_REVIEWER])
def test_others_may_not_score_the_hidden_plans_targets(client_for, hidden_plan, roles):
    client = client_for(roles)
    payload = {"target_a": hidden_plan["a2"].pk, "target_b": target("GBF", "3").pk, "score": 2}
    assert client.post("/api/synergies", payload, content_type="application/json").status_code == 404
    page = client.post("/synergies/", payload)
    assert page.status_code == 200 and page.context["form"].errors
    assert not SynergyScore.objects.exists()


def test_the_plans_focal_point_may_score_its_targets(client_for, hidden_plan):
    payload = {"target_a": hidden_plan["a2"].pk, "target_b": target("GBF", "3").pk, "score": 2}
    response = client_for(KENYA_NFP).post("/api/synergies", payload, content_type="application/json")
    assert response.status_code == 201


def queue_frameworks(client) -> set[str]:
    page = client.get("/links/review/")
    assert page.status_code == 200
    return {row["source_group"] for row in page.context["rows"]}


def test_review_queue_shows_only_links_the_user_may_review(client_for, hidden_plan):
    global_link = Link.objects.create(source_type="target", source_id=target("SDG", "14.4").pk,
                                      target=target("GBF", "10"), source="suggested:test", confidence=0.5)
    uganda = client_for(UGANDA_NFP)
    assert queue_frameworks(uganda) == set()  # neither Kenya's plan nor the global links are Uganda's to review
    assert SECRET not in uganda.get("/links/review/").content.decode()
    assert queue_frameworks(client_for(KENYA_NFP)) == {PLAN}
    assert queue_frameworks(client_for(CMS_REVIEWER)) == {"SDG"}  # the plan is not shared with reviewers yet
    assert queue_frameworks(client_for(CMS_STAFF)) == {PLAN, "SDG"}
    assert queue_frameworks(client_for(ADMIN)) == {PLAN, "SDG"}
    assert global_link.review_state == "suggested"


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_exports_of_the_hidden_plan_answer_404(as_role, hidden_plan, roles):
    for fmt in ("csv", "json", "yaml"):
        assert as_role(roles).get(f"/api/frameworks/{PLAN}/export?format={fmt}").status_code == 404
        response = as_role(roles).get(f"/frameworks/{PLAN}/export/?format={fmt}")
        assert response.status_code == 404 and SECRET not in response.content.decode()


@pytest.mark.parametrize("roles", EDITORS)
def test_exports_of_the_plan_reach_its_editors(as_role, hidden_plan, roles):
    response = as_role(roles).get(f"/api/frameworks/{PLAN}/export?format=csv")
    assert response.status_code == 200 and SECRET in response.content.decode()


@pytest.mark.parametrize("roles", OUTSIDERS)
def test_framework_search_leaves_the_hidden_plan_out(user_factory, hidden_plan, roles):
    """framework_search is what the site search reads targets and indicators through."""
    from liaison.frameworks.selectors import framework_search

    user = None if roles is None else user_factory(roles)
    found = framework_search(user=user, q=SECRET)
    assert PLAN not in {t.framework.code for t in found["targets"]}


@pytest.mark.parametrize("roles", EDITORS)
def test_framework_search_finds_the_plan_for_its_editors(user_factory, hidden_plan, roles):
    from liaison.frameworks.selectors import framework_search

    found = framework_search(user=user_factory(roles), q=SECRET)
    assert PLAN in {t.framework.code for t in found["targets"]}


@pytest.mark.parametrize("roles,status", [(None, 404), (UGANDA_NFP, 404), (PARTNER, 404), (KENYA_CONTRIBUTOR, 404),
                                          (CMS_REVIEWER, 404), (KENYA_NFP, 200), (CMS_STAFF, 200), (ADMIN, 200)])
def test_a_suggestion_job_is_shown_to_its_starter_and_the_frameworks_editors(as_role, client_for, roles, status):
    """Even for a published plan: a job's progress and message belong to who may edit the framework."""
    nfp = client_for(KENYA_NFP)
    nfp.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()),
                                        "country": "KEN"})
    job = nfp.post(f"/api/frameworks/{PLAN}/suggest", {}, content_type="application/json").json()
    assert nfp.get(f"/api/jobs/{job['id']}").status_code == 200  # the starter
    assert as_role(roles).get(f"/api/jobs/{job['id']}").status_code == status
    assert as_role(roles).get(f"/frameworks/jobs/{job['id']}/").status_code == status


def test_suggestions_do_not_reach_into_another_countrys_hidden_plan(client_for, hidden_plan):
    """A Ugandan plan suggested against Kenya's hidden plan: refused as an unknown framework."""
    uganda_plan = KENYA_PLAN_CSV.replace(PLAN, "UG-NBSAP")
    uganda = client_for(UGANDA_NFP)
    uganda.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", uganda_plan.encode()),
                                           "country": "UGA"})
    response = uganda.post("/api/frameworks/UG-NBSAP/suggest", {"against": [PLAN]}, content_type="application/json")
    assert response.status_code == 400 and PLAN in response.json()["detail"]


def test_another_countrys_focal_point_may_not_state_links_from_or_to_the_hidden_plan(client_for, hidden_plan):
    uganda = client_for(UGANDA_NFP)
    to_plan = {"source_type": "target", "source_id": target("SDG", "14.4").pk, "target": hidden_plan["a2"].pk}
    assert uganda.post("/api/links", to_plan, content_type="application/json").status_code in (403, 404)
    staff_elsewhere = client_for(CMS_REVIEWER)
    assert staff_elsewhere.post("/api/links", to_plan, content_type="application/json").status_code == 404
    from_plan = {"source_type": "target", "source_id": hidden_plan["a2"].pk, "target": target("GBF", "2").pk}
    assert staff_elsewhere.post("/api/links", from_plan, content_type="application/json").status_code == 404
    assert not Link.objects.filter(target=hidden_plan["a2"]).exists()


def test_a_link_from_a_report_answer_follows_the_answers_visibility(client, client_for):
    """Answers belong to draft national reports: a link from one shows only to whoever may read the answer."""
    Link.objects.create(source_type="answer", source_id=10**6, target=target("GBF", "3"), review_state="accepted")
    assert client.get("/api/links?source_type=answer").json()["count"] == 0
    assert client_for(UGANDA_NFP).get("/api/links?source_type=answer").json()["count"] == 0
    assert client_for(CMS_STAFF).get("/api/links?source_type=answer").json()["count"] == 0
    assert client_for(ADMIN).get("/api/links?source_type=answer").json()["count"] == 1
    gbf3 = client.get(f"/api/targets/{target('GBF', '3').pk}").json()
    assert "answer" not in {link["source_type"] for link in gbf3["links"]}


@pytest.mark.parametrize("roles", [UGANDA_NFP, PARTNER, KENYA_CONTRIBUTOR, CMS_REVIEWER])
def test_synergies_form_offers_the_hidden_plans_targets_to_its_editors_only(client_for, hidden_plan, roles):
    offered = f'<option value="{hidden_plan["a2"].pk}">{PLAN} A2</option>'
    editor = client_for(KENYA_NFP).get("/synergies/").content.decode()
    assert editor.count(offered) == 2  # both selects of the score form
    page = client_for(roles).get("/synergies/").content.decode()
    assert f'<option value="{target("GBF", "3").pk}">GBF 3</option>' in page
    assert PLAN not in page
