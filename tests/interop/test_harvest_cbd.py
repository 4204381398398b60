"""`liaison harvest cbd URL` against a real HTTP server on loopback serving the CBD Decision Tracking Tool's
recorded answers (tests/interop/fixtures/cbd_dtt: an index search in two pages and three decision trees). No mock
of the client: urllib talks to http.server over TCP."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from liaison.cli import main

from .test_harvest import Server

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cbd_dtt"
SEARCH = "/api/v2013/index?q=schema_s%3Adecision-text&rows=3"
CODES = ("CBD/COP/14/05", "CBD/COP/15/04", "CBD/COP/14/30")


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def tree_path(code: str) -> str:
    return f"/api/v2021/decisions/{quote(code, safe='')}/tree"


def responses() -> dict[str, dict]:
    served = {SEARCH: fixture("search_start_0.json"), SEARCH + "&start=3": fixture("search_start_3.json")}
    for code in CODES:
        served[tree_path(code)] = fixture(f"tree_{code.replace('/', '-')}.json")
    return served


def url_of(server: Server, path: str = SEARCH) -> str:
    return f"http://127.0.0.1:{server.httpd.server_address[1]}{path}"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def batches():
    from liaison.decisions.models import IngestBatch

    return list(IngestBatch.objects.filter(label__startswith="CBD DTT harvest").order_by("pk"))


def test_first_run_reads_three_decisions_into_one_draft_then_nothing_new(var_dir, capsys):
    from liaison.decisions.models import IngestBatch, Mandate

    mandates_before = Mandate.objects.count()
    with Server(responses()) as server:
        assert main(["harvest", "cbd", url_of(server)]) == 0
        out = capsys.readouterr().out
        assert "2 pages, 4 records: 3 texts read, 0 already stored, 0 left out; 3 notes on the DTT's tags" in out
        assert "page 2, record 1 CBD/COP/14/30: paragraph 1: unknown code 'not-a-status' in statuses left out" in out
        assert "paragraph 2: actors of the DTT the parser did not read: cms" in out
        # the search names 14/5 twice (once per paragraph): its tree is read once
        assert server.requests.count(tree_path("CBD/COP/14/05")) == 1
        [batch] = batches()
        assert batch.state == IngestBatch.DRAFT and batch.convention.acronym == "CBD"
        files = {f.options["symbol"]: f for f in batch.files.all()}
        assert sorted(files) == ["14/30", "14/5", "15/4"]
        tags = files["15/4"].options["dtt"]
        assert tags["code"] == "CBD/COP/15/04"
        assert tags["paragraphs"][2] == {"number": "3", "section": "", "type": "operational",
                                         "statuses": ["require-funding", "active"], "actors": ["executive-secretary"]}
        assert files["15/4"].options["meeting"] == "COP 15"
        assert "Target 3: Ensure and enable that by 2030 at least 30 per cent" in bytes(files["15/4"].data).decode()
        assert batch.preview["errors"] == 0
        assert Mandate.objects.count() == mandates_before  # a draft: nothing stored yet

        assert main(["harvest", "cbd", url_of(server)]) == 0  # the texts wait in the draft: skipped
        out = capsys.readouterr().out
        assert "0 texts read, 3 already stored, 0 left out\n" in out and "nothing new to store" in out
        assert "actors of the DTT" not in out  # the notes were given when the texts were read
        assert len(batches()) == 1
        assert list(var_dir.glob("harvest/*.json")) == []


def test_publishing_the_draft_applies_the_dtt_statuses_to_its_mandates(var_dir, capsys):
    from liaison.core.actors import system_actor
    from liaison.core.models import AuditEvent
    from liaison.decisions.batches import batch_publish
    from liaison.decisions.models import Mandate

    with Server(responses()) as server:
        assert main(["harvest", "cbd", url_of(server)]) == 0
    [batch] = batches()
    batch_publish(user=system_actor("test"), batch=batch)
    [hash_154] = [f.content_hash for f in batch.files.all() if f.options["symbol"] == "15/4"]
    [hash_145] = [f.content_hash for f in batch.files.all() if f.options["symbol"] == "14/5"]

    def statuses(content_hash):
        return sorted((m.paragraph.number, m.actor.code, m.status) for m in Mandate.objects.filter(
            paragraph__revision__content_hash=content_hash).select_related("paragraph", "actor"))

    assert statuses(hash_154) == [("2", "other-governments", Mandate.OPEN), ("2", "parties", Mandate.OPEN),
                                  ("3", "executive-secretary", Mandate.NEEDS_FUNDING)]
    assert statuses(hash_145) == [("2", "other-governments", Mandate.OPEN), ("2", "parties", Mandate.OPEN),
                                  ("3", "executive-secretary", Mandate.DONE)]
    done = Mandate.objects.get(paragraph__revision__content_hash=hash_145, paragraph__number="3")
    assert AuditEvent.objects.filter(object_type="decisions.mandate", object_id=str(done.pk), action="update").exists()


def test_an_interrupted_harvest_resumes_from_the_last_page_read(var_dir, capsys):
    with Server(responses()) as server:
        server.fail_once.add(tree_path("CBD/COP/14/30"))  # page 2's only tree answers 503
        assert main(["harvest", "cbd", url_of(server)]) == 2
        err = capsys.readouterr().err
        assert "answered HTTP 503" in err and "--resume" in err
        assert batches() == []
        [state] = var_dir.glob("harvest/*.json")
        assert json.loads(state.read_text())["pages"] == 1

        server.requests.clear()
        assert main(["harvest", "cbd", url_of(server), "--resume"]) == 0
        assert server.requests == [SEARCH + "&start=3", tree_path("CBD/COP/14/30")]  # page 1 not read again
        assert "2 pages, 4 records: 3 texts read" in capsys.readouterr().out
        assert [b.files.count() for b in batches()] == [3]
        assert not state.exists()


def test_a_malformed_record_gets_a_message_and_the_others_are_stored(var_dir, capsys):
    served = responses()
    broken = copy.deepcopy(served[tree_path("CBD/COP/15/04")])
    broken["nodes"] = "not a list"
    served[tree_path("CBD/COP/15/04")] = broken
    served[SEARCH + "&start=3"]["response"]["docs"] += [{"title_s": "no code"}, {"dttCode_s": "CBD/COP/13/99"}]
    with Server(served) as server:
        assert main(["harvest", "cbd", url_of(server)]) == 0
    out = capsys.readouterr().out
    assert "page 1, record 3 CBD/COP/15/04: cannot read it: nodes is not a list of nodes" in out
    assert "page 2, record 2: cannot read it: no decision code (dttCode_s)" in out
    assert ("page 2, record 3 CBD/COP/13/99: cannot read it: no decision tree at http://127.0.0.1:"
            in out and "/api/v2021/decisions/CBD%2FCOP%2F13%2F99/tree (HTTP 404)" in out)
    assert "2 texts read, 0 already stored, 3 left out" in out
    [batch] = batches()
    assert sorted(f.options["symbol"] for f in batch.files.all()) == ["14/30", "14/5"]


def test_a_page_that_is_not_json_stops_with_the_state_kept(var_dir, capsys):
    with Server(responses()) as server:
        server.responses[SEARCH + "&start=3"] = b"<html>Service unavailable</html>"
        assert main(["harvest", "cbd", url_of(server)]) == 2
        assert "did not answer JSON" in capsys.readouterr().err
        [state] = var_dir.glob("harvest/*.json")
        kept = json.loads(state.read_text())
        assert kept["pages"] == 1 and len(kept["documents"]) == 2 and kept["next"].endswith("&start=3")
        assert batches() == []


def test_one_tree_url_is_one_decision(var_dir, capsys):
    with Server(responses()) as server:
        assert main(["harvest", "cbd", url_of(server, tree_path("CBD/COP/14/05"))]) == 0
    assert "1 pages, 1 records: 1 texts read" in capsys.readouterr().out
    [batch] = batches()
    assert [f.options["symbol"] for f in batch.files.all()] == ["14/5"]


def test_bad_input_gives_a_message_and_a_non_zero_exit(var_dir, capsys):
    with Server({"/other": {"d": {"results": []}}, "/tree": {"code": "CBD/COP/14/05", "session": "fourteen"}}) \
            as server:
        assert main(["harvest", "cbd", url_of(server, "/other")]) == 2
        assert "neither a DTT decision tree nor an index search" in capsys.readouterr().err
        assert main(["harvest", "cbd", url_of(server, "/missing")]) == 2
        assert "HTTP 404" in capsys.readouterr().err
        assert main(["harvest", "cbd", url_of(server, "/tree")]) == 0
        assert "cannot read it: no session and decision number" in capsys.readouterr().out
    assert main(["harvest", "cbd", "file:///etc/passwd"]) == 2
    assert "Only http and https" in capsys.readouterr().err
    assert main(["harvest", "cbd", "http://127.0.0.1:9/x", "--collection", "meetings"]) == 2
    assert "the CBD source reads decisions" in capsys.readouterr().err
    assert main(["harvest", "cbd", "http://127.0.0.1:9/x", "--pages", "0"]) == 2
    assert batches() == []


def test_a_tree_over_the_size_limit_is_refused(var_dir, capsys):
    with Server(responses()) as server:
        assert main(["harvest", "cbd", url_of(server), "--max-bytes", "2000"]) == 2
        assert "more than 2000 bytes" in capsys.readouterr().err
