"""Compute the overlap report of the bundled decisions once, at `liaison load`, if none exists."""

from __future__ import annotations

from pathlib import Path

from liaison.core.loading import LoadReport
from liaison.overlap.models import OverlapRun
from liaison.overlap.services import overlap_run_execute


def overlap_load(*, data_dir: Path, report: LoadReport) -> None:
    """Run the overlap computation in-process when there is no finished run yet."""
    if OverlapRun.objects.filter(state=OverlapRun.DONE).exists():
        return
    run = OverlapRun.objects.create(threshold=0.85, step="loading")
    run = overlap_run_execute(run_id=run.pk)
    report.count("overlap pairs", run.pairs.filter(cross=True).count())
    report.count("overlap themes", run.themes.count())
