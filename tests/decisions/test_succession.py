"""Mandates survive revision: a revised or replacing text carries status, owner, evidence, links and history."""

import pytest

from liaison.accounts.models import Role
from liaison.core.actors import system_actor
from liaison.core.models import AuditEvent
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.services import decision_ingest
from liaison.decisions.succession import SIMILARITY_MIN, action_similarity
from liaison.partnerships.models import Activity

pytestmark = pytest.mark.django_db

LOADER = system_actor("tests")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
RAMSAR_STAFF = (Role.SECRETARIAT, "Ramsar")
HEAD = ("RESOLUTION {number}\nBYCATCH OF MIGRATORY SPECIES\n{rev}"
        "Recalling the importance of fisheries management,\n"
        "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n")
ORIGINAL = HEAD + (
    "1. Requests the Secretariat to prepare a review of bycatch mitigation measures for seabirds and turtles;\n"
    "2. Urges Parties to collect data on bycatch in their national fisheries;\n"
    "3. Instructs the Scientific Council to assess the conservation status of sharks and rays;\n")
REVISED = HEAD + (
    "1. Requests the Secretariat to prepare a review of bycatch mitigation measures for seabirds, turtles "
    "and marine mammals;\n"
    "2. Urges Parties to collect data on bycatch in their national fisheries and report them;\n"
    "3. Instructs the Scientific Council to organize a workshop on capacity building in West Africa;\n")


def ingest(text: str, number: str = "14.97", **options):
    body = text.format(number=number, rev=options.pop("rev", ""))
    return decision_ingest(data=body.encode(), filename=f"{number}.txt", user=LOADER, convention="CMS",
                           symbol=number, **options)


def mandate_of(decision: Decision, actor_code: str, revision=None) -> Mandate:
    revision = revision or decision.current_revision
    return Mandate.objects.get(decision=decision, paragraph__revision=revision, actor__code=actor_code)


@pytest.fixture
def worked(client_for, user_factory):
    """The original text with work recorded on its Secretariat and Scientific Council mandates."""
    result = ingest(ORIGINAL)
    secretariat = mandate_of(result.decision, "secretariat")
    council = mandate_of(result.decision, "scientific-council")
    owner = user_factory(CMS_STAFF, username="owner.cms")
    staff = client_for(CMS_STAFF)
    response = staff.patch(f"/api/mandates/{secretariat.pk}", {"status": "in_progress"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    from liaison.decisions.services import mandate_update

    secretariat.refresh_from_db()
    mandate_update(user=LOADER, mandate=secretariat, owner=owner)
    response = staff.post(f"/api/mandates/{secretariat.pk}/evidence", {"note": "Draft review sent to StC."})
    assert response.status_code == 201, response.content
    activity = Activity.objects.first()
    activity.mandates.add(secretariat)
    assert staff.patch(f"/api/mandates/{council.pk}", {"status": "needs_funding"},
                       content_type="application/json").status_code == 200
    return result.decision, secretariat, council, owner, activity, staff


def test_the_similarity_is_a_token_jaccard_with_a_documented_threshold():
    assert action_similarity("prepare a review of bycatch", "prepare a review of bycatch") == 1.0
    assert action_similarity("prepare a review", "") == 0.0
    assert 0 < SIMILARITY_MIN < 1
    assert action_similarity("collect data on bycatch in their national fisheries",
                             "collect data on bycatch in their national fisheries and report them") >= SIMILARITY_MIN


def test_a_revision_carries_status_owner_evidence_links_and_history(worked, client):
    decision, secretariat, council, owner, activity, staff = worked
    ingest(REVISED, rev="(Rev.COP15)\n", revision_label="Rev.COP15")
    decision.refresh_from_db()
    successor = mandate_of(decision, "secretariat")
    assert successor.pk != secretariat.pk
    secretariat.refresh_from_db()
    assert secretariat.successor_id == successor.pk and secretariat.status == Mandate.SUPERSEDED
    assert successor.status == Mandate.IN_PROGRESS and successor.owner_id == owner.pk
    assert list(successor.evidence.values_list("note", flat=True)) == ["Draft review sent to StC."]
    assert activity.mandates.filter(pk=successor.pk).exists()
    history = staff.get(f"/api/mandates/{successor.pk}/history").json()["items"]
    actions = [e["action"] for e in history]
    assert "carry" in actions and "evidence" in actions and "update" in actions
    assert AuditEvent.objects.filter(object_type="decisions.mandate", object_id=str(secretariat.pk),
                                     action="supersede").exists()
    evidence = staff.get(f"/api/mandates/{successor.pk}/evidence").json()
    assert evidence["count"] == 1
    # The parties' mandate matched too (open stays open); the tracker shows the successors, not the old ones.
    tracked = {m["id"] for m in client.get(f"/api/mandates?decision={decision.pk}&limit=500").json()["items"]}
    assert successor.pk in tracked and secretariat.pk not in tracked
    assert mandate_of(decision, "parties").status == Mandate.OPEN


def test_an_unmatched_mandate_keeps_its_status_and_is_listed_for_staff(worked, client, client_for):
    decision, secretariat, council, owner, activity, staff = worked
    ingest(REVISED, rev="(Rev.COP15)\n", revision_label="Rev.COP15")
    council.refresh_from_db()
    assert council.unresolved and council.successor_id is None
    assert council.status == Mandate.NEEDS_FUNDING  # never silently reset
    page = staff.get("/mandates/unresolved/")
    assert page.status_code == 200 and f"/mandates/{council.pk}/" in page.content.decode()
    other = client_for(RAMSAR_STAFF).get("/mandates/unresolved/")
    assert other.status_code == 200 and f"/mandates/{council.pk}/" not in other.content.decode()
    assert client.get("/mandates/unresolved/").status_code == 302
    assert client_for(RAMSAR_STAFF).post(f"/mandates/{council.pk}/resolve/", {"successor": "none"}
                                         ).status_code == 403
    new_council = mandate_of(decision, "scientific-council")
    response = staff.post(f"/mandates/{council.pk}/resolve/", {"successor": str(new_council.pk)})
    assert response.status_code == 302
    council.refresh_from_db()
    new_council.refresh_from_db()
    assert council.successor_id == new_council.pk and not council.unresolved
    assert new_council.status == Mandate.NEEDS_FUNDING


def test_a_repealing_decision_carries_the_mandates_of_the_one_it_repeals(worked):
    decision, secretariat, council, owner, activity, staff = worked
    replacing = HEAD.replace("{rev}", "{rev}1. Repeals Resolution 14.97;\n") + (
        "2. Requests the Secretariat to prepare a review of bycatch mitigation measures for seabirds and turtles;\n")
    result = ingest(replacing, number="14.98")
    decision.refresh_from_db()
    assert decision.status == Decision.REPEALED and decision.repealed_by_id == result.decision.pk
    successor = mandate_of(result.decision, "secretariat")
    secretariat.refresh_from_db()
    assert secretariat.successor_id == successor.pk
    assert successor.status == Mandate.IN_PROGRESS and successor.owner_id == owner.pk
    council.refresh_from_db()
    assert council.unresolved and council.status == Mandate.NEEDS_FUNDING
