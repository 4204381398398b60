"""The daily scans (`liaison notifications scan`): work-plan activities late and mandates' deadlines near or
passed, each told once per activity (mandate) and deadline, to followers and the convention's staff."""

import datetime as dt

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.catalogue.models import Organization
from liaison.cli import main
from liaison.core.actors import system_actor
from liaison.decisions.models import Mandate
from liaison.partnerships.models import Partnership, WorkPlan
from liaison.partnerships.registry.services import activity_create, workplan_create

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("tests")
TODAY = dt.date(2027, 3, 10)
CMS_STAFF, CBD_STAFF, UGA_FP = (Role.SECRETARIAT, "CMS"), (Role.SECRETARIAT, "CBD"), (Role.FOCAL_POINT, "CMS", "UGA")


def scan(day: dt.date = TODAY) -> int:
    return main(["notifications", "scan", "--today", day.isoformat()])


def told(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind).order_by("pk"))


@pytest.fixture
def plan():
    """A work plan of the Wild Migration MoU (CMS) with a late activity, a done one and one still running."""
    partnership = Partnership.objects.get(slug="mou-cms-wild-migration")
    workplan = workplan_create(user=SYSTEM, partnership=partnership, title="Flyways plan 2026-2027")
    wild = Organization.objects.get(name="Wild Migration")
    late = activity_create(user=SYSTEM, workplan=workplan, title="Flyway census", owner=wild,
                           end=TODAY - dt.timedelta(days=3), status="in_progress")
    activity_create(user=SYSTEM, workplan=workplan, title="Poster campaign", owner=wild,
                    end=TODAY - dt.timedelta(days=40), status="done")
    activity_create(user=SYSTEM, workplan=workplan, title="Training", owner=wild, end=TODAY + dt.timedelta(days=9))
    return {"partnership": partnership, "workplan": workplan, "late": late}


def test_a_late_activity_is_told_once_to_followers_and_staff(person, as_user, plan, mailbox,
                                                             django_capture_on_commit_callbacks):
    of_partnership, of_plan, staff, cbd = person(UGA_FP), person(UGA_FP), person(CMS_STAFF), person(CBD_STAFF)
    for user, kind, pk in ((of_partnership, "partnership", plan["partnership"].pk),
                           (of_plan, "workplan", plan["workplan"].pk)):
        assert as_user(user).post("/api/follows", {"type": kind, "id": pk},
                                  content_type="application/json").status_code == 201
    # an activity is told of through its work plan and partnership, never followed itself
    refused = as_user(of_plan).post("/api/follows", {"type": "activity", "id": plan["late"].pk},
                                    content_type="application/json")
    assert refused.status_code == 422 and not Follow.objects.filter(object_type="activity").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert scan() == 0
    late = plan["late"]
    for user in (of_partnership, of_plan, staff):
        [n] = [n for n in told(user, "activity_late") if n.object_id == late.pk]
        assert n.title == f"Flyway census (Flyways plan 2026-2027) was due to end on {late.end} and is not done"
        assert n.url == f"/partnerships/workplans/{plan['workplan'].pk}/#activities"
    # the done activity and the running one are not late; CBD's staff are not told of a CMS plan
    titles = {n.title for n in told(staff, "activity_late")}
    assert not any("Poster campaign" in t or "Training" in t for t in titles)
    assert told(cbd, "activity_late") == []
    assert not Follow.objects.filter(user=staff).exists()  # staff follow through their role, no row
    assert "Flyway census" in mailbox.to(of_plan.email)[0]["Subject"]
    # the next day's scan, and a second one, tell nobody again; a new end date (still past) is a new event
    scan(TODAY + dt.timedelta(days=1))
    scan(TODAY + dt.timedelta(days=1))
    assert len([n for n in told(of_plan, "activity_late") if n.object_id == late.pk]) == 1
    response = as_user(staff).patch(f"/api/activities/{late.pk}", {"end": str(TODAY - dt.timedelta(days=1))},
                                    content_type="application/json")
    assert response.status_code == 200, response.content
    scan(TODAY + dt.timedelta(days=1))
    assert len([n for n in told(of_plan, "activity_late") if n.object_id == late.pk]) == 2
    # done now: the scan finds nothing more
    as_user(staff).patch(f"/api/activities/{late.pk}", {"status": "done"}, content_type="application/json")
    scan(TODAY + dt.timedelta(days=5))
    assert len([n for n in told(of_plan, "activity_late") if n.object_id == late.pk]) == 2


def test_an_activity_of_an_unpublished_plan_is_not_told_to_those_who_may_not_see_it(person, as_user, plan):
    outsider, staff = person(UGA_FP), person(CMS_STAFF)
    assert as_user(outsider).post("/api/follows", {"type": "partnership", "id": plan["partnership"].pk},
                                  content_type="application/json").status_code == 201
    WorkPlan.objects.filter(pk=plan["workplan"].pk).update(published=False)
    scan()
    assert told(outsider, "activity_late") == []  # follows the partnership, may not see the plan
    assert [n.object_id for n in told(staff, "activity_late") if n.object_id == plan["late"].pk] == [plan["late"].pk]


def test_mandate_deadlines_near_and_passed_are_told_once(person, as_user, mailbox, django_capture_on_commit_callbacks):
    owner, watcher, staff, cbd = person(CMS_STAFF), person(UGA_FP), person(CMS_STAFF), person(CBD_STAFF)
    near, passed, old, done = Mandate.objects.filter(decision__convention__acronym="CMS",
                                                     decision__number="11.10").order_by("pk")[:4]
    Mandate.objects.filter(pk=near.pk).update(deadline="by 31 March 2027", owner=owner, status=Mandate.OPEN)
    Mandate.objects.filter(pk=passed.pk).update(deadline="by 1 March 2027", status=Mandate.IN_PROGRESS)
    Mandate.objects.filter(pk=old.pk).update(deadline="by 2019", status=Mandate.OPEN)
    Mandate.objects.filter(pk=done.pk).update(deadline="by 20 March 2027", status=Mandate.DONE)
    assert as_user(watcher).post("/api/follows", {"type": "mandate", "id": passed.pk},
                                 content_type="application/json").status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        scan()
    mine = {n.object_id: n.title for n in told(owner, "mandate_deadline")}
    assert mine[near.pk] == (f"A mandate of CMS Resolution 11.10 (paragraph {near.paragraph.number}) is due by "
                             "2027-03-31")
    assert mine[passed.pk].startswith("The deadline of a mandate of CMS Resolution 11.10") and \
        mine[passed.pk].endswith("passed on 2027-03-01")
    assert old.pk not in mine and done.pk not in mine  # passed long ago; done
    assert Follow.objects.filter(user=owner, object_type="mandate", object_id=near.pk, reason="owner").exists()
    assert {n.object_id for n in told(watcher, "mandate_deadline")} == {passed.pk}
    assert {near.pk, passed.pk} <= {n.object_id for n in told(staff, "mandate_deadline")}
    assert told(cbd, "mandate_deadline") == []
    assert "passed on 2027-03-01" in mailbox.to(watcher.email)[0]["Subject"]
    scan(TODAY + dt.timedelta(days=2))
    assert len(told(watcher, "mandate_deadline")) == 1
    # the near deadline, once it has passed, is told once more (passed), still once
    scan(dt.date(2027, 4, 2))
    scan(dt.date(2027, 4, 3))
    assert [n.params["m"] for n in told(owner, "mandate_deadline") if n.object_id == near.pk] == \
        ["mandate_deadline_near", "mandate_deadline_passed"]


def test_a_bad_date_is_refused_with_a_clear_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["notifications", "scan", "--today", "2027-02-30"])
    assert exit_.value.code == 2 and "--today" in capsys.readouterr().err
