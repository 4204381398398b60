"""Load the frameworks shipped in data/ (SDG, GBF, Aichi, CMS SPMS, EU 2020, Belgian NBSAP) and their stated links."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from liaison.catalogue.models import Convention, Country
from liaison.core.actors import system_actor
from liaison.core.loading import DataFileError, LoadReport
from liaison.engine import frameworks as engine
from liaison.frameworks.models import Framework
from liaison.frameworks.services import (
    BUNDLED_COUNTRIES,
    BUNDLED_OWNERS,
    framework_store,
    links_bundled_store,
)


def frameworks_load(*, data_dir: Path, report: LoadReport) -> None:
    """Store every bundled framework (unchanged ones are skipped) and the links their data states."""
    try:
        records = engine.frameworks_bundled(data_dir=settings.DATA_DIR)
    except (OSError, KeyError, ValueError) as exc:
        raise DataFileError(data_dir, None, f"cannot read the bundled frameworks: {exc}") from None
    actor = system_actor("liaison load")
    replaced = set(Framework.objects.filter(is_bundled=True, source__startswith="import").values_list("code", flat=True))
    for record in records:
        if record.code in replaced:
            # Staff imported a newer text over the shipped one (the official SPMS over its summaries): keep it.
            report.count("frameworks kept as imported")
            continue
        convention = Convention.objects.filter(acronym=BUNDLED_OWNERS.get(record.code, "")).first()
        country = Country.objects.filter(iso3=BUNDLED_COUNTRIES.get(record.code, "")).first()
        _, state = framework_store(record=record, user=actor, bundled=True, convention=convention, country=country)
        report.count(f"frameworks {state}")
    counts = links_bundled_store(user=actor)
    report.count("framework links new", counts["new"])
    report.count("framework links unchanged", counts["kept"])
