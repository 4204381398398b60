"""Services check their writes themselves: a caller that skips the gateway is still refused; the system passes."""

import pytest

from liaison.accounts.models import Role
from liaison.core.actors import system_actor
from liaison.core.errors import NotAllowed, NotSignedIn
from liaison.core.models import AuditEvent
from liaison.decisions.models import Mandate
from liaison.decisions.services import decision_ingest, mandate_evidence_add, mandate_update

pytestmark = pytest.mark.django_db

TEXT = (b"RESOLUTION 14.91\nTEST\n"
        b"The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
        b"1. Requests the Secretariat to report to the Standing Committee;\n")


def seed_mandate() -> Mandate:
    return Mandate.objects.filter(decision__number="11.10", decision__convention__acronym="CMS",
                                  paragraph__number="21").first()


@pytest.mark.parametrize("roles", [(Role.FOCAL_POINT, "CMS", "KEN"), (Role.SECRETARIAT, "CBD")])
def test_mandate_services_refuse_others_than_the_conventions_staff(user_factory, roles):
    user, mandate = user_factory(roles), seed_mandate()
    with pytest.raises(NotAllowed):
        mandate_update(user=user, mandate=mandate, status=Mandate.DONE)
    with pytest.raises(NotAllowed):
        mandate_evidence_add(user=user, mandate=mandate, note="done")
    mandate.refresh_from_db()
    assert mandate.status == Mandate.OPEN and not mandate.evidence.exists()


def test_services_refuse_the_anonymous(user_factory):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotSignedIn):
        mandate_update(user=AnonymousUser(), mandate=seed_mandate(), status=Mandate.DONE)
    with pytest.raises(NotSignedIn):
        decision_ingest(data=TEXT, filename="t.txt", user=AnonymousUser(), convention="CMS")
    with pytest.raises(NotSignedIn):
        decision_ingest(data=TEXT, filename="t.txt", user=None, convention="CMS")


def test_the_same_text_again_is_refused_to_another_conventions_staff(user_factory):
    seed_text = (__import__("django.conf").conf.settings.DATA_DIR / "decision_documents" /
                 "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt").read_bytes()
    with pytest.raises(NotAllowed):
        decision_ingest(data=seed_text, filename="seed.txt", user=user_factory((Role.SECRETARIAT, "CBD")))


def test_the_system_actor_passes_and_is_recorded_by_name():
    actor = system_actor("tests ingest")
    result = decision_ingest(data=TEXT, filename="t.txt", user=actor, convention="CMS")
    assert result.created and result.revision.uploaded_by is None
    event = AuditEvent.objects.get(action="ingest", object_id=str(result.decision.pk))
    assert event.actor is None and event.actor_label == "system (tests ingest)"
    mandate = result.decision.mandates.first()
    mandate_update(user=actor, mandate=mandate, status=Mandate.IN_PROGRESS)
    assert AuditEvent.objects.filter(action="update", object_id=str(mandate.pk),
                                     actor_label="system (tests ingest)").exists()


def test_no_permission_escape_hatch_is_left_in_the_area():
    from pathlib import Path

    import liaison

    root = Path(liaison.__file__).parent
    files = [*root.glob("decisions/**/*.py"), *root.glob("overlap/**/*.py"), *root.glob("catalogue/**/*.py"),
             root / "cli/ingest.py", root / "cli/overlap.py", root / "cli/load.py", root / "core/loading.py"]
    assert files
    assert [str(f) for f in files if "check_permission" in f.read_text(encoding="utf-8")] == []
