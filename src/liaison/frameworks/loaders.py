"""Load the frameworks shipped in data/ (SDG, GBF, Aichi, CMS SPMS, CITES, Ramsar, EU 2020, Belgian NBSAP) and
their stated links (the IPBES mappings of the CMS, CITES and Ramsar plans to the GBF among them)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from liaison.catalogue.models import Convention, Country
from liaison.core.actors import system_actor
from liaison.core.loading import DataFileError, LoadReport
from liaison.core.services import audit_record
from liaison.engine import frameworks as engine
from liaison.engine.frameworks.ipbes import read_report as ipbes_read_report
from liaison.frameworks.models import Framework
from liaison.frameworks.services import (
    BUNDLED_COUNTRIES,
    BUNDLED_OWNERS,
    framework_store,
    links_bundled_store,
)


def summaries_read(framework: Framework) -> dict[str, dict]:
    """Return the stored texts of a framework's goals and targets, {"goal 1": {lang: text}, "target 1": ...}."""
    texts = {f"goal {g.code}": g.text for g in framework.goals.order_by("order")}
    return texts | {f"target {t.code}": t.text for t in framework.targets.order_by("order")}


def summaries_keep(*, framework: Framework, texts: dict[str, dict], actor) -> None:
    """Record, as history, the summaries an official text just replaced (the SPMS's; its data file stays too)."""
    audit_record(actor=actor, action="framework summaries replaced by the official text", obj=framework,
                 changes={"summaries": texts, "summaries_file": "data/cms_spms_2015_2023/spms_summary.yaml"})


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
        previous = Framework.objects.filter(code=record.code, is_summary=True).first()
        summaries = summaries_read(previous) if previous is not None and not record.is_summary else None
        framework, state = framework_store(record=record, user=actor, bundled=True, convention=convention,
                                           country=country)
        if summaries is not None:
            summaries_keep(framework=framework, texts=summaries, actor=actor)
        report.count(f"frameworks {state}")
    counts = links_bundled_store(user=actor)
    report.count("framework links new", counts["new"])
    report.count("framework links updated", counts["updated"])
    report.count("framework links unchanged", counts["kept"])
    # The IPBES tables' source notes, footnotes and blank rows, and target codes that are not T1..T23.
    skipped = ipbes_read_report(str(Path(settings.DATA_DIR).resolve()))
    report.count("IPBES table rows skipped (not data)", skipped.rows_skipped)
    report.count("IPBES target codes skipped (unreadable)", len(skipped.codes_skipped))
