"""The report page never locks a report on one click: the submission asks for a ticked confirmation first.
(The API's POST .../submit is itself the explicit act of a national system and needs none.)"""

from __future__ import annotations

import pytest

from liaison.core.actors import system_actor
from liaison.reporting.models import Report, Snapshot
from liaison.reporting.questionnaires import questionnaire_import

pytestmark = pytest.mark.django_db

SMALL = {"format": "liaison-questionnaire/1", "code": "cms-confirm-test", "convention": "CMS",
         "title": "CMS short report", "cycle": "2026", "sections": [
             {"key": "general", "number": "1", "title": "General", "questions": [
                 {"key": "notes", "kind": "text", "title": "Comments"}]}]}


@pytest.fixture
def kenya(client_for):
    questionnaire_import(data=SMALL, user=system_actor("test"))
    fp = client_for(("focal_point", "CMS", "KEN"))
    report_id = fp.post("/api/reporting/reports", {"questionnaire": "cms-confirm-test", "country": "KEN"},
                        content_type="application/json").json()["id"]
    return fp, report_id


def test_the_page_asks_for_the_confirmation_and_locks_nothing_without_it(kenya):
    fp, report_id = kenya
    page = fp.get(f"/reporting/reports/{report_id}/").content.decode()
    assert 'name="confirm" value="1" required' in page
    answer = fp.post(f"/reporting/reports/{report_id}/submit/", follow=True).content.decode()
    assert "Tick the confirmation to submit" in answer
    assert Report.objects.get(pk=report_id).status == Report.DRAFT
    assert not Snapshot.objects.filter(report_id=report_id).exists()
    done = fp.post(f"/reporting/reports/{report_id}/submit/", {"confirm": "1"}, follow=True).content.decode()
    assert "Submitted and locked" in done
    assert Report.objects.get(pk=report_id).status == Report.SUBMITTED


def test_the_sections_list_comes_after_the_submit_panel(kenya):
    """The sticky sections list last in the side column: it cannot cover the Submit and Delegate panels."""
    fp, report_id = kenya
    page = fp.get(f"/reporting/reports/{report_id}/").content.decode()
    aside = page[page.index("<aside>"):page.index("</aside>")]
    assert aside.index("submit-confirm") < aside.index("Delegate a section") < aside.index('class="card toc"')


def test_the_api_submits_without_the_page_confirmation(kenya):
    fp, report_id = kenya
    response = fp.post(f"/api/reporting/reports/{report_id}/submit", {}, content_type="application/json")
    assert response.status_code in (200, 201), response.content
    assert Report.objects.get(pk=report_id).status == Report.SUBMITTED
