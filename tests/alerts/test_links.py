"""Events of targets (journey 6): new suggestions and accepted links on a followed target, told only to followers
who may see the link's other end (an unpublished national plan stays with its editors)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.alerts.models import Notification
from liaison.frameworks.models import Link, Target

from ..frameworks.plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

PLAN = "KE-NBSAP-2030"
KENYA_NFP, UGANDA_NFP, CMS_STAFF = (Role.FOCAL_POINT, "CBD", "KEN"), (Role.FOCAL_POINT, "CBD", "UGA"), \
    (Role.SECRETARIAT, "CMS")


def target(framework: str, code: str) -> Target:
    return Target.objects.get(framework__code=framework, code=code)


def follow(client, target_id: int) -> None:
    assert client.post("/api/follows", {"type": "target", "id": target_id},
                       content_type="application/json").status_code == 201


def of_kind(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind).order_by("pk"))


def test_suggestions_and_acceptance_on_a_hidden_plan_reach_only_those_who_may_see_it(person, as_user, mailbox,
                                                                                     django_capture_on_commit_callbacks):
    planner, kenya, uganda = person(KENYA_NFP), person(KENYA_NFP), person(UGANDA_NFP)
    gbf3 = target("GBF", "3")
    for user in (planner, kenya, uganda):
        follow(as_user(user), gbf3.pk)
    c = as_user(planner)
    assert c.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()),
                                             "country": "KEN", "published": "false"}).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        job = c.post(f"/api/frameworks/{PLAN}/suggest", {"against": ["GBF"]}, content_type="application/json")
    assert job.status_code == 202 and job.json()["suggested"] > 0
    a1 = target(PLAN, "A1")
    link = Link.objects.get(source_type="target", source_id=a1.pk, target=gbf3)  # 30x30 surely reaches GBF 3
    # Kenya's other focal point may see the plan: told once for GBF 3, whatever the number of links to it
    [suggested] = of_kind(kenya, "link_suggested")
    assert suggested.object_id == gbf3.pk and suggested.title == "New links were suggested for GBF 3"
    assert suggested.url == f"/targets/{gbf3.pk}/"
    assert mailbox.to(kenya.email) and "New links were suggested for GBF 3" in mailbox.to(kenya.email)[0]["Subject"]
    # Uganda's focal point follows GBF 3 but may not see Kenya's unpublished plan: not told; nor the planner
    assert of_kind(uganda, "link_suggested") == [] and of_kind(planner, "link_suggested") == []
    assert not mailbox.to(uganda.email)
    with django_capture_on_commit_callbacks(execute=True):
        patched = c.patch(f"/api/links/{link.pk}", {"review_state": "accepted"}, content_type="application/json")
    assert patched.status_code == 200, patched.content
    [accepted] = of_kind(kenya, "link_accepted")
    assert accepted.title == f"A link from {PLAN} A1 to GBF 3 was accepted" and accepted.object_type == "link"
    text = mailbox.to(kenya.email)[-1].get_body(("plain",)).get_content()
    assert f"{PLAN} A1" in text and f"/targets/{gbf3.pk}/" in text
    assert of_kind(uganda, "link_accepted") == [] and of_kind(planner, "link_accepted") == []
    assert all(PLAN not in m["Subject"] for m in mailbox.to(uganda.email))


def test_a_curated_link_between_public_targets_tells_the_followers_of_both_ends(person, as_user):
    staff, follower_of_gbf, follower_of_spms = person(CMS_STAFF), person(UGANDA_NFP), person(UGANDA_NFP)
    gbf4, spms = target("GBF", "4"), Target.objects.filter(framework__code="CMS-SPMS-2015-2023").order_by("pk")[0]
    follow(as_user(follower_of_gbf), gbf4.pk)
    follow(as_user(follower_of_spms), spms.pk)
    Link.objects.filter(source_type="target", source_id=spms.pk, target=gbf4).delete()
    made = as_user(staff).post("/api/links", {"source_type": "target", "source_id": spms.pk, "target": gbf4.pk,
                                              "relation": "contributes_to"}, content_type="application/json")
    assert made.status_code == 201, made.content
    expected = f"A link from {spms} to GBF 4 was accepted"
    assert [n.title for n in of_kind(follower_of_gbf, "link_accepted")] == [expected]
    assert [n.title for n in of_kind(follower_of_spms, "link_accepted")] == [expected]
    assert of_kind(staff, "link_accepted") == []
    # rejecting it tells nobody
    as_user(staff).patch(f"/api/links/{made.json()['id']}", {"review_state": "rejected"},
                         content_type="application/json")
    assert len(of_kind(follower_of_gbf, "link_accepted")) == 1
