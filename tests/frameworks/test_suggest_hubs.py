"""The hub share on the app's own records (issue 17): GBF 19 (financial resources) no longer crowds the Ramsar
plan's suggestions, and the private-sector target finds one of the GBF targets its gold mapping names."""

import pytest
from django.conf import settings

from liaison.engine.alignment import targets_suggest
from liaison.engine.frameworks.ipbes import RAMSAR_CODE
from liaison.frameworks.models import Target
from liaison.frameworks.suggestions import targets_match_records

pytestmark = pytest.mark.django_db


def ramsar_to_gbf(**kwargs):
    ramsar = list(Target.objects.filter(framework__code=RAMSAR_CODE, retired_at__isnull=True).order_by("order"))
    gbf = list(Target.objects.filter(framework__code="GBF", retired_at__isnull=True))
    records = targets_match_records([*ramsar, *gbf])
    results = targets_suggest([{"id": t.pk, **records[t.pk]} for t in ramsar], [{"id": t.pk, **records[t.pk]}
                              for t in gbf], top_k=3, models_dir=settings.MODELS_DIR, **kwargs)
    codes = {t.pk: t.code for t in [*ramsar, *gbf]}
    return {codes[r["id"]]: [codes[m["id"]] for m in r["matches"]] for r in results}


def test_gbf_19_crowds_fewer_top_3_lists_than_without_the_hub_share():
    default, without = ramsar_to_gbf(), ramsar_to_gbf(hub_share=0.0)
    assert sum("19" in top for top in default.values()) < sum("19" in top for top in without.values())


def test_ramsar_private_sector_target_finds_a_gold_gbf_target():
    # Gold (Annex 2 of the plan's 2022 update): Ramsar 3 (private sector applies wise use) -> GBF 7, 10, 15, 16, 18.
    assert set(ramsar_to_gbf()["3"]) & {"7", "10", "15", "16", "18"}
