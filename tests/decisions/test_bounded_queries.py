"""The mandate tracker page and /api/mandates make as many queries for 200 mandates as for 2."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph

pytestmark = pytest.mark.django_db


def decision_with_mandates(n: int, owner) -> Decision:
    """Return a new decision of a new convention holding `n` mandates of three actors, one in two owned."""
    convention = Convention.objects.create(acronym=f"TQ{n}", name=f"Test convention {n}")
    decision = Decision.objects.create(convention=convention, number="1.1", title="Query bounds")
    revision = DecisionRevision.objects.create(decision=decision, content_hash=f"bounded-{n}", source_name="t.txt",
                                               source_format="txt")
    paragraphs = [Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=i, number=str(i),
                                           text="Requests the Secretariat to act") for i in range(1, 4)]
    actors = [Actor.objects.get_or_create(code=f"bounded-actor-{i}", defaults={"label": f"Actor {i}"})[0]
              for i in range(3)]
    Mandate.objects.bulk_create([
        Mandate(decision=decision, paragraph=paragraphs[i % 3], order=i, actor=actors[i % 3], verb="requests",
                action=f"act {i}", owner=owner if i % 2 else None) for i in range(n)])
    return decision


def queries(client, url: str) -> int:
    client.get(url)  # warm-up: the first request of a session loads the session and caches once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("viewer", ["anonymous", "staff"])
def test_mandate_list_page_and_api_queries_do_not_grow_with_rows(client, user_factory, viewer):
    staff = user_factory((Role.SECRETARIAT, "CMS"))
    if viewer == "staff":
        client.force_login(staff)
    few, many = decision_with_mandates(2, staff), decision_with_mandates(200, staff)
    counts = {}
    for decision in (few, many):
        acronym = decision.convention.acronym
        counts[decision.mandates.count()] = (
            queries(client, f"/mandates/?convention={acronym}"),
            queries(client, f"/mandates/?decision={decision.pk}"),
            queries(client, f"/api/mandates?convention={acronym}&limit=500"),
            queries(client, f"/api/mandates?decision={decision.pk}&limit=500"),
        )
    assert counts[2] == counts[200], counts
    print(f"mandate list queries ({viewer}): page, page by decision, API, API by decision = {counts[200]}")


def test_the_page_lists_every_mandate_it_counts(client, user_factory):
    decision = decision_with_mandates(200, user_factory())
    page = client.get(f"/mandates/?decision={decision.pk}")
    assert len(page.context["mandates"]) == 50 and page.context["total"] == 200  # pages of 50 (issue 12)
    assert len(client.get(f"/mandates/?decision={decision.pk}&page=4").context["mandates"]) == 50
    assert client.get(f"/api/mandates?decision={decision.pk}&limit=500").json()["count"] == 200


def test_decision_list_page_shows_pages_of_a_hundred_and_every_decision_once(client):
    """The list no longer renders every decision at once: pages of 100, each decision on exactly one page."""
    total = Decision.objects.count()
    assert total > 100  # the bundled data (the WHC compilation alone holds 280)
    first = client.get("/decisions/")
    assert first.context["page"].paginator.count == total
    pages = first.context["page"].paginator.num_pages
    seen = []
    for number in range(1, pages + 1):
        page = client.get(f"/decisions/?page={number}").context["page"]
        assert len(page.object_list) <= 100
        seen += [d.pk for d in page.object_list]
    assert sorted(seen) == sorted(Decision.objects.values_list("pk", flat=True))
    assert client.get("/decisions/?page=999999").status_code == 200  # past the end: the last page
    assert client.get("/decisions/?page=abc").status_code == 200  # not a number: the first page


def test_decision_list_and_framework_list_queries_do_not_grow_with_rows(client):
    """The per-row counts are subqueries: one list query, whatever the number of decisions or frameworks."""
    before = {url: queries(client, url) for url in ("/decisions/", "/frameworks/", "/conventions/")}
    decision_with_mandates(50, owner=None)
    after = {url: queries(client, url) for url in ("/decisions/", "/frameworks/", "/conventions/")}
    assert after == before
