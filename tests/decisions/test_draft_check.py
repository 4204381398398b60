"""The draft check (issue 15), through the API, the page and the CLI's selector, on the bundled real record."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from liaison.decisions.models import Decision, Mandate, Paragraph

pytestmark = pytest.mark.django_db
CMS_STAFF = ("secretariat", "CMS")


def cms_paragraph(number: str) -> Paragraph:
    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    return decision.current_revision.paragraphs.get(kind=Paragraph.OPERATIVE, number=number)


def check(client, text: str, convention: str = "CMS"):
    return client.post("/api/draft-check", {"text": text, "convention": convention}, content_type="application/json")


def draft(*paragraphs: str, preamble: str = "") -> str:
    lines = ["Draft resolution for testing", "", "The Conference of the Parties,", ""]
    if preamble:
        lines += [preamble, ""]
    lines += [f"{n}. {text}" for n, text in enumerate(paragraphs, start=1)]
    return "\n\n".join(lines)


@pytest.fixture
def staff(client_for):
    return client_for(CMS_STAFF)


def test_a_copied_paragraph_of_resolution_11_10_is_found_in_effect_with_high_score(staff):
    stored = cms_paragraph("14")
    response = check(staff, draft(stored.text, "Urges Parties to report on bycatch of seabirds in longline fisheries."))
    assert response.status_code == 200, response.content
    first = response.json()["paragraphs"][0]
    best = first["similar"][0]
    assert best["paragraph_id"] == stored.pk
    assert best["decision"].startswith("CMS") and "11.10" in best["decision"]
    assert best["score"] > 0.9
    assert best["shared_share"] > 0.9 and any(s["shared"] for s in best["segments"])
    assert len(first["similar"]) <= 5
    assert all(a["score"] >= b["score"] for a, b in zip(first["similar"], first["similar"][1:], strict=False))


def test_references_to_repealed_and_unknown_decisions_are_flagged(staff):
    eleven_ten = Decision.objects.get(convention__acronym="CMS", number="11.10")
    repealed = Decision.objects.get(convention__acronym="CMS", number="9.6")
    assert repealed.status == Decision.REPEALED  # 11.10 paragraph 27 repeals it (shipped data)
    text = draft("Requests the Secretariat to report on the implementation of Resolution 9.6 and Resolution 11.10 "
                 "and of Resolution 99.77 to the next meeting of the Conference of the Parties.")
    body = check(staff, text).json()
    problems = {p["reference"]: p for p in body["paragraphs"][0]["references"]}
    assert problems["CMS Resolution 9.6"]["problem"] == "repealed"
    assert "11.10" in problems["CMS Resolution 9.6"]["repealed_by"]
    assert problems["CMS Resolution 99.77"]["problem"] == "unknown"
    if eleven_ten.status == Decision.REPEALED:
        assert problems["CMS Resolution 11.10"]["problem"] == "repealed"
    else:  # in effect in the shipped data: no flag
        assert "CMS Resolution 11.10" not in problems


def test_a_preamble_reference_is_checked_too(staff):
    body = check(staff, draft("Urges Parties to protect migratory birds.", preamble="Recalling Resolution 98.1,")).json()
    assert [p["reference"] for p in body["references"]] == ["CMS Resolution 98.1"]


def test_asking_the_secretariat_what_is_already_mandated_finds_that_mandate(staff):
    stored = cms_paragraph("14")
    mandate = Mandate.objects.filter(paragraph=stored, actor__code="secretariat").first()
    assert mandate is not None
    text = draft("Requests the Secretariat to enhance cooperation through the Biodiversity Liaison Group, and to "
                 "strengthen its work with the other biodiversity-related conventions.")
    body = check(staff, text).json()
    draft_mandates = body["paragraphs"][0]["mandates"]
    assert draft_mandates[0]["actor_code"] == "secretariat"
    given = draft_mandates[0]["given"]
    assert mandate.pk in [g["mandate_id"] for g in given]
    assert all(g["actor"] == mandate.actor.label for g in given)


def test_a_near_copy_for_the_same_addressee_is_a_decision_it_would_supersede(staff):
    stored = cms_paragraph("14")
    body = check(staff, draft(stored.text)).json()
    supersedes = body["paragraphs"][0]["supersedes"]
    assert stored.pk in [s["paragraph_id"] for s in supersedes]
    other = check(staff, draft(stored.text), convention="CBD").json()  # another convention's draft: not its own
    assert stored.pk not in [s["paragraph_id"] for s in other["paragraphs"][0]["supersedes"]]


def test_targets_served_come_with_reasons(staff):
    body = check(staff, draft("Urges Parties to prevent the poisoning of migratory birds and to reduce the use of "
                              "lead ammunition and pesticides.")).json()
    targets = body["paragraphs"][0]["targets"]
    assert 1 <= len(targets) <= 3
    assert all(t["why"] for t in targets)


def test_nothing_is_stored(staff):
    from liaison.frameworks.models import Embedding
    from liaison.search.models import SearchDocument

    before = (Decision.objects.count(), Paragraph.objects.count(), Mandate.objects.count(),
              SearchDocument.objects.count(), Embedding.objects.count())
    assert check(staff, draft("Requests the Secretariat to draft a new unique report on gliding pangolins.")
                 ).status_code == 200
    assert before == (Decision.objects.count(), Paragraph.objects.count(), Mandate.objects.count(),
                      SearchDocument.objects.count(), Embedding.objects.count())


def test_an_uploaded_file_is_checked(staff):
    upload = SimpleUploadedFile("draft.md", draft(cms_paragraph("14").text).encode(), "text/markdown")
    response = staff.post("/api/draft-check/file", {"file": upload, "convention": "CMS"})
    assert response.status_code == 200, response.content
    assert response.json()["paragraphs"][0]["similar"][0]["paragraph_id"] == cms_paragraph("14").pk


@pytest.mark.parametrize("text", ["", "   \n  ", "Just a sentence with no operative part at all."])
def test_an_empty_or_unreadable_draft_is_a_4xx(staff, text):
    response = check(staff, text)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_binary_garbage_and_bad_conventions_are_4xx(staff):
    upload = SimpleUploadedFile("draft.txt", os.urandom(4000), "text/plain")
    assert staff.post("/api/draft-check/file", {"file": upload, "convention": "CMS"}).status_code == 422
    upload = SimpleUploadedFile("draft.pdf", b"not a pdf at all", "application/pdf")
    assert staff.post("/api/draft-check/file", {"file": upload, "convention": "CMS"}).status_code == 422
    assert check(staff, draft("Urges Parties to act."), convention="NOPE").status_code == 422
    assert staff.post("/api/draft-check", "{not json", content_type="application/json").status_code in (400, 422)


@override_settings(LIAISON_UPLOAD_MAX_BYTES=2000)
def test_a_draft_over_the_upload_limit_is_413(staff):
    big = draft(*["Urges Parties to protect migratory birds and their habitats everywhere."] * 60)
    assert check(staff, big).status_code == 413
    upload = SimpleUploadedFile("draft.txt", big.encode(), "text/plain")
    assert staff.post("/api/draft-check/file", {"file": upload, "convention": "CMS"}).status_code == 413


def test_too_many_paragraphs_is_413(staff):
    from liaison.decisions.draftcheck import PARAGRAPHS_MAX

    many = draft(*[f"Urges Parties to protect species number {n}." for n in range(PARAGRAPHS_MAX + 1)])
    assert check(staff, many).status_code == 413


def test_who_may_check(client_for, user_factory):
    text = draft("Urges Parties to protect migratory birds.")
    assert check(Client(), text).status_code == 401
    assert check(client_for(("partner", None, None, "Wild Migration")), text).status_code == 403
    assert check(client_for(("focal_point", "CMS", "KEN")), text).status_code == 200


def test_a_hidden_plans_target_never_appears_to_an_outsider(client_for):
    from liaison.catalogue.models import Country
    from liaison.frameworks.models import Framework, Goal, Target

    kenya = Country.objects.get(iso3="KEN")
    plan = Framework.objects.create(code="KEN-DRAFT-CHECK", name="Kenya draft plan", kind="nbsap", country=kenya,
                                    is_published=False)
    goal = Goal.objects.create(framework=plan, code="A")
    wording = "Eliminate the illegal killing, taking and trade of migratory birds along the flyways of Kenya."
    hidden = Target.objects.create(framework=plan, goal=goal, code="KT1", title={"en": "Illegal killing of birds"},
                                   text={"en": wording})
    text = draft("Urges Parties to eliminate the illegal killing, taking and trade of migratory birds along the "
                 "flyways.")
    seen = check(client_for(CMS_STAFF), text).json()["paragraphs"][0]["targets"]
    assert hidden.pk in [t["target_id"] for t in seen]  # staff read every plan: the target does match
    outsider = check(client_for(("focal_point", "CMS", "UGA")), text).json()
    assert hidden.pk not in [t["target_id"] for t in outsider["paragraphs"][0]["targets"]]
    assert "KEN-DRAFT-CHECK" not in str(outsider)


def test_the_docx_opens_and_holds_the_paragraphs(staff):
    import docx

    stored = cms_paragraph("14")
    text = draft(stored.text, "Urges Parties to report on bycatch of seabirds in longline fisheries.")
    response = staff.post("/decisions/draft-check/", {"text": text, "convention": "CMS", "as": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                        else response.content))
    body = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert stored.text[:60] in body
    assert "bycatch of seabirds" in body
    assert "11.10" in body


def test_the_page_shows_a_card_per_paragraph(staff):
    assert staff.get("/decisions/draft-check/").status_code == 200
    text = draft(cms_paragraph("14").text, "Urges Parties to report on bycatch of seabirds in longline fisheries.")
    response = staff.post("/decisions/draft-check/", {"text": text, "convention": "CMS"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="card draft-paragraph"') == 2
    assert "<mark>" in page
    bad = staff.post("/decisions/draft-check/", {"text": "", "convention": "CMS"})
    assert bad.status_code == 400


def test_the_cli_prints_a_summary_and_json(tmp_path, capsys):
    import json

    from liaison.cli import main

    path = tmp_path / "draft.txt"
    path.write_text(draft(cms_paragraph("14").text, "Requests the Secretariat to act on Resolution 9.6."))
    out_docx = tmp_path / "check.docx"
    assert main(["draft-check", str(path), "--convention", "CMS", "--docx", str(out_docx)]) == 0
    text = capsys.readouterr().out
    assert "similar" in text and "11.10" in text and "repealed" in text
    assert out_docx.stat().st_size > 0
    assert main(["draft-check", str(path), "--convention", "CMS", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["paragraphs"]) == 2
    assert main(["draft-check", str(tmp_path / "missing.txt"), "--convention", "CMS"]) == 2
