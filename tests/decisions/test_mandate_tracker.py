"""The mandate tracker: pages of 50, filters in the address, grouping, bulk changes for staff only, CSV export."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Role
from liaison.catalogue.models import Convention
from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph

pytestmark = pytest.mark.django_db


def tracked(n: int, *, acronym: str, owner=None) -> Decision:
    """Return a new decision of a new convention holding `n` mandates of three actors, one in two owned."""
    convention = Convention.objects.create(acronym=acronym, name=f"Tracker convention {acronym}")
    decision = Decision.objects.create(convention=convention, number="9.9", title="Tracker")
    revision = DecisionRevision.objects.create(decision=decision, content_hash=f"tracker-{acronym}",
                                               source_name="t.txt", source_format="txt")
    paragraphs = [Paragraph.objects.create(revision=revision, kind=Paragraph.OPERATIVE, order=i, number=str(i),
                                           text="Requests the Secretariat to act") for i in range(1, 4)]
    actors = [Actor.objects.get_or_create(code=f"tracker-actor-{i}", defaults={"label": f"Tracker actor {i}"})[0]
              for i in range(3)]
    Mandate.objects.bulk_create([
        Mandate(decision=decision, paragraph=paragraphs[i % 3], order=i, actor=actors[i % 3], verb="requests",
                action=f"act on item {i} " + "with a long explanation " * 8, owner=owner if i % 2 else None)
        for i in range(n)])
    return decision


def queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("viewer", ["anonymous", "staff"])
def test_tracker_queries_are_the_same_for_2_and_200_mandates(client, user_factory, viewer):
    staff = user_factory((Role.SECRETARIAT, "CMS"))
    if viewer == "staff":
        client.force_login(staff)
    few, many = tracked(2, acronym="TK2", owner=staff), tracked(200, acronym="TK200", owner=staff)
    counts = {}
    for decision in (few, many):
        acronym = decision.convention.acronym
        counts[decision.mandates.count()] = (
            queries(client, f"/mandates/?convention={acronym}"),
            queries(client, f"/mandates/?convention={acronym}&group=actor"),
            queries(client, f"/mandates/?decision={decision.pk}&group=decision&page=2"),
        )
    assert counts[2] == counts[200], counts


def test_pages_of_fifty_with_links_that_keep_the_filters(client):
    decision = tracked(120, acronym="TKP")
    page = client.get(f"/mandates/?decision={decision.pk}&q=item")
    assert page.context["total"] == 120 and len(page.context["mandates"]) == 50
    html = page.content.decode()
    assert f"?decision={decision.pk}&amp;q=item&amp;page=2" in html
    last = client.get(f"/mandates/?decision={decision.pk}&q=item&page=3")
    assert len(last.context["mandates"]) == 20


def test_each_filter_narrows_the_list(client, user_factory):
    owner = user_factory((Role.SECRETARIAT, "CMS"))
    decision = tracked(30, acronym="TKF", owner=owner)
    base = "/mandates/?convention=TKF"
    assert client.get(base).context["total"] == 30
    assert client.get(f"{base}&actor=tracker-actor-1").context["total"] == 10
    assert client.get(f"{base}&owner={owner.pk}").context["total"] == 15
    assert client.get(f"{base}&q=item+17+").context["total"] == 1
    assert client.get(f"/mandates/?decision={decision.pk}&status=done").context["total"] == 0
    Mandate.objects.filter(decision=decision, order__lt=4).update(status=Mandate.DONE)
    assert client.get(f"/mandates/?decision={decision.pk}&status=done").context["total"] == 4


def test_grouping_by_addressee_shows_one_heading_per_addressee(client):
    tracked(9, acronym="TKG")
    html = client.get("/mandates/?convention=TKG&group=actor").content.decode()
    assert html.count('<tr class="group">') == 3
    assert html.index("Tracker actor 0") < html.index("Tracker actor 1") < html.index("Tracker actor 2")


def test_the_action_is_one_line_with_its_full_text_on_hover(client):
    tracked(1, acronym="TKL")
    html = client.get("/mandates/?convention=TKL").content.decode()
    assert 'class="tracker"' in html
    assert 'title="requests: act on item 0 with a long explanation' in html


def test_staff_change_status_and_owner_of_several_mandates(client_for, user_factory):
    decision = tracked(6, acronym="TKB")
    staff_client = client_for((Role.SECRETARIAT, "TKB"))
    colleague = user_factory((Role.SECRETARIAT, "TKB"))
    ids = list(decision.mandates.order_by("order").values_list("pk", flat=True)[:3])
    response = staff_client.post("/mandates/", {"ids": ids, "status": "in_progress", "owner": colleague.pk,
                                                "back": "?convention=TKB"})
    assert response.status_code == 302 and response["Location"] == "/mandates/?convention=TKB"
    changed = Mandate.objects.filter(pk__in=ids)
    assert {m.status for m in changed} == {"in_progress"} and {m.owner_id for m in changed} == {colleague.pk}
    assert decision.mandates.exclude(pk__in=ids).filter(status="in_progress").count() == 0


def test_bulk_change_is_refused_to_non_staff_and_changes_nothing(client, client_for):
    decision = tracked(3, acronym="TKR")
    ids = list(decision.mandates.values_list("pk", flat=True))
    other_staff = client_for((Role.SECRETARIAT, "CMS"))
    focal_point = client_for((Role.FOCAL_POINT, "CMS", "KEN"))
    assert other_staff.post("/mandates/", {"ids": ids, "status": "done"}).status_code == 403
    assert focal_point.post("/mandates/", {"ids": ids, "status": "done"}).status_code == 403
    anonymous = client.post("/mandates/", {"ids": ids, "status": "done"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert not Mandate.objects.filter(pk__in=ids, status="done").exists()


def test_bulk_change_is_all_or_nothing_across_conventions(client_for):
    mine, theirs = tracked(2, acronym="TKM"), tracked(2, acronym="TKT")
    staff = client_for((Role.SECRETARIAT, "TKM"))
    ids = list(Mandate.objects.filter(decision__in=[mine, theirs]).values_list("pk", flat=True))
    assert staff.post("/mandates/", {"ids": ids, "status": "done"}).status_code == 403
    assert not Mandate.objects.filter(pk__in=ids, status="done").exists()


@pytest.mark.parametrize("form", [
    {"status": "done"},  # no ids
    {"ids": ["abc"], "status": "done"},
    {"ids": ["1"], "status": "superseded"},
    {"ids": ["1"]},  # nothing to change
    {"ids": ["1"], "owner": "999999999"},
])
def test_bad_bulk_forms_answer_422(client_for, form):
    staff = client_for((Role.SECRETARIAT, "CMS"))
    assert staff.post("/mandates/", form).status_code == 422


def test_the_owner_must_be_staff_of_each_mandates_convention(client_for, user_factory):
    decision = tracked(2, acronym="TKO")
    staff = client_for((Role.ADMIN,))
    outsider = user_factory((Role.SECRETARIAT, "CMS"))
    ids = list(decision.mandates.values_list("pk", flat=True))
    assert staff.post("/mandates/", {"ids": ids, "owner": outsider.pk}).status_code == 422
    assert not Mandate.objects.filter(pk__in=ids, owner=outsider).exists()


def test_csv_export_of_the_filtered_list_neutralises_formulas(client):
    decision = tracked(60, acronym="TKC")
    Mandate.objects.filter(decision=decision, order=0).update(action="=HYPERLINK(\"http://evil\")")
    response = client.get(f"/mandates/?decision={decision.pk}&actor=tracker-actor-0&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["convention", "decision", "paragraph"]
    assert len(rows) == 1 + 20  # every filtered mandate, not one page
    assert rows[1][5] == "'=HYPERLINK(\"http://evil\")"
