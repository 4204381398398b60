"""Ingest the bundled decision texts listed in data/decision_documents/manifest.yaml."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from liaison.core.actors import system_actor
from liaison.core.loading import DataFileError, LoadReport
from liaison.decisions.batches import batch_ingest_publish
from liaison.decisions.models import DecisionRevision
from liaison.engine.decisions import DocumentError

MANIFEST = "decision_documents/manifest.yaml"


def decisions_load(*, data_dir: Path, report: LoadReport) -> None:
    """Publish every new bundled decision text as one batch of the system actor (an unchanged text is skipped)."""
    manifest = data_dir / MANIFEST
    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(manifest, None, f"cannot read: {exc}") from None
    files, paths = [], {}
    stored = set(DecisionRevision.objects.values_list("content_hash", flat=True))
    for i, entry in enumerate(entries, start=1):
        path = manifest.parent / str(entry.get("file", ""))
        if not entry.get("file") or not path.is_file():
            raise DataFileError(manifest, i, f"no such file {entry.get('file')!r}")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() in stored:
            report.count("decisions unchanged")
            continue
        files.append((path.name, data, {
            "convention": entry.get("convention"), "symbol": str(entry.get("number") or "") or None,
            "kind": entry.get("kind"), "revision_label": entry.get("revision") or "",
            "meeting": entry.get("meeting") or "", "year": entry.get("year")}))
        paths[path.name] = path
    if not files:
        return
    try:
        batch = batch_ingest_publish(user=system_actor("liaison load"), files=files, label="Bundled decision texts",
                                     announce=False)
    except DocumentError as exc:
        raise DataFileError(next(iter(paths.values())), None, str(exc)) from None
    for outcome in batch.preview["files"]:
        if outcome.get("error"):
            raise DataFileError(paths[outcome["name"]], None, outcome["error"])
        report.count("decisions new" if outcome.get("created") else "decisions unchanged")
