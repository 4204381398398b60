"""Saved drafts (issue 15): saved only on asking, read by their author and their convention's staff, opened
against the record of the day, renamed and deleted by their author; through the API and the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liaison.decisions.models import Decision, Paragraph, SavedDraft

pytestmark = pytest.mark.django_db
KENYA_FP = ("focal_point", "CMS", "KEN")
CMS_STAFF = ("secretariat", "CMS")
RAMSAR_STAFF = ("secretariat", "Ramsar")
API = "/api/draft-check/drafts"


def draft(*paragraphs: str, preamble: str = "") -> str:
    lines = ["Draft resolution on flyways", "", "The Conference of the Parties,", ""]
    if preamble:
        lines += [preamble, ""]
    lines += [f"{n}. {text}" for n, text in enumerate(paragraphs, start=1)]
    return "\n\n".join(lines)


def copied_text() -> str:
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    return decision.current_revision.paragraphs.get(kind=Paragraph.OPERATIVE, number="14").text


def save(client, text: str, convention: str = "CMS", title: str | None = "Flyway draft"):
    body = {"text": text, "convention": convention, **({"title": title} if title is not None else {})}
    return client.post(API, body, content_type="application/json")


@pytest.fixture
def people(user_factory):
    return {"author": user_factory(KENYA_FP), "staff": user_factory(CMS_STAFF), "other_staff": user_factory(RAMSAR_STAFF),
            "other_fp": user_factory(("focal_point", "CMS", "UGA")), "partner": user_factory(
                ("partner", None, None, "Wild Migration"))}


@pytest.fixture
def clients(people, as_user):
    return {name: as_user(user) for name, user in people.items()} | {"anonymous": Client()}


@pytest.fixture
def saved(clients):
    response = save(clients["author"], draft(copied_text(), "Requests the Secretariat to report on Resolution 99.77."))
    assert response.status_code == 201, response.content
    return response.json()


def test_saving_stores_the_parse_and_answers_the_check(saved, people):
    draft_out, check = saved["draft"], saved["check"]
    assert draft_out["title"] == "Flyway draft" and draft_out["convention"] == "CMS" and draft_out["mine"]
    assert draft_out["paragraphs"] == 2 and draft_out["summary"]["similar"] >= 1
    assert draft_out["summary"]["references"] == 1  # Resolution 99.77 is unknown
    assert check["paragraphs"][0]["similar"][0]["score"] > 0.9
    stored = SavedDraft.objects.get(pk=draft_out["id"])
    assert stored.author == people["author"]
    assert [p["number"] for p in stored.draft["paragraphs"]] == ["1", "2"]
    assert stored.draft["paragraphs"][1]["mandates"][0]["actor_code"] == "secretariat"


def test_a_title_is_the_parsed_one_when_none_is_given(clients):
    body = save(clients["author"], draft("Urges Parties to protect migratory birds."), title=None).json()
    assert body["draft"]["title"] == "Draft resolution on flyways"


def test_opening_checks_again_against_todays_record(saved, clients):
    url = f"{API}/{saved['draft']['id']}"
    before = clients["author"].get(url).json()["check"]
    assert [r["problem"] for r in before["paragraphs"][1]["references"]] == ["unknown"]
    from liaison.catalogue.models import Convention

    Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="99.77", year=2026)
    after = clients["author"].get(url).json()
    assert after["check"]["paragraphs"][1]["references"] == []  # now a decision Liaison knows, in effect
    assert after["draft"]["summary"]["references"] == 1  # the counts are those of the day it was saved


def test_the_author_and_the_conventions_staff_read_it_nobody_else(saved, clients):
    pk = saved["draft"]["id"]
    for name in ("author", "staff"):
        assert clients[name].get(f"{API}/{pk}").status_code == 200, name
        assert pk in [d["id"] for d in clients[name].get(API).json()["items"]], name
    for name in ("other_staff", "other_fp", "partner"):
        assert clients[name].get(f"{API}/{pk}").status_code == 404, name
        assert clients[name].get(API).json() == {"count": 0, "items": []}, name
    assert clients["anonymous"].get(f"{API}/{pk}").status_code == 401
    assert clients["anonymous"].get(API).status_code == 401
    staff_view = clients["staff"].get(API).json()["items"][0]
    assert staff_view["mine"] is False and staff_view["author"] == saved["draft"]["author"]
    assert clients["staff"].get(API, {"mine": "true"}).json()["count"] == 0


def test_only_the_author_renames_and_deletes(saved, clients):
    url = f"{API}/{saved['draft']['id']}"
    assert clients["staff"].patch(url, {"title": "Mine now"}, content_type="application/json").status_code == 403
    assert clients["other_staff"].patch(url, {"title": "Mine now"}, content_type="application/json").status_code == 404
    assert clients["staff"].delete(url).status_code == 403
    renamed = clients["author"].patch(url, {"title": "  Flyways,   second  reading "}, content_type="application/json")
    assert renamed.status_code == 200 and renamed.json()["title"] == "Flyways, second reading"
    assert clients["author"].delete(url).status_code == 204
    assert clients["author"].get(url).status_code == 404
    assert not SavedDraft.objects.filter(pk=saved["draft"]["id"]).exists()


@pytest.mark.parametrize("title", ["", "   ", "x" * (SavedDraft.TITLE_MAX + 1)])
def test_a_bad_title_is_refused_and_changes_nothing(saved, clients, title):
    url = f"{API}/{saved['draft']['id']}"
    response = clients["author"].patch(url, {"title": title}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"]
    assert SavedDraft.objects.get(pk=saved["draft"]["id"]).title == "Flyway draft"


def test_bad_drafts_store_nothing(clients, settings):
    from liaison.decisions.draftcheck import PARAGRAPHS_MAX

    author = clients["author"]
    assert save(author, "   ").status_code == 422
    assert save(author, "Just a sentence with no operative part at all.").status_code == 422
    assert save(author, draft("Urges Parties to act."), convention="NOPE").status_code == 422
    assert save(author, draft("Urges Parties to act."), title="x" * (SavedDraft.TITLE_MAX + 1)).status_code == 422
    many = draft(*[f"Urges Parties to protect species number {n}." for n in range(PARAGRAPHS_MAX + 1)])
    assert save(author, many).status_code == 413
    assert author.post(API, "{not json", content_type="application/json").status_code in (400, 422)
    upload = SimpleUploadedFile("draft.pdf", b"not a pdf at all", "application/pdf")
    assert author.post(f"{API}/file", {"file": upload, "convention": "CMS"}).status_code == 422
    settings.LIAISON_UPLOAD_MAX_BYTES = 2000
    big = draft(*["Urges Parties to protect migratory birds and their habitats everywhere."] * 60)
    upload = SimpleUploadedFile("draft.txt", big.encode(), "text/plain")
    assert author.post(f"{API}/file", {"file": upload, "convention": "CMS"}).status_code == 413
    assert not SavedDraft.objects.exists()


def test_who_may_save(clients):
    text = draft("Urges Parties to protect migratory birds.")
    assert save(clients["anonymous"], text).status_code == 401
    assert save(clients["partner"], text).status_code == 403
    assert save(clients["other_staff"], text, convention="CMS").status_code == 201  # any staff may check a draft
    assert SavedDraft.objects.count() == 1


def test_an_author_keeps_a_bounded_number_of_drafts(clients, monkeypatch):
    from liaison.decisions import drafts

    monkeypatch.setattr(drafts, "DRAFTS_PER_AUTHOR", 2)
    text = draft("Urges Parties to protect migratory birds.")
    assert [save(clients["author"], text).status_code for _ in range(3)] == [201, 201, 409]
    assert SavedDraft.objects.count() == 2
    assert save(clients["staff"], text).status_code == 201  # the bound is per author


def test_an_uploaded_file_is_saved_with_its_name(clients):
    upload = SimpleUploadedFile("flyways.md", draft(copied_text()).encode(), "text/markdown")
    response = clients["author"].post(f"{API}/file", {"file": upload, "convention": "CMS", "title": "From a file"})
    assert response.status_code == 201, response.content
    assert response.json()["draft"]["source_name"] == "flyways.md"
    assert response.json()["check"]["paragraphs"][0]["similar"]


def test_the_pages_save_list_open_rename_and_delete(clients):
    author = clients["author"]
    text = draft(copied_text(), "Urges Parties to report on bycatch of seabirds in longline fisheries.")
    response = author.post("/decisions/draft-check/", {"text": text, "convention": "CMS", "title": "Page draft",
                                                       "save": "1"})
    assert response.status_code == 302
    saved = SavedDraft.objects.get(title="Page draft")
    assert response["Location"] == f"/decisions/draft-check/drafts/{saved.pk}/"
    page = author.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="card draft-paragraph"') == 2 and "<mark>" in body and "Rename" in body
    listing = author.get("/decisions/draft-check/drafts/").content.decode()
    assert "Page draft" in listing
    staff_page = clients["staff"].get(f"/decisions/draft-check/drafts/{saved.pk}/")
    assert staff_page.status_code == 200 and "Rename" not in staff_page.content.decode()
    assert clients["other_staff"].get(f"/decisions/draft-check/drafts/{saved.pk}/").status_code == 404
    assert "Page draft" not in clients["other_staff"].get("/decisions/draft-check/drafts/").content.decode()
    docx = author.get(f"/decisions/draft-check/drafts/{saved.pk}/", {"as": "docx"})
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    bad = author.post(f"/decisions/draft-check/drafts/{saved.pk}/rename/", {"title": " "})
    assert bad.status_code == 400
    assert clients["staff"].post(f"/decisions/draft-check/drafts/{saved.pk}/rename/",
                                 {"title": "Taken"}).status_code == 403
    assert author.post(f"/decisions/draft-check/drafts/{saved.pk}/rename/", {"title": "Renamed"}).status_code == 302
    assert SavedDraft.objects.get(pk=saved.pk).title == "Renamed"
    assert clients["staff"].post(f"/decisions/draft-check/drafts/{saved.pk}/delete/").status_code == 403
    assert author.post(f"/decisions/draft-check/drafts/{saved.pk}/delete/").status_code == 302
    assert not SavedDraft.objects.filter(pk=saved.pk).exists()


def test_a_plain_check_still_stores_nothing(clients):
    response = clients["author"].post("/decisions/draft-check/", {"text": draft("Urges Parties to act now."),
                                                                   "convention": "CMS"})
    assert response.status_code == 200
    assert not SavedDraft.objects.exists()
