"""The events people are told of, made through the API as people make them, with mails to a real SMTP server."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.core.actors import system_actor
from liaison.decisions.models import Decision, Mandate
from liaison.decisions.services import mandate_update

pytestmark = pytest.mark.django_db

KEN_FP = (Role.FOCAL_POINT, "Cartagena", "KEN")
UGA_FP = (Role.FOCAL_POINT, "Cartagena", "UGA")
KEN_CONTRIBUTOR = (Role.CONTRIBUTOR, "Cartagena", "KEN")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
ENACTING = "The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
REPEALING = ("RESOLUTION 14.80\nSYNERGIES AND PARTNERSHIPS\nRecalling Resolution 11.11,\n" + ENACTING
             + "1. Repeals Resolution 11.10;\n"
             "2. Requests the Secretariat to continue to report to the Standing Committee on partnerships;\n")


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_delegation_tells_the_delegate_and_the_other_focal_points_by_mail(
        person, as_user, mailbox, django_capture_on_commit_callbacks, cycles_open):
    fp, fp2, contributor, uganda = person(KEN_FP), person(KEN_FP), person(KEN_CONTRIBUTOR), person(UGA_FP)
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                    content_type="application/json").json()["id"]
    section = c.get(f"/api/reporting/reports/{report}").json()["sections"][0]["key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(f"/api/reporting/reports/{report}/delegations",
                          {"section": section, "username": contributor.username}, content_type="application/json")
    assert response.status_code == 201, response.content
    assert kinds_of(contributor) == ["section_delegated"]
    assert kinds_of(fp2) == ["report_delegated"]  # the focal points follow their country's report
    assert kinds_of(fp) == []  # who delegated needs no telling
    assert kinds_of(uganda) == []
    assert Follow.objects.filter(user=fp2, object_type="report", object_id=report, reason="focal_point").exists()
    # the mails arrived at the SMTP server: plain text and HTML, the link to the report, an unsubscribe link
    [mail] = mailbox.to(contributor.email)
    assert "was delegated to you" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert f"/reporting/reports/{report}/" in text and f"/reporting/reports/{report}/" in html
    assert f"/notifications/unsubscribe/{contributor.pk}/" in text and "unsubscribe" in mail["List-Unsubscribe"]
    assert len(mailbox.to(fp2.email)) == 1 and not mailbox.to(fp.email) and not mailbox.to(uganda.email)
    assert Notification.objects.get(user=contributor).emailed_at is not None


def test_submitting_and_reopening_tell_the_followers(person, as_user, client_for, cycles_open):
    from liaison.reporting.models import ReopenRequest, Report
    from liaison.reporting.services import reopen_decide

    fp, fp2 = person(KEN_FP), person(KEN_FP)
    report = as_user(fp).post("/api/reporting/reports", {"questionnaire": "cartagena-nr3", "country": "KEN"},
                              content_type="application/json").json()["id"]
    Report.objects.filter(pk=report).update(status=Report.SUBMITTED)
    request = ReopenRequest.objects.create(report_id=report, reason="A figure was wrong.")
    reopen_decide(user=system_actor("test"), request=request, approve=True)
    assert kinds_of(fp) == kinds_of(fp2) == ["report_reopened"]


def test_a_published_batch_that_repeals_a_followed_decision_tells_its_followers(person, as_user):
    follower, staff = person(UGA_FP), person(CMS_STAFF)
    seed = Decision.objects.get(convention__acronym="CMS", number="11.10")
    assert as_user(follower).post("/api/follows", {"type": "decision", "id": seed.pk},
                                  content_type="application/json").status_code == 201
    s = as_user(staff)
    batch = s.post("/api/batches", {"files": [SimpleUploadedFile("14.80.txt", REPEALING.encode())],
                                    "convention": "CMS"}).json()["id"]
    assert not Notification.objects.filter(user=follower).exists()  # a draft tells nobody
    assert s.post(f"/api/batches/{batch}/publish").status_code == 200
    [n] = Notification.objects.filter(user=follower)
    assert n.kind == "decision_referenced" and n.object_id == seed.pk
    assert n.title == "CMS Resolution 14.80 repeals CMS Resolution 11.10"
    new = Decision.objects.get(convention__acronym="CMS", number="14.80")
    assert n.url == f"/decisions/{new.pk}/"
    assert not Notification.objects.filter(user=staff).exists()


def test_a_mandate_change_tells_its_owner_and_followers_not_the_editor(person, as_user):
    staff, owner, watcher = person(CMS_STAFF), person(CMS_STAFF), person(UGA_FP)
    mandate = Mandate.objects.filter(decision__convention__acronym="CMS", decision__number="11.10").first()
    assert as_user(watcher).post("/api/follows", {"type": "mandate", "id": mandate.pk},
                                 content_type="application/json").status_code == 201
    mandate_update(user=staff, mandate=mandate, owner=owner)
    assert kinds_of(watcher) == ["mandate_changed"] and kinds_of(staff) == []
    assert Follow.objects.filter(user=owner, object_type="mandate", object_id=mandate.pk, reason="owner").exists()
    assert kinds_of(owner) == ["mandate_changed"]  # given the mandate: told so
    response = as_user(staff).patch(f"/api/mandates/{mandate.pk}", {"status": "in_progress"},
                                    content_type="application/json")
    assert response.status_code == 200, response.content
    assert kinds_of(owner) == ["mandate_changed"] * 2
    assert Notification.objects.filter(user=owner).first().title.endswith("changed: status")
    # a change of another field (the action's wording) is not one people are told of
    as_user(staff).patch(f"/api/mandates/{mandate.pk}", {"action": "act, reworded"}, content_type="application/json")
    assert kinds_of(owner) == ["mandate_changed"] * 2
