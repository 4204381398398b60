"""Shared fragments: the signed-in decision page renders its body once for every reader, never stale."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Role
from liaison.decisions.models import Decision, Mandate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]



def decision_with_mandates() -> Decision:
    return Decision.objects.filter(mandates__isnull=False).select_related("convention").order_by("pk").first()


def body(content: bytes) -> bytes:
    """The page between the header and the footer, without CSRF tokens."""
    main = re.search(rb"<main.*?</main>", content, re.S)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", main.group(0) if main else content)


def test_a_cached_body_is_the_body_rendered_without_the_cache(client_for, settings):
    decision = decision_with_mandates()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    settings.LIAISON_PAGE_CACHE_SECONDS = 0
    fresh = staff.get(f"/decisions/{decision.pk}/")
    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    staff.get(f"/decisions/{decision.pk}/")  # fills the fragment
    with CaptureQueriesContext(connection) as captured:
        cached = staff.get(f"/decisions/{decision.pk}/")
    assert fresh.status_code == cached.status_code == 200
    assert body(cached.content) == body(fresh.content)
    # The paragraphs, mandates and references are not read again: only the session, the roles and the decision.
    assert not any("decisions_paragraph" in q["sql"] for q in captured.captured_queries)


def test_one_reader_fills_the_fragment_for_another_and_each_keeps_their_own_header(client_for):
    decision = decision_with_mandates()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    focal_point = client_for((Role.FOCAL_POINT, decision.convention.acronym, "KEN"))
    first = staff.get(f"/decisions/{decision.pk}/")
    second = focal_point.get(f"/decisions/{decision.pk}/")
    assert body(first.content) == body(second.content)
    assert first.context["user"] != second.context["user"]
    assert first.context["user"].username.encode() in first.content
    assert second.context["user"].username.encode() in second.content
    assert first.context["user"].username.encode() not in second.content


def test_a_write_shows_at_once_on_the_signed_in_page(client_for):
    decision = decision_with_mandates()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    staff.get(f"/decisions/{decision.pk}/")
    mandate = decision.mandates.exclude(status=Mandate.SUPERSEDED).first()
    mandate.deadline = "by 31 December 2031, a deadline written after the page was cached"
    mandate.save()
    assert b"a deadline written after the page was cached" in staff.get(f"/decisions/{decision.pk}/").content


def test_the_language_is_part_of_the_key(client_for):
    decision = decision_with_mandates()
    staff = client_for((Role.SECRETARIAT, decision.convention.acronym))
    english = staff.get(f"/decisions/{decision.pk}/", HTTP_ACCEPT_LANGUAGE="en").content
    french = staff.get(f"/decisions/{decision.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert b"Operative paragraphs" in english
    assert b"Operative paragraphs" not in french


def test_a_fragment_holding_a_csrf_token_is_never_cached(rf):
    from django.middleware.csrf import get_token
    from django.template import engines

    template = engines["django"].from_string(
        '{% load fragments %}{% shared_fragment "with-form" 1 %}<form method="post">{% csrf_token %}</form>'
        "{% endshared_fragment %}")
    first, second = rf.get("/"), rf.get("/")
    get_token(first), get_token(second)
    html_first = template.render({}, first)
    html_second = template.render({}, second)
    assert "csrfmiddlewaretoken" in html_first and html_first != html_second


@pytest.mark.parametrize("role", [(Role.SECRETARIAT, "CMS"), (Role.PARTNER, None, None, "Wild Migration")])
def test_the_mandate_tracker_with_cached_rows_is_the_tracker_rendered_without_them(client_for, settings, role):
    viewer = client_for(role)
    for url in ("/mandates/?convention=CMS", "/mandates/?group=actor&page=2"):
        settings.LIAISON_PAGE_CACHE_SECONDS = 0
        fresh = viewer.get(url)
        settings.LIAISON_PAGE_CACHE_SECONDS = 300
        viewer.get(url)
        cached = viewer.get(url)
        assert body(cached.content) == body(fresh.content)


def test_staff_checkboxes_never_reach_a_reader_who_is_not_staff(client_for):
    staff = client_for((Role.SECRETARIAT, "CMS"))
    partner = client_for((Role.PARTNER, None, None, "Wild Migration"))
    assert b'name="ids"' in staff.get("/mandates/?convention=CMS").content
    assert b'name="ids"' not in partner.get("/mandates/?convention=CMS").content


def test_a_status_change_shows_at_once_in_the_tracker(client_for):
    staff = client_for((Role.SECRETARIAT, "CMS"))
    url = "/mandates/?convention=CMS&status=implemented"
    before = staff.get(url).context["total"]
    mandate = Mandate.objects.filter(decision__convention__acronym="CMS").exclude(
        status__in=[Mandate.SUPERSEDED, "implemented"]).first()
    mandate.status = "implemented"
    mandate.save()
    after = staff.get(url)
    assert after.context["total"] == before + 1
    assert f'value="{mandate.pk}"'.encode() in after.content


def test_the_home_page_body_is_shared_and_its_counts_follow_writes(client, settings):
    # the public home page (a signed-in person has their own home since issue 16: what waits for them)
    staff = client
    settings.LIAISON_PAGE_CACHE_SECONDS = 0
    fresh = staff.get("/")
    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    staff.get("/")
    assert body(staff.get("/").content) == body(fresh.content)
    settings.LIAISON_PAGE_CACHE_SECONDS = 0  # the page rendered each time: its shared fragment is what is cached
    staff.get("/")
    before = staff.get("/").context["stats"]["decisions"]
    decision = decision_with_mandates()
    Decision.objects.create(convention=decision.convention, number="99.99", title="Counted at once")
    assert staff.get("/").context["stats"]["decisions"] == before + 1
    assert f">{before + 1}<".encode() in staff.get("/").content
