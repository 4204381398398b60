"""A throw-away Liaison behind `liaison serve` on loopback: a fresh database with the bundled data and demo accounts.

Used by the API contract check (scripts/api_contract.py) and the HTTP benchmarks (benchmarks/bench_http.py,
benchmarks/bench_crash.py). Standard library only, apart from psycopg for a PostgreSQL database.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
# The checkout whose code is served: this one, or LIAISON_SERVED_TREE (e.g. `git archive HEAD` unpacked elsewhere,
# to measure what is committed while the working tree is being edited).
TREE = Path(os.environ.get("LIAISON_SERVED_TREE", REPO))
DEMO_PASSWORD = "liaison-demo"  # accounts.loaders.DEMO_PASSWORD: demo mode only


def port_free() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_recreate(url: str) -> None:
    """Drop and create the database `url` names (a throw-away one: never point this at real data)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing to recreate a database named {name!r}")
    with psycopg.connect(base + "/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Served:
    """`liaison serve` on a free port over a database loaded by `liaison load`; stop() ends what start() began."""

    def __init__(self, *, database_url: str | None = None, workers: int = 2, jobs: bool = False,
                 workdir: str | None = None, sqlite_from: str | None = None, reuse: bool = False):
        self.dir = Path(workdir or tempfile.mkdtemp(prefix="liaison-served-"))
        self.dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{self.dir / 'liaison.sqlite3'}"
        self.workers = workers
        self.jobs = jobs
        self.sqlite_from = sqlite_from  # a SQLite file `liaison load` filled before: copied instead of loading
        self.reuse = reuse  # serve the database as it is (filled by an earlier run): no drop, no load
        self.port = port_free()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = self.dir / "serve.log"
        self.proc: subprocess.Popen | None = None
        self.env = {**os.environ, "DATABASE_URL": self.database_url, "LIAISON_VAR_DIR": str(self.dir),
                    "DJANGO_SETTINGS_MODULE": "liaison.config.settings.dev", "LIAISON_DEMO": "1",
                    "PYTHONPATH": str(TREE / "src")}

    def load(self) -> float:
        """Migrate and load the bundled data (or copy a database loaded before); return the seconds it took."""
        started = time.monotonic()
        if self.reuse:
            return 0.0
        if self.sqlite_from and self.database_url.startswith("sqlite:///"):
            with sqlite3.connect(self.sqlite_from) as source, sqlite3.connect(self.database_url[10:]) as target:
                source.backup(target)
            return time.monotonic() - started
        if self.database_url.startswith("postgres"):
            postgres_recreate(self.database_url)
        out = subprocess.run([str(VENV_BIN / "liaison"), "load", "--quiet"], env=self.env, capture_output=True,
                             text=True, timeout=900)
        if out.returncode != 0:
            raise SystemExit(f"liaison load failed:\n{out.stderr[-3000:]}")
        return time.monotonic() - started

    def start(self) -> None:
        """Serve and wait until the home page answers."""
        command = [str(VENV_BIN / "liaison"), "serve", "--port", str(self.port), "--workers", str(self.workers)]
        if not self.jobs:
            command.append("--no-jobs")
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        for _ in range(240):
            if self.proc.poll() is not None:
                raise SystemExit(f"liaison serve stopped:\n{self.log_tail()}")
            try:
                urllib.request.urlopen(self.base + "/", timeout=5)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"liaison serve did not answer within 2 minutes:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop `liaison serve` (it stops gunicorn and the job worker); kill its process group if it lingers."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def __enter__(self) -> Served:
        self.load()
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def django_run(self, code: str, *args: str, timeout: int = 120) -> str:
        """Run Python `code` with Django set up on the served database; return what it printed."""
        out = subprocess.run([str(VENV_BIN / "python"), "-c", "import django; django.setup()\n" + code, *args],
                             env=self.env, capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        return out.stdout

    def token(self, username: str) -> str:
        """Create a read-write personal API token for `username` (as the profile page does); return its secret."""
        return self.django_run(TOKEN_CREATE, username).strip()

    def worker_kind(self) -> str:
        """Return how gunicorn runs, as its log says (e.g. '2 gthread workers')."""
        log = self.log_tail(20000)
        kind = re.search(r"Using worker: (\w+)", log)
        booted = len(set(re.findall(r"Booting worker with pid: (\d+)", log)))
        return f"{booted} {kind.group(1) if kind else '?'} workers"

    def gunicorn_pids(self) -> tuple[int | None, list[int]]:
        """Return (gunicorn master pid, its worker pids), read from /proc."""
        children = _children()
        master = next((pid for pid in children.get(self.proc.pid, []) if "gunicorn" in _cmdline(pid)), None)
        return master, (children.get(master, []) if master else [])

    def login(self, username: str, password: str = DEMO_PASSWORD) -> tuple[str, str]:
        """Sign in through /accounts/login/ as a browser does; return (sessionid, csrftoken)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.base + "/accounts/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token}).encode()
        opener.open(urllib.request.Request(self.base + "/accounts/login/", data=body,
                                           headers={"Referer": self.base + "/accounts/login/"}), timeout=30)
        cookies = {c.name: c.value for c in jar}
        if "sessionid" not in cookies:
            raise SystemExit(f"could not sign in as {username}")
        return cookies["sessionid"], cookies["csrftoken"]


TOKEN_CREATE = """
import sys
from django.contrib.auth import get_user_model
from liaison.accounts.models import ApiToken
from liaison.accounts.tokens import api_token_create
user = get_user_model().objects.get(username=sys.argv[1])
print(api_token_create(user=user, name="served instance", scope=ApiToken.READ_WRITE)[1])
"""



def served_arguments(parser, *, workers_help: str = "gunicorn worker processes (default 2)") -> None:
    """Add the options every script that serves Liaison takes: workers, database, and how to get its data."""
    parser.add_argument("--workers", type=int, default=2, help=workers_help)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/liaison_bench",
                        help="throw-away PostgreSQL database, dropped and created (default liaison_bench)")
    parser.add_argument("--sqlite-from", metavar="FILE",
                        help="copy this SQLite file, loaded before by `liaison load`, instead of loading")
    parser.add_argument("--reuse-db", action="store_true",
                        help="serve the PostgreSQL database as an earlier run left it (no drop, no load)")


def served_from_arguments(args, **extra) -> Served:
    """Return the Served instance the options of `served_arguments` describe."""
    return Served(database_url=args.pg_url if args.database == "postgres" else None, workers=args.workers,
                  sqlite_from=args.sqlite_from, reuse=args.reuse_db, **extra)

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


if __name__ == "__main__":  # serve a throw-away instance until Ctrl+C, for poking at by hand
    with Served() as served:
        print(served.base, flush=True)
        try:
            served.proc.wait()
        except KeyboardInterrupt:
            pass
    sys.exit(0)
