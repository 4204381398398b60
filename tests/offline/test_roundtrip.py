"""Round trips through the API: download Word and Excel, fill, upload, preview, confirm; conflicts."""

from __future__ import annotations

import pytest

from tests.offline.conftest import answers, docx_fill, put, questions, upload, xlsx_fill

pytestmark = pytest.mark.django_db


def test_excel_round_trip_applies_only_what_is_confirmed(kenya):
    c, report = kenya
    response = c.get(f"/api/reports/{report}/offline.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    filled = xlsx_fill(response.content, {"plan": "Yes", "trend": "Decreasing", "threats": "Bycatch; Power lines",
                                          "sites": 42, "since": "2025-03-01", "notes": "Surveys in the Rift",
                                          "counts": "Lesser flamingo | 1200\nGrey crowned crane | 40"})
    preview = upload(c, report, filled, "report.xlsx")
    assert preview.status_code == 201, preview.content
    body = preview.json()
    assert body["changes"] == 7 and body["conflicts"] == 0 and body["invalid"] == 0
    assert answers(c, report)["plan"][0] is None  # nothing written before the confirm
    confirm = c.post(f"/api/offline/uploads/{body['id']}/confirm", {"skip": ["notes"]},
                     content_type="application/json")
    assert confirm.status_code == 200, confirm.content
    assert confirm.json()["applied"] == 6
    now = answers(c, report)
    assert now["plan"][0] == "yes" and now["trend"][0] == "down" and now["threats"][0] == ["bycatch", "lines"]
    assert now["sites"][0] == 42 and now["since"][0] == "2025-03-01"
    assert now["counts"][0] == [{"species": "Lesser flamingo", "count": "1200"},
                                {"species": "Grey crowned crane", "count": "40"}]
    assert now["notes"][0] is None  # skipped
    assert now["plan"][2].startswith("from the offline file of ") and "uploaded by user" in now["plan"][2]
    again = c.post(f"/api/offline/uploads/{body['id']}/confirm", {}, content_type="application/json")
    assert again.status_code == 409


def test_word_round_trip_and_an_invalid_value_is_shown_not_applied(kenya):
    c, report = kenya
    response = c.get(f"/api/reports/{report}/offline.docx")
    assert response.status_code == 200
    filled = docx_fill(response.content, {"plan": "no", "sites": "twelve", "notes": "Typed in Word"})
    body = upload(c, report, filled, "report.docx").json()
    rows = {r["id"]: r for r in body["rows"]}
    assert rows["plan"]["status"] == "change" and rows["plan"]["mine"] == "no"
    assert rows["sites"]["status"] == "invalid" and "number" in rows["sites"]["error"]
    assert c.post(f"/api/offline/uploads/{body['id']}/confirm", {}, content_type="application/json").json()[
        "applied"] == 2
    now = answers(c, report)
    assert now["plan"][0] == "no" and now["notes"][0] == "Typed in Word" and now["sites"][0] is None


def test_an_answer_changed_online_since_the_download_is_a_conflict(kenya):
    c, report = kenya
    ids = questions(c, report)
    data = c.get(f"/api/reports/{report}/offline.xlsx").content
    assert put(c, report, ids["trend"], "up").status_code == 200  # online, after the download
    assert put(c, report, ids["sites"], 7).status_code == 200
    filled = xlsx_fill(data, {"trend": "Decreasing", "plan": "Yes"})  # sites untouched in the file
    body = upload(c, report, filled, "r.xlsx").json()
    rows = {r["id"]: r for r in body["rows"]}
    assert set(rows) == {"trend", "plan"}  # the untouched row does not undo the online answer
    assert rows["trend"]["status"] == "conflict" and rows["trend"]["online_display"] == "Increasing"
    refused = c.post(f"/api/offline/uploads/{body['id']}/confirm", {}, content_type="application/json")
    assert refused.status_code == 422
    assert answers(c, report)["plan"][0] is None
    done = c.post(f"/api/offline/uploads/{body['id']}/confirm", {"keep": {"trend": "online"}},
                  content_type="application/json")
    assert done.json()["applied"] == 1
    now = answers(c, report)
    assert now["trend"][0] == "up" and now["plan"][0] == "yes" and now["sites"][0] == 7


def test_keep_mine_and_a_save_between_preview_and_confirm_changes_nothing(kenya):
    c, report = kenya
    ids = questions(c, report)
    data = c.get(f"/api/reports/{report}/offline.docx").content
    put(c, report, ids["trend"], "up")
    body = upload(c, report, docx_fill(data, {"trend": "Decreasing", "plan": "Yes"}), "r.docx").json()
    put(c, report, ids["plan"], "no")  # online again, after the preview
    stale = c.post(f"/api/offline/uploads/{body['id']}/confirm", {"keep": {"trend": "mine"}},
                   content_type="application/json")
    assert stale.status_code == 409
    assert answers(c, report)["trend"][0] == "up"  # all or none
    body = upload(c, report, docx_fill(data, {"trend": "Decreasing"}), "r.docx").json()
    assert c.post(f"/api/offline/uploads/{body['id']}/confirm", {"keep": {"trend": "mine"}},
                  content_type="application/json").json()["applied"] == 1
    assert answers(c, report)["trend"][0] == "down"
