"""'Prepared by colleagues, touching your work': what a focal point of one convention sees of a colleague's work
for another, directly, through the crosswalk of targets and through the overlap report's pairs."""

from __future__ import annotations

import pytest

from liaison.coordination.positions import decision_document
from liaison.decisions.models import Decision, Mandate
from liaison.frameworks.models import Link, Target
from liaison.overlap.models import OverlapPair, OverlapRun

from .conftest import json_call

pytestmark = pytest.mark.django_db


def reasons_of(client, kind: str, pk: int) -> list[tuple[str, str]]:
    items = client.get("/api/countries/KEN/room/touching").json()["items"]
    return sorted((r["kind"], r["convention"]) for i in items if i["kind"] == kind and i["id"] == pk
                  for r in i["reasons"])


def test_the_cms_focal_point_sees_a_cbd_colleagues_action_on_a_cms_mandate_and_a_crosswalked_target(kenya_group):
    g = kenya_group
    mandate = Mandate.objects.filter(actor__kind="party", decision__convention__acronym="CMS",
                                     decision__status="in_effect").order_by("pk").first()
    link = (Link.objects.filter(source_type=Link.TARGET, review_state=Link.ACCEPTED, target__framework__code="GBF")
            .filter(source_id__in=Target.objects.filter(framework__convention__acronym="CMS").values("pk")).first())
    on_mandate = json_call(g.c_cbd, "post", f"{g.api}/actions", {"title": "Flyways", "mandates": [mandate.pk]})
    on_gbf = json_call(g.c_cbd, "post", f"{g.api}/actions", {"title": "GBF work", "targets": [link.target_id]})
    assert on_mandate.status_code == on_gbf.status_code == 201
    assert reasons_of(g.c_cms, "action", on_mandate.json()["id"]) == [("direct", "CMS")]
    assert ("crosswalk", "CMS") in reasons_of(g.c_cms, "action", on_gbf.json()["id"])
    # its author is not told of their own work; the Ramsar contributor's conventions are not touched by either
    assert reasons_of(g.c_cbd, "action", on_mandate.json()["id"]) == []
    assert reasons_of(g.c_ramsar, "action", on_mandate.json()["id"]) == []
    page = g.c_cms.get("/countries/KEN/room/")
    assert page.status_code == 200 and b'id="touching-list"' in page.content and b"GBF work" in page.content


def test_a_position_naming_a_decision_the_overlap_report_pairs_with_a_cms_decision(kenya_group):
    g = kenya_group
    cms = Decision.objects.filter(convention__acronym="CMS", status="in_effect").order_by("pk").first()
    other = Decision.objects.filter(status="in_effect").exclude(convention__acronym__in=["CMS", "Ramsar"]) \
        .select_related("convention").order_by("pk").first()
    run = OverlapRun.objects.create(state=OverlapRun.DONE)
    OverlapPair.objects.create(run=run, kind="semantic", cross=True, score=0.9, convention_a=other.convention.acronym,
                               convention_b="CMS", a={"document": decision_document(other),
                                                      "convention": other.convention.acronym,
                                                      "paragraph": "1", "text": "a"},
                               b={"document": decision_document(cms), "convention": "CMS", "paragraph": "2",
                                  "text": "b"})
    brief = json_call(g.c_cbd, "post", f"{g.api}/briefs", {"convention": "CBD", "meeting": "COP17"}).json()
    position = json_call(g.c_cbd, "post", f"{g.api}/briefs/{brief['id']}/positions",
                         {"agenda_item": "4", "title": "Connectivity", "decisions": [other.pk]}).json()
    assert reasons_of(g.c_cms, "position", position["id"]) == [("overlap", "CMS")]
    detail = g.c_cms.get(f"{g.api}/briefs/{brief['id']}").json()
    assert [d["id"] for d in detail["positions"][0]["overlapping"]] == [cms.pk]


def test_cms_staff_see_the_actions_on_cms_mandates_not_the_positions(kenya_group, user_factory, as_user):
    g = kenya_group
    mandate = Mandate.objects.filter(actor__kind="party", decision__convention__acronym="CMS",
                                     decision__status="in_effect").order_by("pk").first()
    action = json_call(g.c_cbd, "post", f"{g.api}/actions", {"title": "Flyways", "mandates": [mandate.pk]}).json()
    brief = json_call(g.c_cbd, "post", f"{g.api}/briefs", {"convention": "CMS", "meeting": "COP15"}).json()
    json_call(g.c_cbd, "post", f"{g.api}/briefs/{brief['id']}/positions", {"agenda_item": "1", "title": "Flyways"})
    staff = as_user(user_factory(("secretariat", "CMS")))
    items = staff.get("/api/countries/KEN/room/touching").json()["items"]
    assert [(i["kind"], i["id"]) for i in items] == [("action", action["id"])]
    assert staff.get(f"{g.api}/briefs/{brief['id']}").status_code == 403
    assert as_user(user_factory(("secretariat", "Ramsar"))).get("/api/countries/KEN/room/touching").json() == \
        {"items": []}
    assert as_user(user_factory(("focal_point", "CMS", "UGA"))).get("/api/countries/KEN/room/touching") \
        .status_code == 403


def test_a_cbd_colleagues_note_on_a_cms_mandate_touches_the_cms_focal_point_not_who_does_not_read_it(
        kenya_group, user_factory, as_user):
    g = kenya_group
    mandate = Mandate.objects.filter(actor__kind="party", decision__convention__acronym="CMS",
                                     decision__status="in_effect").order_by("pk").first()
    note = json_call(g.c_cbd, "post", f"{g.api}/notes", {"text": "Flyways discussed", "mandates": [mandate.pk]})
    plain = json_call(g.c_cbd, "post", f"{g.api}/notes", {"text": "A note linked to nothing"})
    assert note.status_code == plain.status_code == 201
    assert reasons_of(g.c_cms, "note", note.json()["id"]) == [("direct", "CMS")]
    assert reasons_of(g.c_cms, "note", plain.json()["id"]) == []
    assert reasons_of(g.c_cbd, "note", note.json()["id"]) == []  # its author's own
    assert reasons_of(g.c_ramsar, "note", note.json()["id"]) == []  # not a Ramsar matter
    assert f"#note-{note.json()['id']}".encode() in g.c_cms.get("/countries/KEN/room/").content
    # CMS staff do not read the group's notes, so none touches them
    staff = as_user(user_factory(("secretariat", "CMS")))
    assert [i for i in staff.get("/api/countries/KEN/room/touching").json()["items"] if i["kind"] == "note"] == []
