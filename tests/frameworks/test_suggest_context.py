"""Suggestions match a target on its text and its indicators (issue 17), measured on the IPBES gold links."""

import pytest
from django.conf import settings

from liaison.engine.alignment import context_clean, target_context_text, targets_suggest
from liaison.frameworks.models import Target
from liaison.frameworks.suggestions import target_match_text, targets_match_texts

pytestmark = pytest.mark.django_db


def test_indicator_boilerplate_is_dropped():
    assert context_clean(
        "% of Parties that have made assessment of ecosystem services. (Data source: National Reports)."
    ) == ("made assessment of ecosystem services.")
    assert context_clean("Number of Parties reporting actions taken") == "actions taken"
    assert context_clean("Trends in the status of wetlands") == "Trends in the status of wetlands"
    assert target_context_text("Protect wetlands.", ["Number of countries with plans", ""]) == (
        "Protect wetlands. plans"
    )


def test_a_target_is_matched_with_its_current_indicators():
    spms1 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="1")
    text = targets_match_texts([spms1])[spms1.pk]
    assert text.startswith(target_match_text(spms1))
    assert "World Migratory Bird Day" in text  # its Annex B indicator


def test_spms_critical_habitats_suggest_the_gbf_area_targets():
    # Gold (IPBES table, CMS_G3_T10): GBF targets 1 and 3; the issue saw GBF 3 ranked below SPMS 14's.
    spms10 = Target.objects.get(framework__code="CMS-SPMS-2015-2023", code="10")
    gbf = list(Target.objects.filter(framework__code="GBF"))
    texts = targets_match_texts([spms10, *gbf])
    results = targets_suggest(
        [{"id": spms10.pk, "text": texts[spms10.pk]}],
        [{"id": t.pk, "text": texts[t.pk]} for t in gbf],
        top_k=3,
        models_dir=settings.MODELS_DIR,
    )
    top3 = {t.code for t in Target.objects.filter(pk__in=[m["id"] for m in results[0]["matches"]])}
    assert top3 & {"1", "3"}
