"""Which pairs are worth reading: treaty machinery and formulae against paragraphs on one subject (no database)."""

import pytest

from liaison.overlap.formula import FORMULAIC, WEAK, WORTH, pair_reading, text_is_formulaic


@pytest.mark.parametrize("text", [
    "2. Extraordinary meetings of the Conference of the Parties shall be held at such other times as may be deemed "
    "necessary by the Conference, or at the written request of any Party.",
    "e) to prepare for the Conference of the Parties reports on the work of the Secretariat and on the "
    "implementation of this Convention;",
    "1. The provisions of this Agreement do not affect the rights and obligations of any Party deriving from "
    "existing international treaties, conventions or agreements.",
    "5. The Annexes to this Agreement form an integral part thereof.",
    "a) “Conference of the Parties” means the Conference of the Parties to the Convention;",
    "1. There shall be a mechanism for the provision of financial resources to developing country Parties.",
])
def test_treaty_machinery_is_formulaic(text):
    assert text_is_formulaic(text)


@pytest.mark.parametrize("text", [
    "g) Establish or maintain means to regulate, manage or control the risks associated with the use and release "
    "of living modified organisms resulting from biotechnology.",
    "2. Access to and transfer of technology to developing countries shall be provided and/or facilitated under fair "
    "and most favourable terms, including on concessional and preferential terms where mutually agreed.",
    "d) to permit under strictly supervised conditions, on a selective basis and to a limited extent, the taking "
    "and keeping or other judicious use of certain birds in small numbers; and",
])
def test_work_on_an_issue_is_not_formulaic(text):
    assert not text_is_formulaic(text)


def test_pair_reading_needs_both_sides_on_one_subject():
    lmo = ("Each Party shall take measures to regulate the risks of living modified organisms resulting from "
           "biotechnology and their adverse effects on human health.")
    lmo_too = ("The Protocol applies to the transboundary movement of living modified organisms that may have "
               "adverse effects, taking into account risks to human health.")
    training = "The Parties shall establish networks of regional education and training centres for personnel."
    machinery = "3. The Secretariat shall convene ordinary meetings of the Conference of the Parties."
    assert pair_reading(lmo, lmo_too) == WORTH
    assert pair_reading(lmo, training) == WEAK
    assert pair_reading(lmo, machinery) == FORMULAIC
    assert pair_reading("", "") == WEAK


def test_the_judge_of_many_pairs_reads_as_pair_reading():
    from liaison.overlap.formula import PairJudge

    texts = ["Each Party shall regulate the risks of living modified organisms resulting from biotechnology.",
             "The Protocol applies to living modified organisms resulting from biotechnology with adverse effects.",
             "3. The Secretariat shall convene ordinary meetings of the Conference of the Parties.", ""]
    judge = PairJudge()
    for a in texts:
        for b in texts:
            assert judge.reading(a, b) == pair_reading(a, b)


@pytest.mark.parametrize("text", [
    # CITES Article XI(3)(a) and (b): what the Conference of the Parties does for the treaty itself, as a lettered
    # item whose subject ("the Parties ... may:") is in the paragraph above
    "(a) make such provision as may be necessary to enable the Secretariat to carry out its duties and adopt "
    "financial provisions;",
    "(b) consider and adopt amendments to Appendices I and II in accordance with Article XV;",
    "4. At each regular meeting, the Parties may determine the time and venue of the next regular meeting.",
])
def test_machinery_in_lettered_items_is_formulaic(text):
    assert text_is_formulaic(text)


def test_the_reading_filter_and_the_engine_read_one_list():
    from liaison.engine.overlap import machinery
    from liaison.overlap import formula

    assert not hasattr(formula, "FORMULA") and not hasattr(formula, "ORGAN")
    text = "(a) make such provision as may be necessary to enable the Secretariat to carry out its duties;"
    assert formula.text_is_formulaic(text) == machinery.text_is_machinery(text) is True
