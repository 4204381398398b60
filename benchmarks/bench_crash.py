"""`kill -9` of the gunicorn workers during a writing load: how many acknowledged writes are missing afterwards.

    .venv/bin/python benchmarks/bench_crash.py                      # SQLite, 20 s, 8 writers, a kill every 2 s
    .venv/bin/python benchmarks/bench_crash.py --database postgres --seconds 30

Each writer signs in as the demo admin and PATCHes its own mandate over and over through the API, with a new
`deadline` each time; a write counts as acknowledged when the API answered 200 with that value. Meanwhile every
worker gunicorn has is killed with SIGKILL at a fixed interval (gunicorn starts new ones). At the end, every
acknowledged value must be in the mandate's audit trail, and each mandate must hold its writer's last
acknowledged value or a later one. Prints: writes attempted, acknowledged, refused or cut off, kills, lost.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import shutil
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from served import Served, served_arguments, served_from_arguments  # noqa: E402

# Run in the served instance's environment: print {mandate id: {"audited": [deadlines], "final": deadline}}.
WRITES_READ = """
import json, sys
from liaison.core.models import AuditEvent
from liaison.decisions.models import Mandate
ids = json.loads(sys.argv[1])
found = {str(pk): {"audited": [], "final": Mandate.objects.get(pk=pk).deadline} for pk in ids}
for event in AuditEvent.objects.filter(object_type="decisions.mandate", object_id__in=[str(i) for i in ids]):
    after = (event.changes or {}).get("after") or {}
    if "deadline" in after:
        found[event.object_id]["audited"].append(after["deadline"])
print(json.dumps(found))
"""


class Writer(threading.Thread):
    """PATCH one mandate until told to stop; record each acknowledged value in order."""

    def __init__(self, *, base: str, session: str, csrf: str, mandate_id: int, number: int, stop: threading.Event,
                 budget: threading.Semaphore):
        super().__init__(daemon=True)
        self.url = f"{base}/api/mandates/{mandate_id}"
        self.headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf,
                        "Content-Type": "application/json"}
        self.mandate_id, self.number, self.stop, self.budget = mandate_id, number, stop, budget
        self.acknowledged: list[tuple[int, str]] = []
        self.attempted = self.refused = self.cut_off = 0
        self.refusals: collections.Counter = collections.Counter()  # status: count

    def run(self) -> None:
        seq = 0
        while not self.stop.is_set() and self.budget.acquire(blocking=False):
            seq += 1
            value = f"crash w{self.number} #{seq}"
            body = json.dumps({"deadline": value}).encode()
            request = urllib.request.Request(self.url, data=body, headers=self.headers, method="PATCH")
            self.attempted += 1
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    answer = json.loads(response.read())
                if response.status == 200 and answer.get("deadline") == value:
                    self.acknowledged.append((seq, value))
                else:
                    self.refused += 1
                    self.refusals[f"{response.status} (value not echoed)"] += 1
            except urllib.error.HTTPError as exc:
                self.refused += 1
                self.refusals[str(exc.code)] += 1
            except (OSError, ValueError, http.client.HTTPException):  # the worker died under it: not acknowledged
                self.cut_off += 1
                time.sleep(0.05)


def mandates_pick(served: Served, count: int) -> list[int]:
    with urllib.request.urlopen(f"{served.base}/api/mandates?limit={count}", timeout=60) as response:
        listing = json.loads(response.read())
    items = listing["items"] if isinstance(listing, dict) else listing
    if len(items) < count:
        raise SystemExit(f"only {len(items)} mandates to write to, {count} writers asked")
    return [item["id"] for item in items[:count]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="seconds of writing load (default 20)")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument("--max-writes", type=int, default=10_000, help="stop after this many writes (default 10000)")
    parser.add_argument("--kill-every", type=float, default=2.0, help="seconds between kills (default 2)")
    served_arguments(parser)
    args = parser.parse_args(argv)

    served = served_from_arguments(args)
    served.load()
    served.start()
    kills = 0
    worker_kind = served.worker_kind()
    try:
        session, csrf = served.login("admin")
        mandate_ids = mandates_pick(served, args.writers)
        stop, budget = threading.Event(), threading.Semaphore(args.max_writes)
        writers = [Writer(base=served.base, session=session, csrf=csrf, mandate_id=pk, number=n, stop=stop,
                          budget=budget) for n, pk in enumerate(mandate_ids)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline and any(w.is_alive() for w in writers):
            time.sleep(min(args.kill_every, max(0.0, deadline - time.monotonic())))
            _, workers = served.gunicorn_pids()
            for pid in workers:
                try:
                    os.kill(pid, signal.SIGKILL)
                    kills += 1
                except ProcessLookupError:
                    pass
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
    finally:
        served.stop()

    try:
        stored = json.loads(served.django_run(WRITES_READ, json.dumps(mandate_ids)))
    finally:
        shutil.rmtree(served.dir, ignore_errors=True)
    acknowledged = lost = stale = 0
    for writer in writers:
        record = stored[str(writer.mandate_id)]
        audited = set(record["audited"])
        acknowledged += len(writer.acknowledged)
        lost += sum(1 for _, value in writer.acknowledged if value not in audited)
        if writer.acknowledged:
            last_seq = writer.acknowledged[-1][0]
            final_seq = int(record["final"].rsplit("#", 1)[1]) if "#" in (record["final"] or "") else 0
            stale += final_seq < last_seq  # the mandate went back to a value older than one acknowledged
    attempted = sum(w.attempted for w in writers)
    print(f"liaison serve: gunicorn, {worker_kind}, {args.database}; {args.writers} writers for "
          f"{args.seconds} s, SIGKILL of every worker each {args.kill_every} s")
    print(f"attempted {attempted}  acknowledged {acknowledged}  refused {sum(w.refused for w in writers)}  "
          f"cut off {sum(w.cut_off for w in writers)}  workers killed {kills}")
    refusals = sum((w.refusals for w in writers), collections.Counter())
    if refusals:
        print("refused: " + ", ".join(f"{status} x{count}" for status, count in refusals.most_common()))
    print(f"lost {lost}  (acknowledged writes missing from the audit trail); mandates behind their last "
          f"acknowledged value: {stale}")
    return 1 if lost or stale else 0


if __name__ == "__main__":
    sys.exit(main())
