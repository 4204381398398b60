"""A closed cycle takes no new report (API, page, service), and the report page and questionnaire list say
where each cycle stands."""

import datetime as dt

import pytest
from django.utils import timezone

from liaison.core.models import AuditEvent
from liaison.reporting.models import Questionnaire, Report

from .conftest import CARTAGENA_STAFF, KEN_CARTAGENA_FP, KEN_CBD_FP

pytestmark = pytest.mark.django_db
START = {"questionnaire": "cartagena-nr4", "country": "KEN"}


def start(client):
    return client.post("/api/reporting/reports", START, content_type="application/json")


def test_no_report_is_started_in_a_closed_cycle(client_for):
    fp = client_for(KEN_CARTAGENA_FP)  # the Cartagena fourth report's cycle closed on 2020-10-01
    before = (Report.objects.count(), AuditEvent.objects.filter(action="start").count())
    response = start(fp)
    assert response.status_code == 409, response.content
    assert "closed on 2020-10-01" in response.json()["detail"] and "extend" in response.json()["detail"]
    page = fp.post("/reporting/start/cartagena-nr4/KEN/")
    assert page.status_code == 409 and "closed on 2020-10-01" in page.content.decode()
    assert (Report.objects.count(), AuditEvent.objects.filter(action="start").count()) == before
    # the workspace offers no Start for it: it is history
    workspace = fp.get("/reporting/").content.decode()
    assert "/reporting/start/cartagena-nr4/KEN/" not in workspace
    # once the secretariat extends the cycle, the report can be started
    extended = client_for(CARTAGENA_STAFF).patch("/api/reporting/questionnaires/cartagena-nr4/cycle",
                                                 {"closes": "2100-12-31"}, content_type="application/json")
    assert extended.status_code == 200
    assert start(fp).status_code == 201
    # closed again: the report started is still there to open (200), never refused
    Questionnaire.objects.filter(code="cartagena-nr4").update(closes=dt.date(2020, 10, 1))
    again = start(fp)
    assert again.status_code == 200 and again.json()["cycle_state"] == "closed_not_submitted"


def test_a_cycle_not_open_yet_may_be_started_early(client_for):
    today = timezone.localdate()
    Questionnaire.objects.filter(code="cartagena-nr4").update(opens=today + dt.timedelta(days=10), deadline=None,
                                                              closes=None)
    response = start(client_for(KEN_CARTAGENA_FP))
    assert response.status_code == 201 and response.json()["cycle_state"] == "upcoming"


def cycle_of(html: str) -> str:
    """Return the report page's cycle line."""
    return html.split('<p class="cycle-line">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(("opens", "deadline", "closes", "state", "says"), [
    (3, 40, 400, "upcoming", "the reporting cycle opens on {opens}"),
    (-30, 12, 400, "open", "due in 12 days; the cycle closes on {closes}"),
    (-30, 0, None, "open", "due today"),
    (-300, -5, 60, "overdue", "5 days past the deadline; the cycle closes on {closes}"),
    (-700, -400, -1, "closed_not_submitted", "the reporting cycle closed on {closes}"),
])
def test_the_report_page_says_where_the_cycle_stands(client_for, cycles_open, opens, deadline, closes, state, says):
    fp = client_for(KEN_CARTAGENA_FP, KEN_CBD_FP)
    report_id = start(fp).json()["id"]
    today = timezone.localdate()
    days = {k: (today + dt.timedelta(days=v) if v is not None else None)
            for k, v in (("opens", opens), ("deadline", deadline), ("closes", closes))}
    Questionnaire.objects.filter(code="cartagena-nr4").update(**days)
    line = cycle_of(fp.get(f"/reporting/reports/{report_id}/").content.decode())
    assert f'data-cycle-state="{state}"' in line
    assert says.format(**{k: v.isoformat() for k, v in days.items() if v}) in " ".join(line.split())
    labels = {"upcoming": "Not open yet", "open": "Open", "overdue": "Overdue",
              "closed_not_submitted": "Not submitted"}
    assert f'class="status cycle-{state}">{labels[state]}<' in line
    # in French too
    french = {"upcoming": "Pas encore ouvert", "open": "Ouvert", "overdue": "En retard",
              "closed_not_submitted": "Non soumis"}
    line = cycle_of(fp.get(f"/reporting/reports/{report_id}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert f">{french[state]}<" in line and line.startswith("Cycle de rapport")


def test_a_submitted_report_says_submitted(client_for, cycles_open):
    fp = client_for(KEN_CARTAGENA_FP, KEN_CBD_FP)
    report_id = start(fp).json()["id"]
    Report.objects.filter(pk=report_id).update(status=Report.SUBMITTED, submitted_at=timezone.now())
    line = cycle_of(fp.get(f"/reporting/reports/{report_id}/").content.decode())
    assert 'data-cycle-state="submitted"' in line and ">Submitted<" in line


def test_the_questionnaire_list_says_where_each_cycle_stands(client):
    today = timezone.localdate()
    Questionnaire.objects.filter(code="cbd-nr7-gbf").update(opens=None, deadline=today - dt.timedelta(days=3),
                                                           closes=today + dt.timedelta(days=100))
    Questionnaire.objects.filter(code="nagoya-interim").update(opens=today + dt.timedelta(days=1))
    html = client.get("/reporting/questionnaires/").content.decode()
    rows = {row.split('href="/reporting/questionnaires/', 1)[1].split("/", 1)[0]: row
            for row in html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]}
    assert 'data-cycle-state="closed_not_submitted"' in rows["cartagena-nr4"] and ">Closed<" in rows["cartagena-nr4"]
    assert "the reporting cycle closed on 2020-10-01" in " ".join(rows["cartagena-nr4"].split())
    assert 'data-cycle-state="overdue"' in rows["cbd-nr7-gbf"] and ">Open, deadline passed<" in rows["cbd-nr7-gbf"]
    assert "3 days past the deadline" in rows["cbd-nr7-gbf"]
    assert 'data-cycle-state="upcoming"' in rows["nagoya-interim"] and ">Not open yet<" in rows["nagoya-interim"]
