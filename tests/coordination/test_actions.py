"""A working group's actions: owner a member, deadline, status, links to mandates to Parties, report sections and
targets; the other members told; staff of the convention whose mandate an action serves read it, no one else."""

from __future__ import annotations

import pytest

from liaison.alerts.models import Notification
from liaison.coordination.models import GroupAction
from liaison.core.models import AuditEvent
from liaison.decisions.models import Mandate
from liaison.frameworks.models import Target
from liaison.reporting.models import Section

from .conftest import json_call

pytestmark = pytest.mark.django_db


def cms_mandate_to_parties() -> Mandate:
    return Mandate.objects.filter(actor__kind="party", decision__convention__acronym="CMS",
                                  decision__status="in_effect").order_by("pk").first()


def test_an_action_linked_to_a_mandate_a_section_and_a_target_tells_the_other_members(kenya_group):
    g = kenya_group
    mandate = cms_mandate_to_parties()
    section = Section.objects.filter(questionnaire__convention__acronym="CBD", parent__isnull=True).first()
    target = Target.objects.filter(framework__code="GBF").order_by("pk").first()
    made = json_call(g.c_cms, "post", f"{g.api}/actions",
                     {"title": "Map the flyways", "owner": g.ramsar.pk, "deadline": "2026-06-30",
                      "mandates": [mandate.pk], "sections": [section.pk], "targets": [target.pk]})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["owner"]["user_id"] == g.ramsar.pk and body["status"] == "open"
    assert [m["id"] for m in body["mandates"]] == [mandate.pk] and body["mandates"][0]["convention"] == "CMS"
    assert body["sections"][0]["convention"] == "CBD"
    assert [s["id"] for s in body["sections"]] == [section.pk] and [t["id"] for t in body["targets"]] == [target.pk]
    told = Notification.objects.filter(kind="working_group_action", object_id=g.id)
    assert set(told.values_list("user_id", flat=True)) == {g.cbd.pk, g.ramsar.pk}  # not its author
    # the owner moves it on: the status change is audited and tells the others
    moved = json_call(g.c_ramsar, "patch", f"{g.api}/actions/{body['id']}", {"status": "done"})
    assert moved.status_code == 200 and moved.json()["status"] == "done"
    assert AuditEvent.objects.filter(action="group_action_update", object_id=str(body["id"])).exists()
    assert told.filter(user=g.cms).count() == 1
    page = g.c_cbd.get(g.page)
    assert page.status_code == 200 and f'id="action-{body["id"]}"'.encode() in page.content


@pytest.mark.parametrize("field, value", [("owner", "outsider"), ("mandates", "secretariat_mandate"),
                                          ("mandates", [2**62]), ("sections", [2**62]), ("targets", [2**62]),
                                          ("status", "finished"), ("deadline", "2300-01-01"), ("title", ""),
                                          ("mandates", list(range(1, 52)))])
def test_a_bad_action_is_refused_and_nothing_stored(kenya_group, user_factory, field, value):
    g = kenya_group
    if value == "outsider":
        value = user_factory(("contributor", "CBD", "KEN")).pk  # Kenyan, not in the group
    if value == "secretariat_mandate":
        value = [Mandate.objects.exclude(actor__kind="party").order_by("pk").first().pk]
    body = {"title": "An action", field: value}
    answer = json_call(g.c_cms, "post", f"{g.api}/actions", body)
    assert answer.status_code == 422, answer.content
    assert not GroupAction.objects.filter(group_id=g.id).exists()


def test_cms_staff_read_an_action_on_a_cms_mandate_ramsar_staff_and_outsiders_do_not(kenya_group, user_factory,
                                                                                    as_user):
    g = kenya_group
    on_cms = json_call(g.c_cms, "post", f"{g.api}/actions",
                       {"title": "On CMS", "mandates": [cms_mandate_to_parties().pk]}).json()["id"]
    unlinked = json_call(g.c_cms, "post", f"{g.api}/actions", {"title": "Internal"}).json()["id"]
    cms_staff = as_user(user_factory(("secretariat", "CMS")))
    seen = [a["id"] for a in cms_staff.get(g.api).json()["actions"]]
    assert seen == [on_cms]
    assert cms_staff.get(g.api).json()["meetings"] == [] and cms_staff.get(g.api).json()["briefs"] == []
    assert json_call(cms_staff, "patch", f"{g.api}/actions/{on_cms}", {"status": "done"}).status_code == 403
    assert json_call(cms_staff, "patch", f"{g.api}/actions/{unlinked}", {"status": "done"}).status_code == 404
    ramsar_staff = as_user(user_factory(("secretariat", "Ramsar")))
    assert ramsar_staff.get(g.api).json()["actions"] == []
    kenyan_outside = as_user(user_factory(("contributor", "CBD", "KEN")))
    assert kenyan_outside.get(g.api).json()["actions"] == []
    assert json_call(kenyan_outside, "post", f"{g.api}/actions", {"title": "x"}).status_code == 403
    assert as_user(user_factory(("focal_point", "CMS", "UGA"))).get(g.api).status_code == 403


def test_the_pages_form_records_and_moves_an_action(kenya_group):
    g = kenya_group
    mandate = cms_mandate_to_parties()
    answer = g.c_cbd.post(f"{g.page}actions/", {"title": "Page action", "owner": str(g.cms.pk),
                                                "deadline": "2026-05-01", "status": "open",
                                                "mandates": [str(mandate.pk)]})
    assert answer.status_code == 302
    action = GroupAction.objects.get(group_id=g.id, title="Page action")
    assert list(action.mandates.values_list("pk", flat=True)) == [mandate.pk] and action.owner == g.cms
    assert g.c_cbd.post(f"{g.page}actions/{action.pk}/", {"status": "in_progress", "owner": "",
                                                           "deadline": ""}).status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress" and action.owner is None and action.deadline is None
    refused = g.c_cbd.post(f"{g.page}actions/", {"title": "Bad", "mandates": ["abc"]})
    assert refused.status_code == 422 and not GroupAction.objects.filter(title="Bad").exists()
