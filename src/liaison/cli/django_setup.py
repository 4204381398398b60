"""Start Django for the CLI commands that touch the database."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Configure Django from DATABASE_URL; raise CommandError on a bad configuration."""
    from liaison.cli import CommandError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.config.settings.dev")
    try:
        import django

        django.setup()
    except ValueError as exc:  # dj-database-url raises ValueError on a malformed URL
        raise CommandError(f"DATABASE_URL is not valid: {exc}") from None
    except Exception as exc:
        from django.core.exceptions import ImproperlyConfigured

        if isinstance(exc, ImproperlyConfigured):
            raise CommandError(str(exc)) from None
        raise
