"""The CMS SPMS (official text), CITES Strategic Vision and 4th Ramsar Strategic Plan read from the IPBES tables,
and their mappings to the GBF stored as accepted links that name their source (issue 17)."""

import pytest
from django.conf import settings

from liaison.core.loading import data_load_all
from liaison.core.models import AuditEvent
from liaison.engine.frameworks import ipbes
from liaison.frameworks.models import Framework, Goal, Indicator, Link, Target

pytestmark = pytest.mark.django_db

SPMS, CITES, RAMSAR = ipbes.SPMS_CODE, ipbes.CITES_CODE, ipbes.RAMSAR_CODE


def target(framework: str, code: str) -> Target:
    return Target.objects.get(framework__code=framework, code=code)


def links_from(framework: str, code: str, to: str = "GBF"):
    return Link.objects.filter(
        source_type=Link.TARGET, source_id=target(framework, code).pk, target__framework__code=to
    )


def test_the_three_plans_exist_with_their_counts_and_owners():
    assert Target.objects.filter(framework__code=SPMS).count() == 16
    assert Target.objects.filter(framework__code=CITES).count() == 25
    assert Target.objects.filter(framework__code=RAMSAR).count() == 19
    assert Goal.objects.filter(framework__code=CITES).count() == 5
    assert Goal.objects.filter(framework__code=RAMSAR).count() == 4
    owners = dict(
        Framework.objects.filter(code__in=[SPMS, CITES, RAMSAR]).values_list("code", "convention__acronym")
    )
    assert owners == {SPMS: "CMS", CITES: "CITES", RAMSAR: "Ramsar"}
    assert Indicator.objects.filter(framework__code=CITES, code="1.1.1").exists()


def test_the_spms_is_the_official_text_with_its_notes_and_artefacts_fixed():
    spms = Framework.objects.get(code=SPMS)
    assert not spms.is_summary
    ten = target(SPMS, "10").text["en"]
    assert ten.startswith("All critical habitats and sites for migratory species are identified")
    assert "Note:" in ten  # the note printed under the target in the plan
    eleven = target(SPMS, "11").text["en"]
    assert "indigenous and local communities, and the poor" in eleven  # footnote marker 7 dropped
    assert not target(SPMS, "1").text["en"].startswith("Target")
    assert target(CITES, "1.1").text["en"].startswith("Parties comply with their obligations")
    future = Indicator.objects.get(framework__code=SPMS, code="1.2")
    assert future.type == "for future development" and not future.text["en"].startswith("{")
    assert all("planning18" not in i.text["en"] for i in Indicator.objects.filter(framework__code=RAMSAR))


def test_a_known_mapping_is_an_accepted_link_naming_the_ipbes_source():
    # meas_goals_gbf_cms.csv, CMS_G3_T10 (critical habitats and sites): GBF_goals_targets "T1; T3".
    links = links_from(SPMS, "10")
    assert sorted(link.target.code for link in links) == ["1", "3"]
    link = links.get(target__code="3")
    assert link.review_state == Link.ACCEPTED
    assert (
        link.source == "IPBES IPBES_Data_Indicators mapping (authors' judgement, not an official crosswalk)"
    )
    assert "not an official crosswalk" in link.why and "CMS_G3_T10" in link.why
    # CITES 1.1 -> GBF 14 (IPBES judgement); Ramsar 4 -> GBF 6 (Annex 2 of the plan, official).
    assert links_from(CITES, "1.1").get().target.code == "14"
    assert links_from(CITES, "1.1").get().source == ipbes.SOURCE_IPBES
    assert links_from(RAMSAR, "4").get().source == ipbes.SOURCE_RAMSAR
    # SPMS -> Aichi: the aichi column, e.g. CMS_G3_T10 "T5; T11".
    assert sorted(links_from(SPMS, "10", to="AICHI").values_list("target__code", flat=True)) == ["11", "5"]


def test_irregular_separators_give_one_link_per_target():
    # "T20; T21;T22" (CMS target 15), "T17;T20" (CITES 3.8), "T15; T16; T18; T7, T10" (Ramsar 3).
    assert sorted(links_from(SPMS, "15").values_list("target__code", flat=True)) == ["20", "21", "22"]
    assert sorted(links_from(CITES, "3.8").values_list("target__code", flat=True)) == ["17", "20"]
    assert sorted(links_from(RAMSAR, "3").values_list("target__code", flat=True)) == [
        "10",
        "15",
        "16",
        "18",
        "7",
    ]
    assert links_from(SPMS, "3").count() == 0  # an empty cell maps to nothing


def test_bad_cells_and_non_data_rows_are_skipped_and_counted(tmp_path):
    report = ipbes.ReadReport()
    assert ipbes.codes_split("T20; T21;T22", highest=23) == ["20", "21", "22"]
    assert ipbes.codes_split("T7, T10; T99; G3;;", highest=23, where="x", report=report) == ["7", "10"]
    assert report.codes_skipped == ["x: 'T99'", "x: 'G3'"]
    folder = tmp_path / ipbes.FOLDER
    folder.mkdir()
    (folder / "t.csv").write_text(
        'id,goal\nCMS_G1_T1,"Goal 1: a"\n,\n"Sources",\nRes_11_02,\n', encoding="utf-8"
    )
    rows = ipbes.rows_read(tmp_path, "t.csv", "CMS_", report)
    assert [row["id"] for row in rows] == ["CMS_G1_T1"] and report.rows_skipped == 3
    shipped = ipbes.read_report(str(settings.DATA_DIR))
    assert shipped.rows_skipped == 3 + 7 + 4 and shipped.codes_skipped == []


def test_loading_again_changes_nothing():
    before = (Link.objects.count(), sorted(Link.objects.values_list("id", "source", "why", "review_state")))
    report = data_load_all(loaders=["liaison.frameworks.loaders.frameworks_load"])
    assert report.counts.get("framework links new") == 0 and report.counts.get("framework links updated") == 0
    assert report.counts.get("IPBES table rows skipped (not data)") == 14
    assert (
        Link.objects.count(),
        sorted(Link.objects.values_list("id", "source", "why", "review_state")),
    ) == before


def test_a_database_holding_the_summaries_gets_the_official_text_and_keeps_them_as_history():
    spms = Framework.objects.get(code=SPMS)
    seven = target(SPMS, "7")
    old_aichi = links_from(SPMS, "7", to="AICHI").first()
    # As a database loaded before this change: summaries, and links stated by the summaries' data file.
    Framework.objects.filter(pk=spms.pk).update(is_summary=True, content_hash="old")
    Target.objects.filter(pk=seven.pk).update(text={"en": "Multiple pressures are reduced (summary)"})
    Link.objects.filter(pk=old_aichi.pk).update(
        source=Link.CURATED, why="Stated by the shipped data (spms_summary.yaml)"
    )
    report = data_load_all(loaders=["liaison.frameworks.loaders.frameworks_load"])
    assert report.counts.get("framework links updated") == 1
    spms.refresh_from_db()
    seven.refresh_from_db()
    old_aichi.refresh_from_db()
    assert not spms.is_summary and seven.text["en"].startswith("Multiple anthropogenic pressures")
    assert old_aichi.source == ipbes.SOURCE_SPMS_AICHI and old_aichi.review_state == Link.ACCEPTED
    event = AuditEvent.objects.filter(
        action="framework summaries replaced by the official text", object_id=str(spms.pk)
    ).latest("pk")
    assert event.changes["summaries"]["target 7"] == {"en": "Multiple pressures are reduced (summary)"}


def test_the_crosswalk_and_target_pages_show_the_ipbes_source(client):
    page = client.get(f"/crosswalk/?a={SPMS}&b=GBF")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="link-sources"' in html
    assert "IPBES IPBES_Data_Indicators mapping (authors&#x27; judgement, not an official crosswalk)" in html
    ramsar = client.get(f"/crosswalk/?a={RAMSAR}&b=GBF").content.decode()
    assert "Annex 2 (official)" in ramsar
    detail = client.get(f"/targets/{target(SPMS, '10').pk}/").content.decode()
    assert "not an official crosswalk" in detail
