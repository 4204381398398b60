"""Treaty units from the real treaty files: language of record only, annexes named, final clauses left out."""

import re

import pytest

from liaison.engine.overlap.treaty import LANGUAGE_OF_RECORD, TREATY_FILES, treaty_units
from tests.engine.paths import TREATY_DIR

CONVENTIONS = ["CBD", "Cartagena", "Nagoya", "CITES", "CMS", "Ramsar", "WHC", "ICRW", "ITPGRFA", "UNCCD", "AEWA",
               "ASCOBANS", "EUROBATS", "Bern"]
# "het" alone is not looked for: the Nagoya annex reads "to the provider of het genetic resources" (a typo in the source).
DUTCH_WORDS = re.compile(r"\b(wordt|worden|inzake|Verdragsluitende|Partijen|Treedt|werking|Bijlage|Artikel)\b")
FINAL = re.compile(r"open for signature|shall enter into force on|deposit of the \w+ instrument|"
                   r"equally authentic|IN WITNESS WHEREOF|shall be the Depositary|No reservations", re.IGNORECASE)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_units_are_the_english_text_without_paths_or_final_clauses(convention):
    units = treaty_units(convention, TREATY_DIR)
    assert units and len(units) > 25
    for ref, text in units:
        assert "../" not in text and "verdrag/" not in text.lower(), (ref, text)
        assert "](" not in text and "<sup>" not in text, (ref, text)
        assert not DUTCH_WORDS.search(text), (ref, text)
        assert not FINAL.search(text), (ref, text)
        assert not ref.startswith("Artikel") and "Bijlage" not in ref


def test_every_treaty_file_says_which_text_is_taken():
    assert set(TREATY_FILES.values()) <= set(LANGUAGE_OF_RECORD)


def test_annex_articles_are_labelled_as_annex_articles():
    units = dict(treaty_units("CBD", TREATY_DIR))
    assert units["Annex II, Part 1, Article 7(b)"].startswith("b) Enable it, when necessary, to call witnesses")
    assert units["Article 7(b)"].startswith("b) Monitor, through sampling")  # the Convention's own Article 7
    assert "Annex II, Part 2, Article 1" in units  # conciliation restarts the numbers
    assert units["Article 8(h)"].startswith("h) Prevent the introduction of, control or eradicate")
    refs = [ref for ref, _ in treaty_units("UNCCD", TREATY_DIR)]
    assert "Annex I, Article 4(1)" in refs and "Article 4(1)" in refs


def test_final_clauses_are_left_out_and_substance_kept():
    refs = {ref.split("(")[0] for ref, _ in treaty_units("CBD", TREATY_DIR)}
    assert {"Article 8", "Article 27", "Article 32"} <= refs  # in-situ conservation, disputes, protocols
    assert not refs & {"Article 33", "Article 34", "Article 35", "Article 36", "Article 37", "Article 38",
                       "Article 41", "Article 42"}  # signature .. authentic texts
    ramsar = {ref.split("(")[0] for ref, _ in treaty_units("Ramsar", TREATY_DIR)}  # articles without headings
    assert "Article 3" in ramsar and not ramsar & {"Article 9", "Article 10", "Article 11", "Article 12"}
    bern = {ref.split("(")[0] for ref, _ in treaty_units("Bern", TREATY_DIR)}  # a chapter of final provisions
    assert "Article 18" in bern and not bern & {"Article 19", "Article 20", "Article 24"}
    cites = dict(treaty_units("CITES", TREATY_DIR))
    assert any(ref.startswith("Article XVI(") for ref in cites)  # "Appendix III and Amendments thereto" is an article
    assert not any(ref.startswith(("Article XXI", "Article XXII", "Article XXIV", "Article XXV")) for ref in cites)


def test_sections_and_schedules_are_paragraphs():
    ascobans = [ref for ref, _ in treaty_units("ASCOBANS", TREATY_DIR)]
    assert "paragraph 2.1" in ascobans and "Annex, paragraph 3" in ascobans
    assert not any(ref.startswith(("paragraph 8.4", "paragraph 8.7")) for ref in ascobans)  # signature, denunciation
    icrw = [ref for ref, _ in treaty_units("ICRW", TREATY_DIR)]
    assert "Schedule, paragraph 10(a)" in icrw and not any(r.startswith(("Article X(", "Article XI")) for r in icrw)


def test_a_treaty_with_only_a_dutch_text_is_not_on_hand():
    assert treaty_units("Wadden Sea Seals", TREATY_DIR) is None


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_each_unit_has_a_label_of_its_own(convention):
    # A run stores a pair by its paragraphs' labels: two ITPGRFA units read as "Article 13(13)" made one pair twice.
    refs = [ref for ref, _ in treaty_units(convention, TREATY_DIR)]
    assert len(refs) == len(set(refs))


def test_items_below_a_letter_and_dash_items_are_read_as_such():
    itpgrfa = dict(treaty_units("ITPGRFA", TREATY_DIR))
    assert itpgrfa["Article 13(13.2)(b)(ii)"].startswith("(ii) Access to and transfer of technology")
    assert itpgrfa["Article 13(13.2)(d)(ii)"].startswith("(ii) The Contracting Parties agree that the standard")
    bern = dict(treaty_units("Bern", TREATY_DIR))
    # the dash items of Article 9(1) are its text, not units under the same label
    assert "- for the protection of flora and fauna;" in bern["Article 9(1)"]
    assert "Article 9(1) (2)" not in bern
