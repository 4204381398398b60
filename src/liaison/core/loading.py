"""Load every bundled dataset in one transaction: all of it, or nothing."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction


def loaders_list() -> list[str]:
    """Return the loaders every app declares (AppConfig.liaison_loaders), in INSTALLED_APPS order.

    Each loader is `fn(*, data_dir: Path, report: LoadReport) -> None`, idempotent.
    """
    return [dotted for config in apps.get_app_configs() for dotted in getattr(config, "liaison_loaders", [])]


class DataFileError(Exception):
    """A bundled or uploaded data file is malformed: names the file, the row and the reason."""

    def __init__(self, path: Path | str, row: int | str | None, reason: str):
        self.path, self.row, self.reason = str(path), row, reason
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: {reason}")


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unmapped_countries: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def data_load_all(*, data_dir: Path | None = None, loaders: list[str] | None = None) -> LoadReport:
    """Run every loader inside one transaction and return what was loaded."""
    report = LoadReport()
    root = Path(data_dir or settings.DATA_DIR)
    with transaction.atomic():
        for dotted in loaders or loaders_list():
            module_name, fn_name = dotted.rsplit(".", 1)
            getattr(importlib.import_module(module_name), fn_name)(data_dir=root, report=report)
    return report
