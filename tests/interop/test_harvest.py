"""`liaison harvest informea URL` against a real HTTP server on loopback serving InforMEA-shaped OData pages.

The pages are built from InforMEA's OData fixtures (data/informea_melish/odata_api_samples_synthetic): the v3
Decisions records with a text put in their `content`, and a v1 record (localized fields as {"results": [...]})
for a treaty Liaison does not hold. No mock of the client: urllib talks to http.server over TCP.
"""

from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from liaison.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "informea_melish" / "odata_api_samples_synthetic"
TEXT = (
    "The Conference of the Parties serving as the meeting of the Parties to the Nagoya Protocol,\n\n"
    "1. Decides to {verb} the arrangements set out in the annex to the present decision;\n\n"
    "2. Requests the Executive Secretary to report on their implementation to the next meeting.\n"
)


def fixture_records(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["d"]["results"]


def pages() -> dict[str, dict]:
    """Return the two recorded pages: two readable CBD decisions, then one readable and one unknown treaty."""
    v3 = fixture_records("v3_Decisions.json")
    first = []
    for record, verb in zip(v3[:2], ("adopt", "apply"), strict=True):
        record = copy.deepcopy(record)
        record["content"] = [
            {"__metadata": {"type": "LocalizableString"}, "language": "en", "value": TEXT.format(verb=verb)}
        ]
        first.append(record)
    v1 = fixture_records("v1_Decisions.json")
    readable = copy.deepcopy(v1[0])
    readable.update(treaty="cbd", number="NP-1/99")
    readable["content"]["results"][0]["value"] = TEXT.format(verb="review")
    unknown = copy.deepcopy(v1[0])  # SC-3/7 of the Stockholm Convention, which Liaison does not hold
    return {
        "/informea.svc/Decisions": {"d": {"results": first, "__next": "/informea.svc/Decisions?$skip=2"}},
        "/informea.svc/Decisions?$skip=2": {"d": {"results": [readable, unknown]}},
    }


class Server:
    """http.server on 127.0.0.1 in a thread; `fail_once` paths answer 503 the first time they are asked."""

    def __init__(self, responses: dict[str, dict]):
        self.responses = {path: json.dumps(body).encode() for path, body in responses.items()}
        self.fail_once: set[str] = set()
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                outer.requests.append(self.path)
                if self.path in outer.fail_once:
                    outer.fail_once.discard(self.path)
                    self.send_error(503)
                    return
                body = outer.responses.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/informea.svc/Decisions"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def batches():
    from liaison.decisions.models import IngestBatch

    return list(IngestBatch.objects.filter(label__startswith="InforMEA harvest").order_by("pk"))


@pytest.mark.django_db
def test_harvest_reads_both_pages_into_one_draft_then_stores_nothing_new(var_dir, capsys):
    from liaison.decisions.models import Decision, IngestBatch

    decisions_before = Decision.objects.count()
    with Server(pages()) as server:
        assert main(["harvest", "informea", server.url]) == 0
        out = capsys.readouterr().out
        assert "page 2, record 2 SC-3/7: cannot read it: unknown treaty 'stockholm'" in out
        assert "2 pages, 4 records: 3 texts read, 0 already stored, 1 left out" in out
        [batch] = batches()
        assert batch.state == IngestBatch.DRAFT and batch.convention.acronym == "CBD"
        assert sorted(f.options["symbol"] for f in batch.files.all()) == ["NP-1/12", "NP-1/13", "NP-1/99"]
        assert {f.options["year"] for f in batch.files.all()} == {2008, 2015}
        assert batch.preview["errors"] == 0 and batch.preview["decisions_new"] == 3
        assert Decision.objects.count() == decisions_before  # a draft: nothing public yet

        assert main(["harvest", "informea", server.url]) == 0  # the texts wait in the draft: skipped
        out = capsys.readouterr().out
        assert "0 texts read, 3 already stored, 1 left out" in out and "nothing new to store" in out
        assert len(batches()) == 1
        assert list(var_dir.glob("harvest/*.json")) == []


@pytest.mark.django_db
def test_published_texts_are_not_harvested_again(var_dir, capsys):
    from liaison.core.actors import system_actor
    from liaison.decisions.batches import batch_publish
    from liaison.decisions.models import Decision

    with Server(pages()) as server:
        assert main(["harvest", "informea", server.url]) == 0
        [batch] = batches()
        batch_publish(user=system_actor("test"), batch=batch)
        decision = Decision.objects.get(convention__acronym="CBD", number="NP-1/13")
        assert decision.kind == "decision" and decision.revisions.count() == 1
        capsys.readouterr()
        assert main(["harvest", "informea", server.url]) == 0
        assert "3 already stored" in capsys.readouterr().out
        assert len(batches()) == 1


@pytest.mark.django_db
def test_an_interrupted_harvest_resumes_from_the_last_page_read(var_dir, capsys):
    with Server(pages()) as server:
        server.fail_once.add("/informea.svc/Decisions?$skip=2")
        assert main(["harvest", "informea", server.url]) == 2  # page 2 answers 503: stopped, state kept
        err = capsys.readouterr().err
        assert "answered HTTP 503" in err and "--resume" in err
        assert batches() == []
        [state] = var_dir.glob("harvest/*.json")
        assert json.loads(state.read_text())["pages"] == 1

        server.requests.clear()
        assert main(["harvest", "informea", server.url, "--resume"]) == 0
        assert server.requests == ["/informea.svc/Decisions?$skip=2"]  # page 1 is not read again
        assert "2 pages, 4 records: 3 texts read" in capsys.readouterr().out
        [batch] = batches()
        assert batch.files.count() == 3
        assert not state.exists()


@pytest.mark.django_db
def test_pages_option_stops_and_resume_carries_on(var_dir, capsys):
    with Server(pages()) as server:
        assert main(["harvest", "informea", server.url, "--pages", "1"]) == 0
        assert "--resume" in capsys.readouterr().out and batches() == []
        assert main(["harvest", "informea", server.url, "--resume"]) == 0
        assert [b.files.count() for b in batches()] == [3]


@pytest.mark.django_db
def test_bad_pages_and_urls_give_a_message_not_a_crash(var_dir, capsys):
    with Server(
        {
            "/informea.svc/Decisions": {
                "d": {
                    "results": [17, {"number": "1/1", "treaty": "cbd"}],
                    "__next": "http://example.org/elsewhere",
                }
            },
            "/informea.svc/Other": {"odata": "nothing"},
        }
    ) as server:
        assert main(["harvest", "informea", server.url]) == 2
        captured = capsys.readouterr()
        assert "page 1, record 1: cannot read it: not an object" in captured.out
        assert "record 2 1/1: cannot read it: no text" in captured.out
        assert "leaves the host of the first page" in captured.err
        assert main(["harvest", "informea", server.url.replace("Decisions", "Other")]) == 2
        assert "not an OData collection" in capsys.readouterr().err
        assert main(["harvest", "informea", server.url.replace("Decisions", "Missing")]) == 2
        assert "HTTP 404" in capsys.readouterr().err
    assert main(["harvest", "informea", "file:///etc/passwd"]) == 2
    assert "Only http and https" in capsys.readouterr().err
    assert batches() == []


@pytest.mark.django_db
def test_a_response_over_the_size_limit_is_refused(var_dir, capsys):
    with Server(pages()) as server:
        assert main(["harvest", "informea", server.url, "--max-bytes", "100"]) == 2
        assert "more than 100 bytes" in capsys.readouterr().err
