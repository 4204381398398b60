"""Following a country's reports: who may (its people, staff, reviewers), what each follower is told (only the
reports they may read), and the follow gone with the role that allowed it."""

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.catalogue.models import Country
from tests.alerts.reports import reopen

pytestmark = pytest.mark.django_db

# Uganda: Kenya's CBD seventh report is in the demo data, already submitted
UGA_FP, UGA_CONTRIBUTOR = (Role.FOCAL_POINT, "CBD", "UGA"), (Role.CONTRIBUTOR, "CBD", "UGA")
KEN_FP, CBD_STAFF, CMS_STAFF = (Role.FOCAL_POINT, "CBD", "KEN"), (Role.SECRETARIAT, "CBD"), (Role.SECRETARIAT, "CMS")
WILD = (Role.PARTNER, None, None, "Wild Migration")


def follow_country(client, key):
    return client.post("/api/follows", {"type": "country_reports", "key": key}, content_type="application/json")


def told(user, kind) -> list[int]:
    return list(Notification.objects.filter(user=user, kind=kind).values_list("object_id", flat=True))




def test_who_may_follow_a_countrys_reports(person, as_user, client):
    uganda = Country.objects.get(iso3="UGA")
    for roles in ((UGA_FP,), (UGA_CONTRIBUTOR,), (CBD_STAFF,), (CMS_STAFF,)):
        created = follow_country(as_user(person(*roles)), "UGA")
        assert created.status_code == 201, roles
        assert created.json()["object_id"] == uganda.pk and created.json()["key"] == "UGA"
    staff = as_user(person(CBD_STAFF))
    assert follow_country(staff, "UGA").status_code == 201
    again = staff.post("/api/follows", {"type": "country_reports", "id": uganda.pk}, content_type="application/json")
    assert again.status_code == 200  # by its id too: the same follow
    assert follow_country(staff, "uga").status_code == 200
    before = Follow.objects.count()
    # a focal point of another country, a partner: no report of Uganda is theirs to read
    assert follow_country(as_user(person(KEN_FP)), "UGA").status_code == 404
    assert follow_country(as_user(person(WILD)), "UGA").status_code == 404
    assert follow_country(client, "UGA").status_code == 401
    assert follow_country(staff, "XYZ").status_code == 404
    assert staff.post("/api/follows", {"type": "country_reports"}, content_type="application/json").status_code == 422
    assert follow_country(staff, "K" * 500).status_code == 422
    assert Follow.objects.count() == before
    listed = staff.get("/api/follows").json()["items"]
    assert [(f["type"], f["key"]) for f in listed] == [("country_reports", "UGA")]


def test_a_countrys_followers_are_told_only_of_the_reports_they_may_read(person, as_user):
    fp, contributor, delegate = person(UGA_FP), person(UGA_CONTRIBUTOR), person(UGA_CONTRIBUTOR)
    deciding, cbd_follower, cbd_staff, cms_follower = person(CBD_STAFF), person(CBD_STAFF), person(CBD_STAFF), \
        person(CMS_STAFF)
    kenya = person(KEN_FP)
    for user in (contributor, delegate, cbd_follower, cms_follower):
        assert follow_country(as_user(user), "UGA").status_code == 201
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    sections = [s["key"] for s in c.get(f"/api/reporting/reports/{report}").json()["sections"]]
    delegated = c.post(f"/api/reporting/reports/{report}/delegations",
                       {"section": sections[0], "username": delegate.username}, content_type="application/json")
    assert delegated.status_code == 201, delegated.content
    assert told(delegate, "section_delegated") == [report]
    # the draft: told to who may read it (the delegate), not to the staff nor to a contributor with no section
    assert told(contributor, "report_delegated") == [] and told(cbd_follower, "report_delegated") == []
    assert told(cms_follower, "report_delegated") == []
    second = c.post(f"/api/reporting/reports/{report}/delegations",
                    {"section": sections[1], "username": contributor.username}, content_type="application/json")
    assert second.status_code == 201, second.content
    assert told(delegate, "report_delegated") == [report]  # reads part of it: told of its country's report
    # submitted, then sent back to the country: every follower who reads it now is told
    reopen(c, as_user(deciding), report)
    assert told(cbd_follower, "report_reopened") == [report] and told(contributor, "report_reopened") == [report]
    assert told(delegate, "report_reopened") == [report]
    assert told(cms_follower, "report_reopened") == []  # another convention's staff reads no CBD report
    assert told(kenya, "report_reopened") == [] and told(deciding, "report_reopened") == []
    # the follower told through the follow; a staff member who follows nothing, through the role
    assert Notification.objects.get(user=cbd_follower, kind="report_reopened").staff_of_id is None
    assert Notification.objects.get(user=cbd_staff, kind="report_reopened").staff_of.acronym == "CBD"
    # the notification centre shows it
    page = as_user(cbd_follower).get("/api/notifications").json()
    assert [i["kind"] for i in page["items"]] == ["report_reopened"] and page["unread"] == 1


def test_a_follower_who_loses_the_role_loses_the_follow_and_its_unread_notifications(person, as_user):
    fp, deciding, contributor = person(UGA_FP), person(CBD_STAFF), person(UGA_CONTRIBUTOR)
    assert follow_country(as_user(contributor), "UGA").status_code == 201
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cbd-nr7-gbf", "country": "UGA"},
                    content_type="application/json").json()["id"]
    reopen(c, as_user(deciding), report)
    assert told(contributor, "report_reopened") == [report]
    Role.objects.filter(user=contributor).delete()
    reopen(c, as_user(deciding), report)
    assert not Follow.objects.filter(user=contributor).exists()
    assert not Notification.objects.filter(user=contributor).exists()  # unread and no longer readable: gone
    assert follow_country(as_user(contributor), "UGA").status_code == 404


def test_the_country_page_follows_and_unfollows(person, as_user, client):
    user = person(UGA_FP)
    c = as_user(user)
    page = c.get("/countries/UGA/").content.decode()
    assert 'action="/notifications/follows/"' in page and 'name="key" value="UGA"' in page
    followed = c.post("/notifications/follows/", {"type": "country_reports", "key": "UGA", "next": "/countries/UGA/"})
    assert followed.status_code == 302 and followed["Location"] == "/countries/UGA/"
    follow = Follow.objects.get(user=user, object_type="country_reports")
    page = c.get("/countries/UGA/").content.decode()
    assert f'action="/notifications/follows/{follow.pk}/delete/"' in page and "Unfollow" in page
    # a follow of another person cannot be removed; a foreign `next` is not followed
    other = as_user(person(UGA_FP))
    assert other.post(f"/notifications/follows/{follow.pk}/delete/").status_code == 404
    gone = c.post(f"/notifications/follows/{follow.pk}/delete/", {"next": "https://evil.example/"})
    assert gone.status_code == 302 and gone["Location"] == "/notifications/"
    assert not Follow.objects.filter(user=user).exists()
    # who may not follow it sees no button; a bad form answers 4xx and stores nothing
    assert 'action="/notifications/follows/"' not in as_user(person(KEN_FP)).get("/countries/UGA/").content.decode()
    assert 'action="/notifications/follows/"' not in client.get("/countries/UGA/").content.decode()
    assert c.post("/notifications/follows/", {"type": "country_reports", "key": "XYZ"}).status_code == 404
    assert c.post("/notifications/follows/", {"type": "secret", "key": "UGA"}).status_code in (400, 422)
    assert c.post("/notifications/follows/", {"type": "country_reports", "id": "9" * 40}).status_code in (400, 422)
    assert not Follow.objects.filter(user=user).exists()
