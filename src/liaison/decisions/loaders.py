"""Ingest the bundled decision texts listed in data/decision_documents/manifest.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from liaison.core.actors import system_actor
from liaison.core.loading import DataFileError, LoadReport
from liaison.decisions.services import decision_ingest
from liaison.engine.decisions import DocumentError

MANIFEST = "decision_documents/manifest.yaml"


def decisions_load(*, data_dir: Path, report: LoadReport) -> None:
    """Ingest every bundled decision text (idempotent: an unchanged text is not read twice)."""
    manifest = data_dir / MANIFEST
    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(manifest, None, f"cannot read: {exc}") from None
    actor = system_actor("liaison load")
    for i, entry in enumerate(entries, start=1):
        path = manifest.parent / str(entry.get("file", ""))
        if not entry.get("file") or not path.is_file():
            raise DataFileError(manifest, i, f"no such file {entry.get('file')!r}")
        try:
            result = decision_ingest(
                data=path.read_bytes(), filename=path.name, user=actor,
                convention=entry.get("convention"), symbol=str(entry.get("number") or "") or None,
                kind=entry.get("kind"), revision_label=entry.get("revision") or "",
                meeting=entry.get("meeting") or "", year=entry.get("year"), announce=False,
            )
        except DocumentError as exc:
            raise DataFileError(path, None, str(exc)) from None
        report.count("decisions new" if result.created else "decisions unchanged")
