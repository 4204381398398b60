"""`liaison serve`: serve Liaison with gunicorn on 127.0.0.1, with a background-job worker.

The worker model is for a small machine (2 cores): a few processes (parallel Python) of a few threads each
(gthread), so that a request waiting on the database or the network does not hold a whole process, as a sync
worker would; with 32 connections, 2 sync workers queue 16 requests each. Threads keep their database
connection between requests (CONN_MAX_AGE).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="serve the web application on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker process (default 4)")
    parser.add_argument("--no-jobs", action="store_true", help="do not start the background worker (`liaison worker`)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from liaison.cli import CommandError
    from liaison.cli.django_setup import django_setup

    if not 0 < args.port < 65536:
        raise CommandError(f"port {args.port} is out of range")
    if not 0 < args.workers <= 64 or not 0 < args.threads <= 64:
        raise CommandError("--workers and --threads take a number from 1 to 64")
    django_setup()  # fail with one clear line before gunicorn starts
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    children = []
    if not args.no_jobs:
        # `liaison worker`: django-tasks' database queue (long jobs: overlap, suggestions, e-mails) runs there, not in
        # requests, and so do the digests and daily scans at their hour (alerts.schedule)
        children.append(subprocess.Popen([sys.executable, "-m", "liaison", "worker", "--interval", "1"], env=env))
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "liaison.config.wsgi:application",
                            "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
                            "--worker-class", "gthread", "--threads", str(args.threads),
                            "--access-logfile", "-", "--timeout", "120"], env=env)
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
