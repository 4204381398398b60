"""Following through the API: only what one may see; one's own follows and notifications only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.alerts.services import notify
from liaison.decisions.models import Decision
from liaison.frameworks.models import Target

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "CBD", "KEN")
UGA_FP = (Role.FOCAL_POINT, "CBD", "UGA")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
WILD = (Role.PARTNER, None, None, "Wild Migration")
IUCN = (Role.PARTNER, None, None, "IUCN Environmental Law Centre")
PLAN_CSV = """level,code,parent,type,title.en,text.en
framework,KE-ALERTS-2030,,nbsap,Kenya plan (unpublished),
goal,A,,,Ecosystems,Protect and restore Kenya's ecosystems
target,A1,A,,,"By 2030, 30 per cent of land and sea areas are conserved"
"""


def follow(client, kind, pk):
    return client.post("/api/follows", {"type": kind, "id": pk}, content_type="application/json")


def unpublished_plan_target(client) -> int:
    response = client.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", PLAN_CSV.encode()),
                                                      "country": "KEN", "published": "false"})
    assert response.status_code in (200, 201), response.content
    return Target.objects.get(framework__code="KE-ALERTS-2030", code="A1").pk


def unpublished_partnership(client) -> int:
    response = client.post("/api/partnerships", {
        "title": "Alerts flyway partnership", "instrument": "mou", "convention": "CMS",
        "organizations": ["Wild Migration"], "published": False}, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    return response.json()["id"]


def test_an_outsider_cannot_follow_an_unpublished_plan_or_partnership(person, as_user, client):
    kenya, uganda = as_user(person(KEN_FP)), as_user(person(UGA_FP))
    target = unpublished_plan_target(kenya)
    assert follow(uganda, "target", target).status_code == 404
    assert follow(client, "target", target).status_code == 401
    assert follow(kenya, "target", target).status_code == 201
    assert follow(kenya, "target", target).status_code == 200  # already followed: the same follow
    staff, wild, iucn = as_user(person(CMS_STAFF)), as_user(person(WILD)), as_user(person(IUCN))
    partnership = unpublished_partnership(staff)
    assert follow(iucn, "partnership", partnership).status_code == 404
    assert follow(uganda, "partnership", partnership).status_code == 404
    assert follow(wild, "partnership", partnership).status_code == 201
    # the refusals stored nothing
    assert Follow.objects.filter(object_type="target", object_id=target).count() == 1
    assert Follow.objects.filter(object_type="partnership", object_id=partnership).count() == 1


def test_bad_follows_answer_4xx_and_store_nothing(person, as_user):
    kenya = as_user(person(KEN_FP))
    before = Follow.objects.count()
    assert follow(kenya, "secret", 1).status_code == 422
    assert follow(kenya, "decision", 2**63).status_code == 422
    assert follow(kenya, "decision", 0).status_code == 422
    assert follow(kenya, "decision", 2**62).status_code == 404
    assert kenya.post("/api/follows", "not json", content_type="application/json").status_code in (400, 422)
    assert kenya.delete("/api/follows/999999999").status_code == 404
    assert kenya.post("/api/notifications/999999999/read").status_code == 404
    assert Follow.objects.count() == before


def test_follows_list_and_delete_are_ones_own(person, as_user):
    anne, bob = person(KEN_FP), person(UGA_FP)
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    created = follow(as_user(anne), "decision", decision.pk).json()
    listed = as_user(anne).get("/api/follows").json()
    assert listed["count"] == 1 and listed["items"][0]["object_id"] == decision.pk
    assert as_user(bob).get("/api/follows").json()["count"] == 0
    assert as_user(bob).delete(f"/api/follows/{created['id']}").status_code == 404
    assert as_user(anne).delete(f"/api/follows/{created['id']}").status_code == 204
    assert not Follow.objects.filter(pk=created["id"]).exists()


def test_notifications_api_page_and_header_count(person, as_user, client):
    anne, bob = person(KEN_FP), person(UGA_FP)
    decision = Decision.objects.select_related("convention").get(convention__acronym="CMS", number="11.10")
    follow(as_user(anne), "decision", decision.pk)
    notify(Notification.DECISION_REFERENCED, decision, f"/decisions/{decision.pk}/", "First")
    notify(Notification.DECISION_REFERENCED, decision, f"/decisions/{decision.pk}/", "Second")
    a = as_user(anne)
    page = a.get("/api/notifications?unread=1&limit=1").json()
    assert page["count"] == 2 and page["unread"] == 2 and len(page["items"]) == 1
    newest = page["items"][0]
    assert newest["title"] == "Second" and newest["read_at"] is None
    assert as_user(bob).post(f"/api/notifications/{newest['id']}/read").status_code == 404
    assert as_user(bob).get("/api/notifications").json()["count"] == 0
    assert a.post(f"/api/notifications/{newest['id']}/read").json()["read_at"]
    assert a.get("/api/notifications?unread=1").json()["count"] == 1
    assert a.get("/api/notifications").json()["count"] == 2
    assert client.get("/api/notifications").status_code == 401
    html = a.get("/notifications/?kind=decision_referenced").content.decode()
    assert "First" in html and "Second" in html
    assert "First" not in a.get("/notifications/?kind=report_submitted").content.decode()
    assert 'class="count">1<' in a.get("/decisions/").content.decode()  # the header's unread count
    assert a.post("/notifications/read/").status_code == 302
    assert 'class="count">0<' in a.get("/decisions/").content.decode()
    assert client.get("/notifications/").status_code == 302  # sign in first


def test_the_header_count_is_one_query(person, as_user, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    anne = person(KEN_FP)
    request = RequestFactory().get("/")
    request.user = anne
    with django_assert_num_queries(1):
        out = Template("{% load alerts_nav %}{% notifications_link %}").render(Context({"request": request}))
    assert "/notifications/" in out
