"""Meeting pages: the list (filters, sorting, timeline), a meeting with its decisions, the staff's form; who is
refused an unpublished meeting, and bad filters answering 400."""

from __future__ import annotations

import pytest

from liaison.meetings.models import Meeting

from .conftest import ADMIN, CBD_STAFF, CMS_STAFF, KEN_FP

pytestmark = pytest.mark.django_db


def test_the_list_filters_and_sorts(client):
    page = client.get("/meetings/?convention=CMS&sort=-start")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("COP14") < html.index("COP12") < html.index("COP11")
    assert "Ramsar" not in html.split('id="meetings"')[1].split("</table>")[0]
    assert 'id="meeting-timeline"' in html
    assert "Sharm El-Sheikh" in client.get("/meetings/?kind=mop&year=2018").content.decode()


@pytest.mark.parametrize("query", ["convention=NOPE", "kind=party", "year=abcd", "sort=password"])
def test_bad_filters_answer_400(client, query):
    assert client.get(f"/meetings/?{query}").status_code == 400


def test_a_meeting_page_lists_the_decisions_it_adopted(client):
    html = client.get("/meetings/cms-cop12/").content.decode()
    assert "Resolution 11.10" in html and "In effect" in html
    assert 'id="meeting-edit"' not in html


def test_an_unpublished_meeting_page_is_refused_to_all_but_its_staff(client, client_for, hidden):
    assert client.get("/meetings/cms-stc99/").status_code == 404
    assert "StC99" not in client.get("/meetings/?convention=CMS").content.decode()
    for role in (KEN_FP, CBD_STAFF):
        assert client_for(role).get("/meetings/cms-stc99/").status_code == 404
        assert client_for(role).get("/meetings/cms-stc99/edit/").status_code == 404
    staff = client_for(CMS_STAFF)
    html = staff.get("/meetings/cms-stc99/").content.decode()
    assert 'id="meeting-unpublished"' in html and "Bonn" in html and 'id="meeting-edit"' in html
    assert "StC99" in staff.get("/meetings/?convention=CMS").content.decode()


def test_staff_enter_a_meeting_through_the_form(client, client_for):
    form = {"convention": "CMS", "kind": "standing-committee", "symbol": "StC54", "title": "54th StC",
            "start": "2025-10-01", "end": "2025-10-03", "precision": "day", "city": "Bonn", "country": "DE",
            "documents": "Agenda | https://www.cms.int/stc54/agenda\n", "published": "on"}
    assert client.get("/meetings/new/").status_code == 302  # sign in first
    assert client_for(KEN_FP).get("/meetings/new/").status_code == 403
    assert client_for(CBD_STAFF).post("/meetings/new/", form).status_code == 403
    staff = client_for(CMS_STAFF)
    bad = staff.post("/meetings/new/", {**form, "end": "2025-09-01"})
    assert bad.status_code == 422 and "on or after the start" in bad.content.decode()
    assert not Meeting.objects.filter(symbol="StC54").exists()
    answer = staff.post("/meetings/new/", form)
    assert answer.status_code == 302 and answer["Location"] == "/meetings/cms-stc54/"
    meeting = Meeting.objects.get(symbol="StC54")
    assert meeting.documents == [{"title": "Agenda", "url": "https://www.cms.int/stc54/agenda"}]
    assert "Agenda" in client.get("/meetings/cms-stc54/").content.decode()
    edited = client_for(ADMIN).post("/meetings/cms-stc54/edit/", {**form, "city": "Geneva", "country": "CH"})
    assert edited.status_code == 302 and Meeting.objects.get(symbol="StC54").city == "Geneva"


def test_a_decision_page_links_to_the_meeting_that_adopted_it(client):
    from liaison.decisions.models import Decision

    decision = Decision.objects.get(convention__acronym="CMS", number="11.10")
    html = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'href="/meetings/cms-cop12/" id="decision-meeting"' in html


def test_a_decision_of_an_unpublished_meeting_shows_its_label_without_a_link(client, hidden):
    from liaison.catalogue.models import Convention
    from liaison.decisions.models import Decision

    decision = Decision.objects.create(convention=Convention.objects.get(acronym="CMS"), number="99.1",
                                       meeting="StC99", year=2030)
    decision.refresh_from_db()
    assert decision.adopting_meeting == hidden
    html = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert "StC99" in html and "/meetings/cms-stc99/" not in html
    [record] = client.get(f"/api/informea/Decisions?$filter=id eq {decision.pk}").json()["d"]["results"]
    assert record["meetingId"] == "StC99"
