"""Reads shared by every app: audit trail, bundled datasets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from liaison.core.models import AuditEvent


def audit_list_for(*, obj, limit: int = 50):
    """Return the latest audit events of `obj`."""
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).select_related(
        "actor"
    )[:limit]


@dataclass(frozen=True)
class Dataset:
    folder: str
    title: str
    summary: str
    provenance: str
    files: list[str]


def datasets_list(*, data_dir: Path | None = None) -> list[Dataset]:
    """Return every bundled dataset folder with its PROVENANCE.md text."""
    root = Path(data_dir or settings.DATA_DIR)
    datasets = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        prov = folder / "PROVENANCE.md"
        if not prov.exists():
            continue
        text = prov.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else folder.name
        title = re.sub(r"^#+\s*", "", first)
        body = [ln for ln in text.splitlines()[1:] if ln.strip() and not ln.startswith(("|", "#"))]
        files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "PROVENANCE.md")
        datasets.append(Dataset(folder.name, title, body[0] if body else "", text, files))
    return datasets
