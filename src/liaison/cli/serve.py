"""`liaison serve`: serve Liaison with gunicorn (sync workers) on 127.0.0.1, with a background-job worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="serve the web application on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--no-jobs", action="store_true", help="do not start the background-job worker")
    parser.set_defaults(func=run)


def run(args) -> int:
    from liaison.cli import CommandError
    from liaison.cli.django_setup import django_setup

    if not 0 < args.port < 65536:
        raise CommandError(f"port {args.port} is out of range")
    django_setup()  # fail with one clear line before gunicorn starts
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    children = []
    if not args.no_jobs:
        # django-tasks' database backend: long jobs (overlap, suggestions) run here, not in requests.
        children.append(subprocess.Popen([sys.executable, "-m", "django", "db_worker", "--interval", "1"], env=env))
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "liaison.config.wsgi:application",
                            "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
                            "--worker-class", "sync", "--access-logfile", "-", "--timeout", "120"], env=env)
    children.append(web)
    print(f"Liaison is serving on http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)

    def stop(signum, frame):
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        code = web.wait()
    finally:
        stop(None, None)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
    return code
