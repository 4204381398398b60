"""`liaison serve`: serve Liaison with gunicorn (sync workers) on 127.0.0.1."""

from __future__ import annotations

import os
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="serve the web application on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from liaison.cli import CommandError
    from liaison.cli.django_setup import django_setup

    if not 0 < args.port < 65536:
        raise CommandError(f"port {args.port} is out of range")
    django_setup()  # fail with one clear line before gunicorn starts
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Liaison is serving on http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
    argv = [sys.executable, "-m", "gunicorn", "liaison.config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--worker-class", "sync", "--access-logfile", "-",
            "--timeout", "120"]
    os.execv(sys.executable, argv)
    return 0  # pragma: no cover
