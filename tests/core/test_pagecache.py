"""The anonymous page cache: hits for anonymous visitors, never a stale or personal answer, CSRF still right."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.core.pagecache import AnonymousPageCache
from liaison.decisions.models import Decision

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]



def a_decision() -> Decision:
    from django.contrib.auth.models import AnonymousUser

    from liaison.decisions.permissions import decision_visible_to

    return decision_visible_to(AnonymousUser()).select_related("convention").order_by("pk").first()


def test_the_second_anonymous_get_is_a_hit_with_the_same_page(client):
    decision = a_decision()
    first = client.get(f"/decisions/{decision.pk}/")
    second = client.get(f"/decisions/{decision.pk}/")
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first and second["X-Page-Cache"] == "hit"
    assert strip_tokens(second.content) == strip_tokens(first.content)


def test_public_api_gets_are_cached_too(client):
    client.get("/api/decisions?limit=2")
    second = client.get("/api/decisions?limit=2")
    assert second["X-Page-Cache"] == "hit" and second.json()["items"]
    assert "X-Page-Cache" not in client.get("/api/decisions?limit=3")  # the query string is part of the key


def test_a_save_changes_the_next_anonymous_answer(client):
    decision = a_decision()
    client.get(f"/decisions/{decision.pk}/")
    decision.title = "A title changed after the page was cached"
    decision.save()
    response = client.get(f"/decisions/{decision.pk}/")
    assert "X-Page-Cache" not in response
    assert b"A title changed after the page was cached" in response.content


def test_a_write_that_sends_no_signal_changes_the_next_anonymous_answer(client):
    decision = a_decision()
    client.get("/api/decisions?limit=500")
    Decision.objects.filter(pk=decision.pk).update(title="Changed by a queryset update")
    response = client.get("/api/decisions?limit=500")
    assert "X-Page-Cache" not in response
    assert "Changed by a queryset update" in [d["title"] for d in response.json()["items"]]


def test_every_write_of_a_transaction_changes_the_next_answer(client):
    decision = a_decision()
    for title in ("First change", "Second change in the same transaction"):
        client.get(f"/decisions/{decision.pk}/")
        Decision.objects.filter(pk=decision.pk).update(title=title)
        assert title.encode() in client.get(f"/decisions/{decision.pk}/").content


def test_a_committed_write_changes_the_version_again(client, django_capture_on_commit_callbacks):
    from liaison.core.pagecache import data_version

    with django_capture_on_commit_callbacks(execute=True):
        before = data_version()
        Convention.objects.filter(acronym="CMS").update(name="Convention on Migratory Species")
        during = data_version()
    assert before != during != data_version()


def test_a_signed_in_visitor_is_never_served_from_the_cache(client, client_for):
    decision = a_decision()
    client.get(f"/decisions/{decision.pk}/")
    assert client.get(f"/decisions/{decision.pk}/")["X-Page-Cache"] == "hit"
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    response = staff.get(f"/decisions/{decision.pk}/")
    assert "X-Page-Cache" not in response
    assert b"Sign out" in response.content


def test_a_signed_in_answer_is_never_stored_for_anonymous_visitors(client, client_for):
    decision = a_decision()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    staff.get(f"/decisions/{decision.pk}/")
    staff.get(f"/decisions/{decision.pk}/")
    response = client.get(f"/decisions/{decision.pk}/")
    assert "X-Page-Cache" not in response
    assert b"Sign out" not in response.content


def test_noting_a_signed_in_visit_leaves_the_anonymous_answers_cached(client, client_for):
    """A person's Visit row changes no shared answer (issue 18): with hundreds signed in at a meeting, each one's
    note every few minutes would otherwise make every cached page and fragment old for everyone."""
    from liaison.alerts.models import Visit

    decision = a_decision()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    client.get(f"/decisions/{decision.pk}/")
    assert staff.get("/").status_code == 200 and Visit.objects.count() == 1  # the visit is noted
    assert client.get(f"/decisions/{decision.pk}/")["X-Page-Cache"] == "hit"
    Visit.objects.update(since=None)
    assert client.get(f"/decisions/{decision.pk}/")["X-Page-Cache"] == "hit"
    Decision.objects.filter(pk=decision.pk).update(title="Changed after the visit")  # data still counts
    assert b"Changed after the visit" in client.get(f"/decisions/{decision.pk}/").content


def test_an_api_token_request_is_never_served_from_the_cache(client):
    client.get("/api/decisions?limit=2")
    response = client.get("/api/decisions?limit=2", headers={"Authorization": "Bearer not-a-token"})
    assert "X-Page-Cache" not in response


def test_sign_in_pages_are_not_cached(client):
    client.get("/accounts/login/")
    assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_an_answer_that_sets_a_cookie_is_not_cached():
    def view(request):
        response = HttpResponse("<p>hello</p>", content_type="text/html")
        response.set_cookie("tracking", "1")
        return response

    middleware = AnonymousPageCache(view)
    factory = RequestFactory()
    middleware(factory.get("/some-page/"))
    assert "X-Page-Cache" not in middleware(factory.get("/some-page/"))


def test_an_answer_without_cookies_from_the_same_stub_is_cached():
    middleware = AnonymousPageCache(lambda request: HttpResponse("<p>hello</p>", content_type="text/html"))
    factory = RequestFactory()
    middleware(factory.get("/other-page/"))
    assert middleware(factory.get("/other-page/"))["X-Page-Cache"] == "hit"


def strip_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def tokens(content: bytes) -> list[bytes]:
    return re.findall(rb'name="csrfmiddlewaretoken" value="([^"]*)"', content)


def test_each_visitor_gets_csrf_tokens_of_their_own_cookie_and_the_language_form_works():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get("/")
    hit = second.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert b"\x00" not in hit.content
    assert "csrftoken" in hit.cookies and hit.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    token = tokens(hit.content)[0].decode()
    changed = second.post("/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
    assert changed.status_code == 302
    refused = Client(enforce_csrf_checks=True)
    refused.cookies["csrftoken"] = first.cookies["csrftoken"].value
    stolen = refused.post("/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
    assert stolen.status_code == 403  # the token is tied to the second visitor's cookie, not shared


def test_the_language_is_part_of_the_key(client):
    client.get("/")
    french = client.get("/", headers={"Accept-Language": "fr"})
    assert "X-Page-Cache" not in french
    assert french["Content-Language"] == "fr"
