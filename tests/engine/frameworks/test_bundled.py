import pytest

from liaison.engine.frameworks import frameworks_bundled, links_bundled
from liaison.engine.frameworks.bundled import spms_summary_read
from tests.engine.paths import DATA_DIR


@pytest.fixture(scope="module")
def frameworks():
    return {framework.code: framework for framework in frameworks_bundled(data_dir=DATA_DIR)}


def test_sdg_counts_and_six_languages(frameworks):
    sdg = frameworks["SDG"]
    assert len(sdg.goals_proper()) == 17
    assert len(list(sdg.targets())) == 169
    # indicators repeated under several targets count once per target; + the 2 parts of 11.5.3 the MEA list adds
    assert len(list(sdg.indicators())) == 252 + 2
    assert sdg.languages == ["en", "fr", "es", "ar", "ru", "zh-Hans"]
    target = sdg.target_get("15.5")
    assert set(target.text) == set(sdg.languages)
    assert "extinction" in target.text["en"]
    assert "extinción" in target.text["es"]
    assert [i.code for i in target.indicators] == ["15.5.1"]


def test_sdg_letter_targets_are_kept(frameworks):
    assert frameworks["SDG"].target_get("14.a") is not None
    assert frameworks["SDG"].target_get("17.19") is not None


def test_gbf_goals_targets_and_typed_indicators(frameworks):
    gbf = frameworks["GBF"]
    assert [goal.code for goal in gbf.goals_proper()] == ["A", "B", "C", "D"]
    targets = list(gbf.targets())
    assert len(targets) == 23
    assert targets[2].identifier == "GBF-TARGET-03"
    assert "30 per cent" in targets[2].text["en"]
    indicators = [indicator for _, indicator in gbf.indicators()]
    # decision 15/5's 204, and the 189 more that the GBF's list at gbf-indicators.org has (IPBES meas/ table)
    assert len([i for i in indicators if not i.code.startswith("GBF_")]) == 204
    assert len(indicators) == 204 + 189
    assert {indicator.type for indicator in indicators} == {"headline", "component", "complementary", "binary"}
    by_code = {indicator.code: indicator for indicator in indicators}
    assert by_code["A.1"].text["en"] == "Red List of Ecosystems"  # the code prefix is not part of the text
    assert by_code["15.b"].type == "binary"
    assert by_code["7.CT.1"].type == "component"
    assert "3.1" in [i.code for i in gbf.target_get("3").indicators]


def test_aichi_targets_in_english_and_french_with_97_indicators(frameworks):
    aichi = frameworks["AICHI"]
    assert [goal.code for goal in aichi.goals] == ["A", "B", "C", "D", "E"]
    targets = list(aichi.targets())
    assert len(targets) == 20
    assert all(set(target.text) == {"en", "fr"} for target in targets)
    assert "\n" not in targets[0].text["fr"]  # hard line breaks of the source are folded
    assert aichi.target_get("11").title["en"] == "Protected areas increased and improved"
    assert sum(len(target.indicators) for target in targets) == 97


def test_spms_is_the_official_text_and_its_summaries_stay_readable(frameworks):
    # Issue 17: the official text (IPBES table) replaced the team's summaries, which stay as history.
    spms = frameworks["CMS-SPMS-2015-2023"]
    assert spms.is_summary is False
    assert len(spms.goals) == 5
    assert len(list(spms.targets())) == 16
    assert all(not framework.is_summary for framework in frameworks.values())
    summaries = spms_summary_read(data_dir=DATA_DIR)
    assert summaries.is_summary is True and len(list(summaries.targets())) == 16
    assert [t.code for t in summaries.targets()] == [t.code for t in spms.targets()]


def test_cites_and_ramsar(frameworks):
    assert len(list(frameworks["CITES-SV-2021-2030"].targets())) == 25
    assert len(list(frameworks["RAMSAR-SP4-2016-2024"].targets())) == 19


def test_eu_and_belgium(frameworks):
    assert len(list(frameworks["EU-BS-2020"].targets())) == 6
    belgium = frameworks["BE-NBS-2006-2016"]
    assert len(belgium.goals) == 10
    assert len(list(belgium.targets())) == 46
    target = belgium.target_get("3.2")
    assert "marine protected areas" in target.title["en"]
    assert "<p>" not in target.text["fr"] and "&eacute;" not in target.text["fr"]
    assert set(target.title) == {"en", "fr", "nl"}


def test_links_stated_by_the_data():
    links = links_bundled(data_dir=DATA_DIR)
    to_aichi = [link for link in links if link["relation"] == "corresponds_to" and link["target_framework"] == "AICHI"]
    spms = {(link["source_code"], link["target_code"]) for link in to_aichi}
    assert ("10", "11") in spms and ("10", "5") in spms
    assert not any(link["source_code"] == "3" for link in to_aichi)
    gbf = [link for link in links if link["source_framework"] == "GBF"]
    assert len(gbf) == 204 + 189  # each indicator to its target or goal, the MEA list's ones where the list says
    assert {link["evidence"] for link in gbf if link["source_code"].startswith("GBF_")} == {
        "ipbes_mea_indicators list row"}
    assert {"source_code": "A.1", "target_kind": "goal", "target_code": "A"}.items() <= gbf[0].items()
    sdg = {link["source_code"]: link["target_code"] for link in links if link["source_framework"] == "SDG"}
    assert sdg["15.5.1"] == "15.5" and sdg["14.a.1"] == "14.a"
    aichi = [link for link in links if link["source_framework"] == "AICHI" and link["relation"] == "measures"]
    assert len(aichi) == 97
