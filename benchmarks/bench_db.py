"""A throw-away SQLite database for the benchmarks that go through the Django apps."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def database_prepare(var_dir: str, loaders: list[str] | None, *, url: str | None = None,
                     page_cache: bool = True) -> None:
    """Point Django at a throw-away database, migrate it and run the given loaders (None: every loader).

    The database is a new SQLite file under `var_dir`, or the PostgreSQL database `url`, emptied first.
    `page_cache=False` turns the anonymous page cache off, to time pages themselves.
    """
    sys.path.insert(0, str(REPO / "src"))  # this checkout, whatever the virtualenv's editable install points at
    os.environ["LIAISON_VAR_DIR"] = var_dir
    os.environ["DATABASE_URL"] = url or f"sqlite:///{var_dir}/bench.sqlite3"
    os.environ["LIAISON_DEMO"] = "0"
    if not page_cache:
        os.environ["LIAISON_PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "liaison.config.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    from liaison.core.loading import data_load_all

    if url:  # a PostgreSQL database: start from an empty schema
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", interactive=False, verbosity=0)
    data_load_all(loaders=loaders)


def timings(fn, repeat: int) -> list[float]:
    """Return the wall times, in seconds, of `repeat` calls of `fn` (the benchmarks take medians and ratios)."""
    import time

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times
