"""The last loader of `liaison load`: the index rebuilt from everything the other loaders stored."""

from __future__ import annotations

from pathlib import Path

from liaison.core.loading import LoadReport
from liaison.search.services import search_rebuild


def search_load(*, data_dir: Path, report: LoadReport) -> None:
    """Rebuild the search index (loaders write in bulk, which no signal follows)."""
    rebuilt = search_rebuild()
    report.count("search documents", rebuilt.total)
