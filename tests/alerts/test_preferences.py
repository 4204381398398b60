"""Mail preferences per person and kind: the API, the page, and the unsubscribe link setting "none"."""

import pytest

from liaison.alerts.mail import unsubscribe_token
from liaison.alerts.models import MailPreference, Notification

pytestmark = pytest.mark.django_db

URL = "/api/notifications/preferences"


def test_preferences_api_reads_every_kind_and_changes_some(person, as_user, client):
    user = person()
    c = as_user(user)
    every = c.get(URL).json()["preferences"]
    assert set(every) == {k for k, _l in Notification.KINDS} and set(every.values()) == {"immediate"}
    response = c.put(URL, {"preferences": {"decision_referenced": "daily", "report_due": "weekly"}},
                     content_type="application/json")
    assert response.status_code == 200
    after = response.json()["preferences"]
    assert after["decision_referenced"] == "daily" and after["report_due"] == "weekly"
    assert after["mandate_changed"] == "immediate"
    assert c.get(URL).json()["preferences"] == after
    # another person's preferences are not touched, nor read
    other = person()
    assert set(as_user(other).get(URL).json()["preferences"].values()) == {"immediate"}
    assert client.get(URL).status_code == 401


def test_bad_preferences_answer_422_and_store_nothing(person, as_user):
    user = person()
    c = as_user(user)
    for payload in ({"preferences": {"no_such_kind": "daily"}},
                    {"preferences": {"decision_referenced": "hourly"}},
                    {"preferences": {"decision_referenced": "daily", "report_due": "monthly"}},
                    {"preferences": {"decision_referenced": 3}}, {"preferences": []}, {}):
        response = c.put(URL, payload, content_type="application/json")
        assert response.status_code in (400, 422), payload
    assert not MailPreference.objects.filter(user=user).exists()


def test_preferences_page_shows_and_saves_the_choice(person, as_user, client):
    user = person()
    c = as_user(user)
    page = c.get("/notifications/preferences/")
    assert page.status_code == 200 and 'name="section_delegated"' in page.content.decode()
    assert "/notifications/preferences/" in c.get("/notifications/").content.decode()  # linked from the list
    saved = c.post("/notifications/preferences/", {"section_delegated": "weekly", "report_submitted": "none"})
    assert saved.status_code == 200
    assert dict(MailPreference.objects.filter(user=user).values_list("kind", "frequency")) == {
        "section_delegated": "weekly", "report_submitted": "none"}
    assert '<option value="weekly" selected>' in saved.content.decode()
    refused = c.post("/notifications/preferences/", {"section_delegated": "daily", "report_due": "yearly"})
    assert refused.status_code == 400
    assert MailPreference.objects.get(user=user, kind="section_delegated").frequency == "weekly"  # unchanged
    assert client.get("/notifications/preferences/").status_code in (302, 401)


def test_the_unsubscribe_link_sets_none_for_that_kind(person, as_user, client):
    user = person()
    as_user(user).put(URL, {"preferences": {"report_due": "daily"}}, content_type="application/json")
    token = unsubscribe_token(user_id=user.pk, kind="report_due")
    assert client.post(f"/notifications/unsubscribe/{user.pk}/{token}/").status_code == 200
    assert MailPreference.objects.get(user=user, kind="report_due").frequency == "none"
    assert as_user(user).get(URL).json()["preferences"]["report_due"] == "none"


def test_the_preferences_page_lists_what_one_follows_and_unfollows_it(person, as_user):
    from liaison.alerts.models import Follow
    from liaison.alerts.services import follow_create
    from liaison.catalogue.models import Convention
    from liaison.decisions.models import Decision

    user = person()
    c = as_user(user)
    assert "You follow nothing yet" in c.get("/notifications/preferences/").content.decode()
    decision = Decision.objects.order_by("pk").first()
    follow_create(user=user, object_type="decision", object_id=decision.pk)
    follow_create(user=user, object_type="convention", object_id=Convention.objects.get(acronym="CMS").pk)
    page = c.get("/notifications/preferences/").content.decode()
    assert "You follow 2 things." in page
    assert f'href="/decisions/{decision.pk}/"' in page and 'href="/conventions/CMS/"' in page
    follow = Follow.objects.get(user=user, object_type="decision")
    answer = c.post(f"/notifications/follows/{follow.pk}/delete/", {"next": "/notifications/preferences/#follows"})
    assert answer.status_code == 302 and answer["Location"] == "/notifications/preferences/#follows"
    assert "You follow 1 thing." in c.get("/notifications/preferences/").content.decode()
    # another person's list is their own
    assert "You follow nothing yet" in as_user(person()).get("/notifications/preferences/").content.decode()


def test_the_list_leaves_out_what_one_may_no_longer_see(person, as_user):
    from liaison.accounts.access import access_forget
    from liaison.accounts.models import Role
    from liaison.alerts.services import follow_create
    from liaison.partnerships.models import Partnership

    staff, member = person((Role.SECRETARIAT, "CMS")), person((Role.PARTNER, None, None, "Wild Migration"))
    pk = as_user(staff).post("/api/partnerships", {
        "title": "Confidential flyway partnership", "instrument": "mou", "convention": "CMS",
        "organizations": ["Wild Migration"], "published": False}, content_type="application/json").json()["id"]
    follow_create(user=member, object_type="partnership", object_id=pk)
    assert "Confidential flyway partnership" in as_user(member).get("/notifications/preferences/").content.decode()
    Role.objects.filter(user=member).delete()
    access_forget(member)
    page = as_user(member).get("/notifications/preferences/").content.decode()
    assert "Confidential flyway partnership" not in page
    assert Partnership.objects.filter(pk=pk).exists()
