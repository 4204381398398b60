"""A throw-away SQLite database for the benchmarks that go through the Django apps."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def database_prepare(var_dir: str, loaders: list[str]) -> None:
    """Point Django at a new SQLite file under `var_dir`, migrate it and run the given loaders."""
    sys.path.insert(0, str(REPO / "src"))  # this checkout, whatever the virtualenv's editable install points at
    os.environ["LIAISON_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ["LIAISON_DEMO"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "liaison.config.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from liaison.core.loading import data_load_all

    call_command("migrate", interactive=False, verbosity=0)
    data_load_all(loaders=loaders)
