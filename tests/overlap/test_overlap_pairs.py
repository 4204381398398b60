"""The overlap report's pairs through the API and the pages: filters, counts, order, pages, access."""

import re

import pytest
from django.utils import timezone

from liaison.accounts.models import Role
from liaison.decisions.models import Decision
from liaison.overlap.models import OverlapPair, OverlapRun, Theme
from liaison.overlap.pairs import document_label

pytestmark = pytest.mark.django_db

CMS_STAFF = (Role.SECRETARIAT, "CMS")
# Two paragraphs on one subject (island invasive species), so the pages' default reading keeps the pair.
TEXT_A = ("Requests Parties to control invasive alien species on islands through eradication programmes, "
          "biosecurity measures at ports and monitoring of seabird colonies.")
TEXT_B = ("Urges Parties to eradicate invasive alien species on islands through biosecurity measures at ports, "
          "eradication programmes and monitoring of seabird colonies.")
# Treaty machinery: the pages leave it out unless asked for every pair.
MACHINERY = "Extraordinary meetings of the Conference of the Parties shall be held at the written request of a Party."


def label(decision: Decision) -> str:
    return document_label(decision.convention.acronym, decision.kind, decision.number)


def side(document: str, convention: str, paragraph: str, text: str) -> dict:
    return {"document": document, "convention": convention, "paragraph": paragraph, "text": text}


@pytest.fixture
def report():
    """A finished run (the latest) with pairs between real decisions and treaty texts, one of them superseded."""
    cms = Decision.objects.filter(convention__acronym="CMS", has_text=True).order_by("pk")[:3]
    whc = Decision.objects.filter(convention__acronym="WHC", has_text=True).order_by("pk")[:2]
    cms_a, cms_b, cms_old = cms
    whc_a, whc_b = whc
    Decision.objects.filter(pk__in=[cms_a.pk, cms_b.pk, whc_a.pk, whc_b.pk]).update(status=Decision.IN_EFFECT)
    Decision.objects.filter(pk=cms_old.pk).update(status=Decision.SUPERSEDED)
    run = OverlapRun.objects.create(state=OverlapRun.DONE, threshold=0.85, paragraphs=10, done=4,
                                    finished_at=timezone.now())
    Theme.objects.create(run=run, slug="invasive-alien-species", label="Invasive alien species", terms=["invasive"],
                         members=[], conventions=["CMS", "WHC"])

    def pair(a, b, score, themes=(), kind="semantic"):
        return OverlapPair.objects.create(run=run, kind=kind, cross=a["convention"] != b["convention"], score=score,
                                          a=a, b=b, convention_a=a["convention"], convention_b=b["convention"],
                                          shared=["invasive alien species on islands through"], themes=list(themes))

    pairs = {
        # the superseded side scores highest: the default order still puts both-in-effect pairs first
        "superseded": pair(side(label(cms_old), "CMS", "1", TEXT_A), side(label(whc_a), "WHC", "2", TEXT_B), 0.97),
        "top": pair(side(label(cms_a), "CMS", "3", TEXT_A), side(label(whc_a), "WHC", "4", TEXT_B), 0.93,
                    themes=["invasive-alien-species"]),
        "treaty": pair(side(label(cms_b), "CMS", "5", TEXT_A), side("CBD treaty text", "CBD", "Article 8(h)", TEXT_B),
                       0.90),
        "machinery": pair(side("CMS treaty text", "CMS", "Article VII(3)", MACHINERY),
                          side("CBD treaty text", "CBD", "Article 23(2)", MACHINERY), 0.96),
        # a decision that is not (or no longer) stored, e.g. one of an unpublished batch, is never shown
        "unseen": pair(side("CMS Resolution 99.999", "CMS", "1", TEXT_A), side(label(whc_b), "WHC", "1", TEXT_B),
                       0.99),
        "internal": pair(side(label(cms_a), "CMS", "7", TEXT_A), side(label(cms_b), "CMS", "8", TEXT_B), 0.95),
    }
    for n in range(30):  # enough to need several pages
        pairs[f"filler{n}"] = pair(side(label(whc_b), "WHC", f"{n}", TEXT_A),
                                   side("CITES treaty text", "CITES", f"Article {n}", TEXT_B), 0.86 - n / 1000)
    return pairs


def api(client, query: str = "") -> dict:
    response = client.get(f"/api/overlap/pairs?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_default_order_is_both_in_effect_then_score_and_hides_machinery_and_unseen(client, report):
    body = api(client, "limit=5")
    ids = [p["id"] for p in body["items"]]
    assert ids[:2] == [report["top"].pk, report["treaty"].pk]
    assert report["superseded"].pk not in ids[:2]
    every = [p["id"] for p in api(client, "reading=all&limit=500")["items"]]
    assert report["machinery"].pk in every and report["machinery"].pk not in [
        p["id"] for p in api(client, "limit=500")["items"]]
    assert report["unseen"].pk not in every and report["internal"].pk not in every
    first = body["items"][0]
    assert first["a"]["status"] == first["b"]["status"] == "in_effect"
    assert first["a"]["decision"] and first["a"]["url"].startswith(f"/decisions/{first['a']['decision']}")
    treaty = next(p for p in api(client, "limit=500")["items"] if p["id"] == report["treaty"].pk)
    assert treaty["b"]["decision"] is None and treaty["b"]["status"] == "in_effect"


def test_counts_add_up_and_filters_narrow(client, report):
    every = api(client, "reading=all&limit=1")
    readings = {f["value"]: f["count"] for f in every["facets"]["reading"]}
    assert sum(readings.values()) == every["count"] == 34 and readings["formulaic"] == 1
    worth = api(client, "limit=1")
    assert worth["count"] == readings["worth"] == 33
    by_status = {f["value"]: f["count"] for f in worth["facets"]["status"]}
    assert by_status == {"in_effect": 32, "superseded": 1}
    superseded = api(client, "status=superseded")
    assert [p["id"] for p in superseded["items"]] == [report["superseded"].pk]
    assert report["superseded"].pk not in [p["id"] for p in api(client, "status=in_effect&limit=500")["items"]]
    cites = api(client, "convention=cites&limit=500")  # either side, whatever the case
    assert cites["count"] == 30 == {f["value"]: f["count"] for f in worth["facets"]["convention"]}["CITES"]
    assert all("CITES" in (p["a"]["convention"], p["b"]["convention"]) for p in cites["items"])
    themed = api(client, "theme=invasive-alien-species")
    assert [p["id"] for p in themed["items"]] == [report["top"].pk]
    assert api(client, "min_score=0.9&limit=500")["count"] == 3  # superseded 0.97, top 0.93, treaty 0.90
    internal = api(client, "internal=true&limit=500")
    assert [p["id"] for p in internal["items"]] == [report["internal"].pk]


def test_api_pages_do_not_overlap_and_sort_by_score(client, report):
    first = [p["id"] for p in api(client, "limit=10")["items"]]
    second = [p["id"] for p in api(client, "limit=10&offset=10")["items"]]
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    scores = [p["score"] for p in api(client, "sort=score&limit=500")["items"]]
    assert scores == sorted(scores, reverse=True)
    lowest = [p["score"] for p in api(client, "sort=score_asc&limit=500")["items"]]
    assert lowest == sorted(lowest)


@pytest.mark.parametrize("query", ["status=draft", "sort=evil", "reading=some", "min_score=-1", "limit=501",
                                   "convention=" + "x" * 40])
def test_bad_api_parameters_are_422(client, report, query):
    assert client.get(f"/api/overlap/pairs?{query}").status_code == 422


def pair_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="pair-(\d+)"', html)]


def test_report_page_paginates_keeps_filters_in_links_and_highlights_both_sides(client, report):
    body = client.get("/overlap/?per_page=10&convention=WHC&status=in_effect").content.decode()
    ids = pair_ids(body)
    assert len(ids) == 10 and ids[0] == report["top"].pk
    assert '<option value="WHC" selected>' in body and '<option value="in_effect" selected>' in body
    assert re.search(r'href="\?[^"]*convention=WHC[^"]*page=2|href="\?[^"]*page=2[^"]*convention=WHC', body)
    row = body[body.index(f'id="pair-{report["top"].pk}"'):].split("</tr>")[0]
    assert row.count("<mark>") == 2  # the shared wording in both texts
    page2 = pair_ids(client.get("/overlap/?per_page=10&convention=WHC&status=in_effect&page=2").content.decode())
    assert page2 and not set(page2) & set(ids)
    assert report["machinery"].pk in pair_ids(client.get("/overlap/?reading=all&per_page=100").content.decode())


def test_report_page_survives_bad_parameters(client, report):
    response = client.get("/overlap/?min_score=abc&per_page=7&sort=evil&status=x&page=abc&reading=zz")
    assert response.status_code == 200
    assert pair_ids(response.content.decode())[:1] == [report["top"].pk]  # the defaults


def test_theme_page_lists_its_pairs_with_filters(client, client_for, report):
    for c in (client, client_for(CMS_STAFF)):
        body = c.get("/overlap/themes/invasive-alien-species/").content.decode()
        assert pair_ids(body) == [report["top"].pk]
        assert 'id="pf-theme"' not in body  # the theme is the page's
    assert pair_ids(client.get("/overlap/themes/invasive-alien-species/?status=superseded").content.decode()) == []


def test_pages_in_french(client, report):
    body = client.get("/overlap/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert pair_ids(body)[:1] == [report["top"].pk]
    assert 'lang="fr"' in body


def test_kept_pairs_are_read_through_the_readers_visibility_and_decision_status_every_time(client, report, monkeypatch):
    from django.db.models import Q

    from liaison.decisions import permissions

    every = {p["id"] for p in api(client, "reading=all&limit=500")["items"]}  # the run's pairs are now kept
    assert report["top"].pk in every and report["superseded"].pk in every
    top_cms = Decision.objects.filter(convention__acronym="CMS", has_text=True).order_by("pk")[0]  # "top"'s side a
    Decision.objects.filter(pk=top_cms.pk).update(status=Decision.REPEALED)
    statuses = {p["id"]: p["a"]["status"] for p in api(client, "reading=all&limit=500")["items"]}
    assert statuses[report["top"].pk] == Decision.REPEALED  # the status is read now, not kept with the pairs
    monkeypatch.setattr(permissions, "decision_visibility", lambda user, prefix="": ~Q(**{f"{prefix}pk": top_cms.pk}))
    hidden = {p["id"] for p in api(client, "reading=all&limit=500")["items"]}
    assert report["top"].pk not in hidden and report["superseded"].pk in hidden
    page = client.get("/overlap/?reading=all&per_page=100").content.decode()
    assert f"/decisions/{top_cms.pk}/" not in page



def test_the_pairs_part_is_rendered_once_for_readers_of_the_same_decisions_and_never_stale(
        client_for, report, page_cache_on, monkeypatch):
    from django.db.models import Q

    from liaison.decisions import permissions
    from liaison.overlap import pairs

    first, second = client_for(CMS_STAFF), client_for((Role.FOCAL_POINT, "CMS", "KEN"))
    url = "/overlap/?reading=all&per_page=100"
    page = first.get(url).content.decode()
    assert f'id="pair-{report["top"].pk}"' in page
    # Were the part rendered again, its decision links would now read /patched/.
    monkeypatch.setattr(pairs, "decision_link", lambda decision_id, ref: "/patched/")
    again = second.get(url).content.decode()
    assert "/patched/" not in again and "Sign out" in again  # the other reader got the part as rendered
    assert again.count('<tr id="pair-') == page.count('<tr id="pair-')
    top_cms = Decision.objects.filter(convention__acronym="CMS", has_text=True).order_by("pk")[0]
    Decision.objects.filter(pk=top_cms.pk).update(status=Decision.REPEALED)  # a write: the part is old
    after = second.get(url).content.decode()
    assert "/patched/" in after and 'class="chip repealed"' in after
    # A reader whose decision filter differs never gets the part rendered for another filter.
    monkeypatch.setattr(permissions, "decision_visibility", lambda user, prefix="": ~Q(**{f"{prefix}pk": top_cms.pk}))
    hidden = second.get(url).content.decode()
    assert f'id="pair-{report["top"].pk}"' not in hidden and f'id="pair-{report["treaty"].pk}"' in hidden
