"""The bundled frameworks as `liaison load` stores them: counts, languages, summaries, stated links."""

import pytest

from liaison.core.loading import data_load_all
from liaison.engine.frameworks.ipbes import SOURCE_SPMS_AICHI
from liaison.frameworks.models import Framework, Goal, Indicator, Link, Target

pytestmark = pytest.mark.django_db


def counts(code: str) -> tuple[int, int, int]:
    return (Goal.objects.filter(framework__code=code, kind="goal").count(),
            Target.objects.filter(framework__code=code).count(),
            Indicator.objects.filter(framework__code=code).count())


def test_bundled_frameworks_have_their_published_sizes():
    assert counts("SDG")[:2] == (17, 169)
    assert counts("SDG")[2] >= 230  # the global indicator framework, about 250 (some repeat across targets)
    # Decision 15/5's 204 indicators and the 189 more of the GBF's list at gbf-indicators.org (IPBES meas/ table)
    assert counts("GBF") == (4, 23, 204 + 189)
    assert Indicator.objects.filter(framework__code="GBF", listings__isnull=True).count() < 204
    assert counts("AICHI") == (5, 20, 97)
    assert counts("CMS-SPMS-2015-2023") == (5, 16, 26)  # official text and Annex B indicators (IPBES table)
    assert counts("CITES-SV-2021-2030") == (5, 25, 53)
    assert counts("RAMSAR-SP4-2016-2024") == (4, 19, 77)
    assert counts("EU-BS-2020")[1] == 6
    assert counts("BE-NBS-2006-2016")[1] > 30


def test_spms_is_the_official_text_and_owned_by_cms():
    spms = Framework.objects.get(code="CMS-SPMS-2015-2023")
    assert not spms.is_summary and spms.is_bundled
    assert spms.convention.acronym == "CMS"
    assert not Framework.objects.get(code="GBF").is_summary
    assert Framework.objects.get(code="BE-NBS-2006-2016").country.iso3 == "BEL"


def test_translations_are_kept_per_language():
    target = Target.objects.get(framework__code="SDG", code="15.5")
    assert set(target.text) == {"en", "fr", "es", "ar", "ru", "zh-Hans"}
    assert "espèces" in target.text["fr"]
    aichi = Target.objects.get(framework__code="AICHI", code="12")
    assert aichi.text["fr"] and aichi.text["en"] != aichi.text["fr"]


def test_stated_links_are_curated_and_accepted():
    spms7 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="7")
    links = Link.objects.filter(source_type="target", source_id=spms7.pk)
    aichi = links.filter(target__framework__code="AICHI")
    assert sorted(link.target.code for link in aichi) == ["10", "8", "9"]
    assert {link.review_state for link in links} == {"accepted"}
    assert {link.source for link in aichi} == {SOURCE_SPMS_AICHI}  # the plan's correspondence, IPBES table
    red_list = Indicator.objects.get(framework__code="SDG", code="15.5.1")
    assert Link.objects.filter(source_type="indicator", source_id=red_list.pk, target__code="15.5",
                               relation="measures").exists()
    aichi_links = Link.objects.filter(source_type="indicator", target__framework__code="AICHI")
    assert aichi_links.filter(relation="measures").count() == 97
    assert aichi_links.filter(relation="related").exists()  # "other relevant targets" of the compiled list


def test_loading_again_changes_nothing():
    before = (Target.objects.count(), Indicator.objects.count(), Link.objects.count(),
              list(Target.objects.order_by("pk").values_list("pk", flat=True)[:50]))
    report = data_load_all(loaders=["liaison.frameworks.loaders.frameworks_load"])
    assert report.counts.get("frameworks unchanged") == 9  # with the UNCCD framework of the MEA indicator lists
    assert report.counts.get("framework links new") == 0
    assert report.counts.get("framework links updated") == 0
    after = (Target.objects.count(), Indicator.objects.count(), Link.objects.count(),
             list(Target.objects.order_by("pk").values_list("pk", flat=True)[:50]))
    assert before == after
