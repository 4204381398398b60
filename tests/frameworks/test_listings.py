"""The MEA indicator lists (data/ipbes_mea_indicators/) as `liaison load` stores them: every row of the six
lists, attached where its table says, with its harmonised name and IPBES categories; a second load changes
nothing; bad rows are named, not dropped silently."""

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from liaison.core.loading import LoadReport, data_load_all
from liaison.engine.frameworks import meas
from liaison.engine.frameworks.bundled import frameworks_bundled, meas_bundled
from liaison.frameworks.models import Framework, Goal, HarmonisedIndicator, Indicator, IndicatorListing

pytestmark = pytest.mark.django_db

FOLDER = Path(settings.DATA_DIR) / meas.FOLDER
FRAMEWORK_FOLDERS = ("sdg_open_sdg", "cbd_targets", "cbd_reporting", "aichi_nbsap_eaudeweb", "cms_spms_2015_2023",
                     "ipbes_mea_gbf_mappings", meas.FOLDER)


def rows(name: str) -> list[dict]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def data_copy(to: Path) -> None:
    """Copy the data folders the frameworks are read from (to change one file of them)."""
    for name in FRAMEWORK_FOLDERS:
        shutil.copytree(Path(settings.DATA_DIR) / name, to / name)


def listing(ipbes_id: str) -> IndicatorListing:
    return IndicatorListing.objects.select_related("indicator__framework", "harmonised", "target", "goal").get(
        ipbes_id=ipbes_id)


def test_every_row_of_the_six_lists_is_a_listing():
    expected = sum(len(rows(name)) for _mea, name, _code in meas.LISTS)
    assert expected == 26 + 53 + 70 + 385 + 258 + 14
    assert IndicatorListing.objects.count() == expected
    for mea, name, code in meas.LISTS:
        assert IndicatorListing.objects.filter(mea=mea, indicator__framework__code=code).count() == len(rows(name))


def test_listings_sit_where_the_tables_say():
    cms = listing("CMS_G3.8_13")  # SPMS goal 3, target 8
    assert cms.target.code == "8" and cms.indicator.framework.code == "CMS-SPMS-2015-2023"
    assert cms.indicator.target_id == cms.target_id and cms.match == "text"
    cites = listing("CITES_G2.3.1_16")  # worded otherwise than the plan's table: found by its number
    assert (cites.indicator.code, cites.match, cites.target.code) == ("2.3.1", "code", "2.3")
    gbf = listing("GBF_GA_H_3")
    assert (gbf.indicator.framework.code, gbf.indicator.code, gbf.goal.code, gbf.type) == ("GBF", "A.3", "A",
                                                                                           "headline")
    sdg_parts = [listing("SDG_G5.a.1.a_78"), listing("SDG_G5.a.1.b_79")]  # one SDG indicator in two parts
    assert {part.indicator.code for part in sdg_parts} == {"5.a.1"}
    assert {part.harmonised.name for part in sdg_parts} == {
        "proportion of total agricultural population with ownership or secure rights over agricultural land, by sex",
        "share of women among owners or rights-bearers of agricultural land, by type of tenure"}


def test_the_gbf_list_adds_what_decision_15_5_lacks_with_its_type():
    added = listing("GBF_T3_C_23")  # "The number of protected areas..." is 3.CY.5 reworded: not added
    assert added.indicator.code == "3.CY.5" and added.match == "prefix"
    new = IndicatorListing.objects.filter(mea="GBF", match="added").select_related("indicator")
    assert new.count() == 189
    sample = new.get(ipbes_id="GBF_T3_C_17")
    assert sample.indicator.code == "GBF_T3_C_17" and sample.indicator.type == "component"
    assert sample.indicator.target.code == "3" and sample.indicator.target.framework.code == "GBF"
    assert set(new.values_list("indicator__type", flat=True)) <= {"headline", "binary", "component", "complementary"}


def test_one_indicator_listed_under_several_gbf_targets_is_one_indicator():
    rli = IndicatorListing.objects.filter(mea="GBF", harmonised__name="red list index")
    assert rli.count() >= 2 and rli.values("indicator").distinct().count() == 1
    assert {item.match for item in rli} == {"text", "repeat"}


def test_the_unccd_framework_has_what_its_list_gives():
    unccd = Framework.objects.get(code=meas.UNCCD_CODE)
    assert unccd.is_bundled and unccd.convention.acronym == "UNCCD"
    assert list(Goal.objects.filter(framework=unccd).values_list("code", flat=True)) == ["SO1", "SO2", "SO4", "SO5"]
    assert Indicator.objects.filter(framework=unccd).count() == 13  # 14 rows: carbon stocks is under SO1 and SO4
    sdg17 = listing("UNCCD_SO5.5_14")  # the table says "SDG17" where its objective should be
    assert sdg17.goal.code == "SO5" and sdg17.note == "SDG17"


def test_harmonised_names_carry_the_ipbes_categories():
    rli = HarmonisedIndicator.objects.get(name="red list index")
    assert (rli.category, rli.subcategory, rli.in_ipbes, rli.meas_count) == (
        "Biodiversity", "State Of Biodiversity", True, 2)
    assert HarmonisedIndicator.objects.count() == 657
    assert HarmonisedIndicator.objects.exclude(category="").count() == 293
    # joined on the name without its leading "the" (the classification's older spelling)
    cites = HarmonisedIndicator.objects.get(name="number of parties that are in category 1 under the national "
                                                 "legislation project")
    assert cites.category != ""


def test_the_meas_found_per_name_are_the_authors_own_flags():
    """policy_indicators.csv flags, per harmonised name, the lists that use it: Liaison finds the same."""
    found: dict[str, set[str]] = {}
    for name, mea in IndicatorListing.objects.values_list("harmonised__name", "mea"):
        found.setdefault(name, set()).add(mea)
    flags = {meas.value(row["indicator_harmonized"]): {m.upper() for m in ("gbf", "sdg", "cites", "cms", "ramsar", "unccd")
                                           if row[m] == "1"} for row in rows("meas/policy_indicators.csv")}
    assert found == flags


def test_loading_again_changes_nothing():
    before = list(IndicatorListing.objects.order_by("pk").values_list("pk", "indicator_id", "harmonised_id"))
    report = data_load_all(loaders=["liaison.frameworks.loaders.frameworks_load",
                                    "liaison.frameworks.listings.listings_load"])
    assert report.counts["frameworks unchanged"] == 9
    assert report.counts["MEA indicator listings unchanged"] == len(before)
    assert report.counts["MEA indicator listings new"] == report.counts["MEA indicator listings updated"] == 0
    assert report.counts["harmonised indicators new"] == 0
    assert report.counts["MEA indicator rows not loaded"] == 0
    assert report.counts["IPBES classification rows naming no listed indicator"] == 67
    assert list(IndicatorListing.objects.order_by("pk").values_list("pk", "indicator_id", "harmonised_id")) == before


def test_bad_rows_are_named_with_file_line_and_reason(tmp_path):
    data = tmp_path / "data"
    data_copy(data)
    cms = data / meas.FOLDER / "meas/CMS/cms_indic_harm.csv"
    text = cms.read_text(encoding="utf-8")
    text = text.replace("CMS_G1.1_1,", "CMS-1.1-1,", 1)  # an id not in the table's shape
    text = text.replace(",CMS_G1.1_2,trends in awareness and attitudes to migratory species,", ",CMS_G1.1_2,NA,", 1)
    cms.write_text(text, encoding="utf-8")
    gbf = data / meas.FOLDER / "meas/GBF/gbf_indic_harm.csv"
    gbf.write_text(gbf.read_text(encoding="utf-8").replace("Goal A,Red List of Ecosystems", "Target 24,Red List of Ecosystems", 1),
                   encoding="utf-8")
    report = meas.MeasReport()
    listings = meas.listings_read(data_dir=data, report=report)
    kept = meas.frameworks_merge(frameworks_bundled(data_dir=data), listings, report)
    assert len(report.bad) == 3, report.bad
    assert report.bad[0].startswith("meas/CMS/cms_indic_harm.csv, row 2 (CMS-1.1-1): id ")
    assert "row 3 (CMS_G1.1_2): no id, text or harmonised name" in report.bad[1]
    assert "meas/GBF/gbf_indic_harm.csv, row 2 (GBF_GA_H_1): GBF has no target 24" in report.bad[2]
    assert len(kept) == 806 - 3


def test_the_loader_reports_the_bad_rows(settings, tmp_path):
    data = tmp_path / "data"
    data_copy(data)
    cms = data / meas.FOLDER / "meas/CMS/cms_indic_harm.csv"
    cms.write_text(cms.read_text(encoding="utf-8").replace("CMS_G1.1_1,", "CMS-1.1-1,", 1), encoding="utf-8")
    settings.DATA_DIR = data
    from liaison.frameworks.listings import listings_load

    report = LoadReport()
    listings_load(data_dir=data, report=report)
    assert report.counts["MEA indicator rows not loaded"] == 1
    assert report.warnings == ["MEA indicator row not loaded: meas/CMS/cms_indic_harm.csv, row 2 (CMS-1.1-1): "
                               "id 'CMS-1.1-1' is not in the table's shape"]
    assert not IndicatorListing.objects.filter(ipbes_id="CMS_G1.1_1").exists()  # the bad row is not stored
    assert IndicatorListing.objects.filter(mea="CMS").count() == 25


def test_the_read_is_the_same_from_a_copy():
    """meas_bundled hands out copies: a caller changing one never changes the next read."""
    first = meas_bundled(data_dir=settings.DATA_DIR)
    first.listings[0].harmonised = "changed"
    assert meas_bundled(data_dir=settings.DATA_DIR).listings[0].harmonised != "changed"
