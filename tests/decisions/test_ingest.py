"""Decisions read into the database: the seed, repeals, revisions, references that resolve later."""

import pytest

from liaison.core.actors import system_actor
from liaison.decisions.models import Decision, Mandate, Reference
from liaison.decisions.services import decision_ingest
from liaison.engine.decisions import DocumentError

pytestmark = pytest.mark.django_db

LOADER = system_actor("tests")
SEED_REPEALED = {"7.9", "8.11", "9.6", "10.21"}


def seed() -> Decision:
    return Decision.objects.get(convention__acronym="CMS", kind="resolution", number="11.10")


def test_the_seed_is_loaded_with_its_structure(client):
    data = client.get(f"/api/decisions/{seed().pk}").json()
    assert data["revision"] == "Rev.COP12"
    assert len(data["preamble"]) == 19
    assert [p["number"] for p in data["operative"]] == [str(n) for n in range(1, 28)]
    assert len(data["operative"][5]["subparagraphs"]) == 3
    assert data["footnotes"] == ["Now known as Wild Migration."]


def test_the_seed_repeals_four_resolutions_which_show_what_repealed_them(client):
    decision = seed()
    repealed = Decision.objects.filter(repealed_by=decision)
    assert {d.number for d in repealed} == SEED_REPEALED
    assert all(d.status == Decision.REPEALED and not d.has_text for d in repealed)
    in_effect = {d["number"] for d in client.get("/api/conventions/CMS/in-effect?limit=500").json()["items"]}
    assert "11.10" in in_effect and not (SEED_REPEALED & in_effect)


def test_the_seed_mandates_are_tracked(client):
    mandates = client.get("/api/mandates?convention=CMS&limit=500").json()["items"]
    actors = {m["actor"] for m in mandates}
    assert {"Secretariat", "Parties"} <= actors
    assert any(m["paragraph"] == "21" and "Standing Committee" in m["report_to"] for m in mandates)


def test_ingesting_the_same_text_twice_is_idempotent():
    path = __import__("django.conf").conf.settings.DATA_DIR / "decision_documents"
    data = (path / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt").read_bytes()
    before = (Decision.objects.count(), Mandate.objects.count())
    result = decision_ingest(data=data, filename="seed.txt", user=LOADER, convention="CMS",
                             symbol="11.10")
    assert result.created is False
    assert (Decision.objects.count(), Mandate.objects.count()) == before


def test_a_revised_text_becomes_a_new_revision_and_supersedes_old_mandates():
    path = __import__("django.conf").conf.settings.DATA_DIR / "decision_documents"
    text = (path / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt").read_text(encoding="utf-8")
    revised = text.replace("continue to report to the Standing Committee", "report annually to the Standing Committee")
    decision = seed()
    old = set(Mandate.objects.filter(decision=decision).values_list("pk", flat=True))
    result = decision_ingest(data=revised.encode(), filename="rev.txt", user=LOADER, convention="CMS",
                             symbol="11.10", revision_label="Rev.COP13")
    assert result.created and result.decision.pk == decision.pk
    assert decision.revisions.count() == 2
    assert not Mandate.objects.filter(pk__in=old).exclude(status=Mandate.SUPERSEDED).exists()


def test_a_reference_to_an_unknown_decision_resolves_when_it_arrives():
    ref = Reference.objects.filter(source=seed(), target_convention="CMS", target_number="11.11").first()
    assert ref is not None and ref.target is None
    text = ("RESOLUTION 11.11\nENHANCING THE RELATIONSHIP BETWEEN THE CMS FAMILY AND CIVIL SOCIETY\n"
            "Recalling the importance of civil society,\n"
            "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
            "1. Requests the Secretariat to review options for engaging civil society;\n")
    result = decision_ingest(data=text.encode(), filename="11.11.txt", user=LOADER, convention="CMS",
                             symbol="11.11")
    ref.refresh_from_db()
    assert ref.target_id == result.decision.pk


def test_a_later_text_of_a_repealed_resolution_stays_repealed():
    text = ("RESOLUTION 9.6\nCOOPERATION WITH OTHER BODIES\n"
            "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
            "1. Requests the Secretariat to cooperate with other bodies;\n")
    result = decision_ingest(data=text.encode(), filename="9.6.txt", user=LOADER, convention="CMS",
                             symbol="9.6")
    result.decision.refresh_from_db()
    assert result.decision.has_text and result.decision.status == Decision.REPEALED
    assert result.decision.repealed_by == seed()


@pytest.mark.parametrize("payload,message", [
    (b"", "empty"),
    (b"\x00\x01\x02\xff" * 100, ""),
    (b"Just a letter about the weather.\nNothing else.\n", ""),
])
def test_bad_texts_leave_the_database_as_it_was(payload, message):
    before = (Decision.objects.count(), Mandate.objects.count(), Reference.objects.count())
    with pytest.raises(DocumentError) as info:
        decision_ingest(data=payload, filename="x.txt", user=LOADER, convention="CMS", symbol="99.1")
    assert message in str(info.value).lower()
    assert (Decision.objects.count(), Mandate.objects.count(), Reference.objects.count()) == before
