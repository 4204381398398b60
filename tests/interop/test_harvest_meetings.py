"""`liaison harvest informea URL/Meetings` against a real HTTP server on loopback: InforMEA's Meeting fixtures
(data/informea_melish/odata_api_samples_synthetic) and Liaison's own Meetings export, read into unpublished
meeting records; a second run stores nothing new; an interrupted run resumes. No mock of the client."""

from __future__ import annotations

import copy

import pytest

from liaison.cli import main
from liaison.meetings.models import Meeting

from .test_harvest import Server, fixture_records

pytestmark = pytest.mark.django_db
PATH = "/informea.svc/Meetings"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def meeting_pages() -> dict[str, dict]:
    """Two pages: InforMEA's two v3 CBD meetings, then a v1 record (a treaty Liaison does not hold), a record with
    a date that is no OData date, and one without an id."""
    v3 = fixture_records("v3_Meetings.json")
    v1 = fixture_records("v1_Meetings.json")
    bad_date = copy.deepcopy(v3[0])
    bad_date.update(id="cbd-bad-date", start="2014-05-06")
    return {
        PATH: {"d": {"results": v3, "__next": f"{PATH}?$skip=2"}},
        f"{PATH}?$skip=2": {"d": {"results": [v1[0], bad_date, {"title": "no id"}]}},
    }


def url_of(server: Server, path: str = PATH) -> str:
    return f"http://127.0.0.1:{server.httpd.server_address[1]}{path}"


def test_meetings_are_stored_unpublished_then_nothing_new(var_dir, capsys, client, client_for):
    from liaison.accounts.models import Role

    before = Meeting.objects.count()
    with Server(meeting_pages()) as server:
        assert main(["harvest", "informea", url_of(server)]) == 0
        out = capsys.readouterr().out
        assert "page 2, record 1 0066da14-412c-e411-855b-005056856044: cannot read it: convention: unknown " \
               "convention 'stockholm'" in out
        assert "record 2 cbd-bad-date: cannot read it: start is not an OData date" in out
        assert "record 3: cannot read it: no id" in out
        assert "2 pages, 5 records: 2 meetings stored unpublished, 0 already stored, 3 left out" in out
        stored = Meeting.objects.filter(informea_id__in=["52000000cbd0050000001595", "52000000cbd00500000015a6"])
        assert stored.count() == 2 and not stored.filter(published=True).exists()
        first = stored.get(informea_id="52000000cbd0050000001595")
        assert (first.convention.acronym, first.kind, first.city, first.country.iso2) == ("CBD", "mop",
                                                                                         "Copenhagen", "RO")
        assert first.start.isoformat() == "2014-05-06" and "InforMEA harvest of" in first.source
        assert client.get(f"/meetings/{first.slug}/").status_code == 404  # a draft: not public
        assert client_for((Role.SECRETARIAT, "CBD")).get(f"/meetings/{first.slug}/").status_code == 200

        assert main(["harvest", "informea", url_of(server)]) == 0
        out = capsys.readouterr().out
        assert "0 meetings stored unpublished, 2 already stored, 3 left out" in out and "nothing new" in out
        assert Meeting.objects.count() == before + 2
        assert list(var_dir.glob("harvest/*.json")) == []


def test_liaisons_own_export_reads_back_as_meetings_already_held(var_dir, capsys, client):
    exported = client.get("/api/informea/Meetings?$filter=treaty eq 'cms'&$expand=decisions").json()
    assert len(exported["d"]["results"]) == 3
    before = Meeting.objects.count()
    with Server({PATH: exported}) as server:
        assert main(["harvest", "informea", url_of(server)]) == 0
    assert "0 meetings stored unpublished, 3 already stored, 0 left out" in capsys.readouterr().out
    assert Meeting.objects.count() == before


def test_an_interrupted_meetings_harvest_resumes(var_dir, capsys):
    with Server(meeting_pages()) as server:
        server.fail_once.add(f"{PATH}?$skip=2")
        assert main(["harvest", "informea", url_of(server)]) == 2
        assert "answered HTTP 503" in capsys.readouterr().err
        assert Meeting.objects.filter(informea_id="52000000cbd0050000001595").exists()  # page 1 is stored
        server.requests.clear()
        assert main(["harvest", "informea", url_of(server), "--resume"]) == 0
        assert server.requests == [f"{PATH}?$skip=2"]
        assert "2 pages, 5 records: 2 meetings stored unpublished" in capsys.readouterr().out


def test_collection_can_be_named(var_dir, capsys):
    with Server({"/other": {"d": {"results": fixture_records("v3_Meetings.json")}}}) as server:
        assert main(["harvest", "informea", url_of(server, "/other"), "--collection", "meetings"]) == 0
    assert "2 meetings stored unpublished" in capsys.readouterr().out
