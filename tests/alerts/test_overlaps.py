"""A new decision that overlaps a followed decision or mandate is told to its followers from the overlap engine's
results after its run (a real run over the corpus), once per followed object and new decision."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.functions import Length

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.decisions.models import Decision, Mandate

pytestmark = pytest.mark.django_db

CMS_STAFF, UGA_FP = (Role.SECRETARIAT, "CMS"), (Role.FOCAL_POINT, "CMS", "UGA")
ENACTING = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"


def run_overlap(client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the run is queued when its row commits
        response = client.post("/api/overlap/runs", {"threshold": 0.9}, content_type="application/json")
    assert response.status_code == 202
    assert client.get(f"/api/overlap/runs/{response.json()['id']}").json()["state"] == "done"


def test_a_new_decision_copying_a_followed_paragraph_is_told_once(person, as_user,
                                                                  django_capture_on_commit_callbacks):
    watcher, mandate_watcher, late_follower, staff = person(UGA_FP), person(UGA_FP), person(UGA_FP), person(CMS_STAFF)
    # a World Heritage mandate of some length, its paragraph copied into a new CMS resolution
    mandate = (Mandate.objects.filter(decision__convention__acronym="WHC", decision__has_text=True)
               .annotate(n=Length("paragraph__text")).filter(n__gt=200).select_related("decision", "paragraph")
               .order_by("pk").first())
    followed = mandate.decision
    for user, kind, pk in ((watcher, "decision", followed.pk), (mandate_watcher, "mandate", mandate.pk)):
        assert as_user(user).post("/api/follows", {"type": kind, "id": pk},
                                  content_type="application/json").status_code == 201
    text = ("RESOLUTION 14.99\nWORLD HERITAGE AND MIGRATORY SPECIES\n" + ENACTING
            + f"1. {mandate.paragraph.text.strip()}\n"
            "2. Requests the Secretariat to report to the Standing Committee on migratory species in World Heritage "
            "sites;\n")
    s = as_user(staff)
    batch = s.post("/api/batches", {"files": [SimpleUploadedFile("14.99.txt", text.encode())],
                                    "convention": "CMS"}).json()["id"]
    assert s.post(f"/api/batches/{batch}/publish").status_code == 200
    new = Decision.objects.get(convention__acronym="CMS", number="14.99")
    # someone who follows only now: the new decision is not new to them
    assert as_user(late_follower).post("/api/follows", {"type": "decision", "id": followed.pk},
                                       content_type="application/json").status_code == 201
    run_overlap(s, django_capture_on_commit_callbacks)
    [n] = Notification.objects.filter(user=watcher, kind="decision_overlap")
    assert n.object_type == "decision" and n.object_id == followed.pk and n.url == f"/decisions/{new.pk}/"
    assert n.title == f"CMS Resolution 14.99 (paragraph 1) overlaps {followed} (paragraph {mandate.paragraph.number})"
    [m] = Notification.objects.filter(user=mandate_watcher, kind="decision_overlap")
    assert m.object_type == "mandate" and m.object_id == mandate.pk
    assert m.title.startswith("CMS Resolution 14.99 (paragraph 1) overlaps a mandate of ")
    assert not Notification.objects.filter(user=late_follower, kind="decision_overlap").exists()
    assert not Notification.objects.filter(user=staff, kind="decision_overlap").exists()
    # a second run finds the same pair and tells nobody again
    Follow.objects.filter(user=late_follower).delete()
    run_overlap(s, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="decision_overlap").count() == 2
