"""Reporting cycles: a report's state at each boundary, closed cycles as history, staff setting the dates."""

import datetime as dt

import pytest

from liaison.catalogue.models import Country
from liaison.core.actors import system_actor
from liaison.core.loading import data_load_all
from liaison.core.models import AuditEvent
from liaison.reporting.cycles import closes_derive, cycle_state, days_overdue
from liaison.reporting.models import Questionnaire, Report
from liaison.reporting.selectors import (
    convention_status,
    convention_status_counts,
    reminders_due,
    workspace_for,
)
from liaison.reporting.services import report_start

from .conftest import CARTAGENA_STAFF, CBD_STAFF, CMS_STAFF, KEN_CARTAGENA_FP, UGA_CARTAGENA_FP

D = dt.date
CYCLE = "/api/reporting/questionnaires/cartagena-nr4/cycle"


def patch(client, body, url=CYCLE):
    return client.patch(url, body, content_type="application/json")


# --- the state at each boundary (no database) ---

@pytest.mark.parametrize(("today", "state"), [
    (D(2025, 12, 31), "upcoming"),  # the day before the cycle opens
    (D(2026, 1, 1), "open"),  # the day it opens
    (D(2026, 3, 31), "open"),  # the deadline day itself
    (D(2026, 4, 1), "overdue"),  # the day after the deadline
    (D(2026, 6, 30), "overdue"),  # the last day of the cycle
    (D(2026, 7, 1), "closed_not_submitted"),  # the day after it closes
])
def test_state_at_each_boundary(today, state):
    q = Questionnaire(opens=D(2026, 1, 1), deadline=D(2026, 3, 31), closes=D(2026, 6, 30))
    assert cycle_state(questionnaire=q, report=None, today=today) == state
    for status in (Report.DRAFT, Report.REOPENED):  # a report underway stands where a missing one does
        assert cycle_state(questionnaire=q, report=Report(status=status), today=today) == state
    assert cycle_state(questionnaire=q, report=Report(status=Report.SUBMITTED), today=today) == "submitted"


def test_days_overdue_only_while_the_cycle_is_open():
    q = Questionnaire(deadline=D(2026, 3, 31), closes=D(2026, 6, 30))
    for today, n in [(D(2026, 3, 31), 0), (D(2026, 4, 1), 1), (D(2026, 6, 30), 91), (D(2026, 7, 1), 0)]:
        state = cycle_state(questionnaire=q, report=None, today=today)
        assert days_overdue(questionnaire=q, state=state, today=today) == n


def test_unknown_dates_mean_open():
    assert cycle_state(questionnaire=Questionnaire(), report=None, today=D(1990, 1, 1)) == "open"
    no_close = Questionnaire(deadline=D(2019, 10, 1))
    assert cycle_state(questionnaire=no_close, report=None, today=D(2040, 1, 1)) == "overdue"


def test_closing_day_derived_conservatively():
    # the next cycle's opening wins: this one's last day is the day before
    assert closes_derive(opens=None, deadline=D(2019, 10, 1), next_opens=D(2020, 3, 1),
                         next_deadline=D(2023, 10, 1)) == D(2020, 2, 29)
    # else a year after the deadline ...
    assert closes_derive(opens=None, deadline=D(2019, 10, 1), next_opens=None, next_deadline=None) == D(2020, 10, 1)
    assert closes_derive(opens=None, deadline=D(2024, 2, 29), next_opens=None, next_deadline=None) == D(2025, 2, 28)
    # ... but never after the next cycle's deadline (it had opened by then)
    assert closes_derive(opens=None, deadline=D(2019, 10, 1), next_opens=None,
                         next_deadline=D(2020, 5, 1)) == D(2020, 4, 30)
    assert closes_derive(opens=None, deadline=None, next_opens=None, next_deadline=D(2019, 10, 1)) == D(2019, 9, 30)
    # with no date at all the cycle stays open
    assert closes_derive(opens=None, deadline=None, next_opens=None, next_deadline=None) is None


# --- the bundled data ---

@pytest.mark.django_db
def test_the_loader_dates_the_bundled_cycles():
    dates = {q.code: (q.opens, q.deadline, q.closes) for q in Questionnaire.objects.all()}
    assert dates["cartagena-nr3"] == (None, None, D(2019, 9, 30))  # the day before the fourth's deadline
    assert dates["cartagena-nr4"] == (None, D(2019, 10, 1), D(2020, 10, 1))
    assert dates["nagoya-interim"] == (None, D(2017, 11, 1), D(2018, 11, 1))
    assert dates["cbd-nr7-gbf"] == (None, D(2026, 2, 28), D(2027, 2, 28))


@pytest.mark.django_db
def test_kenyas_closed_cartagena_report_is_history_not_overdue(client_for):
    fp = client_for(KEN_CARTAGENA_FP)
    space = workspace_for(user=_user(fp), today=D(2026, 12, 3))
    history = {(r["questionnaire"].code, r["country"].iso3): r for r in space["history"]}
    assert history[("cartagena-nr4", "KEN")]["cycle_state"] == "closed_not_submitted"
    assert history[("cartagena-nr4", "KEN")]["days_overdue"] == 0
    assert history[("cartagena-nr3", "KEN")]["cycle_state"] == "submitted"  # the demo report
    assert not space["rows"] and not space["deadlines"] and space["n_overdue"] == 0
    # on the same day in 2020 the cycle was still open and the report was overdue
    before = workspace_for(user=_user(fp), today=D(2020, 10, 1))
    row = next(r for r in before["rows"] if r["questionnaire"].code == "cartagena-nr4")
    assert row["cycle_state"] == "overdue" and row["days_overdue"] == 366 and before["n_overdue"] == 1
    assert [r["questionnaire"].code for r in before["deadlines"]] == ["cartagena-nr4"]


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.mark.django_db
def test_the_page_and_the_api_say_not_submitted(client_for):
    fp = client_for(KEN_CARTAGENA_FP)
    page = fp.get("/reporting/").content.decode()
    history = page.split('<table id="history"', 1)[1].split("</table>", 1)[0]
    assert "4th national report" in history and "Not submitted" in history and "2020-10-01" in history
    assert "days overdue" not in page and 'class="overdue"' not in page
    # a report started while the cycle was open (no new one can be started in a closed cycle) ...
    started, _created = report_start(user=_user(fp), questionnaire=Questionnaire.objects.get(code="cartagena-nr4"),
                                     country=Country.objects.get(iso3="KEN"), today=D(2019, 11, 1))
    # ... is not submitted now that it has closed
    report = fp.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                     content_type="application/json")
    assert report.status_code == 200 and report.json()["id"] == started.pk
    assert report.json()["cycle_state"] == "closed_not_submitted"
    assert fp.get(f"/api/reporting/reports/{started.pk}").json()["cycle_state"] == "closed_not_submitted"
    status = client_for().get("/api/reporting/status/cartagena-nr4?limit=500").json()
    assert status["overdue"] == 0
    assert {r["cycle_state"] for r in status["items"]} <= {"closed_not_submitted", "submitted"}
    assert next(r for r in status["items"] if r["country"] == "KEN")["cycle_state"] == "closed_not_submitted"
    listed = {q["code"]: q for q in client_for().get("/api/reporting/questionnaires").json()["items"]}
    assert listed["cartagena-nr4"]["closes"] == "2020-10-01"
    assert listed["cartagena-nr4"]["deadline"] == "2019-10-01"  # the existing field is kept
    assert listed["cartagena-nr4"]["cycle_state"] == "closed_not_submitted"
    dashboard = client_for().get("/reporting/dashboard/cartagena-nr4/").content.decode()
    assert 'data-cycle-state="closed_not_submitted"' in dashboard and 'id="overdue-count"' not in dashboard


@pytest.mark.django_db
def test_the_overdue_count_counts_only_overdue(client_for):
    staff = client_for(CARTAGENA_STAFF)
    q = Questionnaire.objects.get(code="cartagena-nr4")
    reader = system_actor("test")
    closed = convention_status_counts(convention_status(user=reader, questionnaire=q, today=D(2026, 12, 3)))
    assert closed["overdue"] == 0 and closed["cycle_closed_not_submitted"] > 0
    assert patch(staff, {"closes": "2100-12-31"}).status_code == 200
    q.refresh_from_db()
    rows = convention_status(user=reader, questionnaire=q, today=D(2026, 12, 3))
    counts = convention_status_counts(rows)
    assert counts["overdue"] == closed["cycle_closed_not_submitted"] == sum(r["state"] != "submitted" for r in rows)
    status = client_for().get("/api/reporting/status/cartagena-nr4?limit=1").json()
    assert status["overdue"] == counts["overdue"] and status["items"][0]["cycle_state"] in ("overdue", "submitted")
    assert 'id="overdue-count"' in client_for().get("/reporting/dashboard/cartagena-nr4/").content.decode()


# --- staff set the dates ---

@pytest.mark.django_db
def test_staff_set_the_dates_of_their_cycle(client_for):
    staff = client_for(CARTAGENA_STAFF)
    response = patch(staff, {"opens": "2019-01-01", "closes": "2021-06-30"})
    assert response.status_code == 200, response.content
    assert response.json() == {"code": "cartagena-nr4", "opens": "2019-01-01", "deadline": "2019-10-01",
                               "closes": "2021-06-30", "cycle_state": "closed_not_submitted"}
    assert patch(staff, {"deadline": "2019-12-01"}).json()["opens"] == "2019-01-01"  # left out: kept
    q = Questionnaire.objects.get(code="cartagena-nr4")
    assert (q.opens, q.deadline, q.closes) == (D(2019, 1, 1), D(2019, 12, 1), D(2021, 6, 30))
    event = AuditEvent.objects.filter(action="cycle_set", object_id=str(q.pk)).first()
    assert event.changes == {"deadline": ["2019-10-01", "2019-12-01"]}
    assert patch(staff, {"opens": None}).json()["opens"] is None  # null clears
    assert patch(client_for(CBD_STAFF), {"opens": "2019-02-01"}).status_code == 200  # the protocol's secretariat


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [
    ({"opens": "2021-01-01", "closes": "2020-12-31"}, "closes"),
    ({"opens": "2019-10-02"}, "deadline"),  # the deadline (2019-10-01) would be before the opening
    ({"closes": "2019-09-30"}, "deadline"),  # ... or after the closing
    ({"deadline": "2019-13-01"}, None),
    ({"deadline": "soon"}, None),
    ({"ends": "2020-01-01"}, None),
])
def test_dates_that_do_not_fit_are_422_and_nothing_is_stored(client_for, body, field):
    response = patch(client_for(CARTAGENA_STAFF), body)
    assert response.status_code == 422, response.content
    if field:
        assert field in {e["field"] for e in response.json()["errors"]}
    q = Questionnaire.objects.get(code="cartagena-nr4")
    assert (q.opens, q.deadline, q.closes) == (None, D(2019, 10, 1), D(2020, 10, 1))
    assert not AuditEvent.objects.filter(action="cycle_set").exists()


@pytest.mark.django_db
def test_only_the_conventions_staff_set_the_dates(client, client_for):
    body = {"closes": "2100-01-01"}
    assert patch(client, body).status_code == 401
    for roles in [(CMS_STAFF,), (KEN_CARTAGENA_FP,), (UGA_CARTAGENA_FP,), ()]:
        assert patch(client_for(*roles), body).status_code == 403
    assert patch(client_for(CARTAGENA_STAFF), body, url="/api/reporting/questionnaires/no-such/cycle").status_code \
        == 404
    assert Questionnaire.objects.get(code="cartagena-nr4").closes == D(2020, 10, 1)


@pytest.mark.django_db
def test_a_reload_keeps_the_dates_staff_set(client_for):
    assert patch(client_for(CARTAGENA_STAFF), {"deadline": "2019-11-15", "closes": "2022-01-31"}).status_code == 200
    data_load_all(loaders=["liaison.reporting.loaders.questionnaires_load"])
    q = Questionnaire.objects.get(code="cartagena-nr4")
    assert (q.deadline, q.closes) == (D(2019, 11, 15), D(2022, 1, 31))
    # the third report's derived closing follows: the day before the fourth's deadline as staff set it
    assert Questionnaire.objects.get(code="cartagena-nr3").closes == D(2019, 11, 14)


# --- reminders ---

@pytest.mark.django_db
def test_no_reminder_for_a_closed_cycle():
    actor = system_actor("test")

    def codes(today, days=30):
        return {row["questionnaire"].code for row in reminders_due(user=actor, today=today, days=days)}

    assert "cartagena-nr4" in codes(D(2019, 9, 15))  # due in 16 days
    last_day = reminders_due(user=actor, today=D(2020, 10, 1), days=30)
    assert {r["cycle_state"] for r in last_day if r["questionnaire"].code == "cartagena-nr4"} == {"overdue"}
    assert "cartagena-nr4" not in codes(D(2020, 10, 2), days=5000)  # the day after it closed
    assert "nagoya-interim" not in codes(D(2026, 12, 3), days=5000)
    assert "cbd-nr7-gbf" in codes(D(2026, 12, 3))  # overdue, its cycle still open


@pytest.mark.django_db
def test_no_reminder_before_a_cycle_opens(client_for):
    assert patch(client_for(CARTAGENA_STAFF), {"opens": "2019-09-20"}).status_code == 200
    due = reminders_due(user=system_actor("test"), today=D(2019, 9, 15), days=30)
    assert "cartagena-nr4" not in {row["questionnaire"].code for row in due}
