"""A partner's contribution (journey 4): its submission is told to the convention's staff, its return and its
acceptance to its author (who follows it), by notification and by mail through a real SMTP server."""

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import Follow, Notification
from liaison.decisions.models import Mandate

pytestmark = pytest.mark.django_db

WILD_MIGRATION = (Role.PARTNER, None, None, "Wild Migration")
CMS_STAFF, CBD_STAFF, CMS_REVIEWER = (Role.SECRETARIAT, "CMS"), (Role.SECRETARIAT, "CBD"), (Role.REVIEWER, "CMS")


def kinds_of(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_submission_return_and_acceptance_are_told_to_staff_and_author(
        person, as_user, mailbox, django_capture_on_commit_callbacks):
    author, colleague = person(WILD_MIGRATION), person(WILD_MIGRATION)
    staff, reviewer, other_staff = person(CMS_STAFF), person(CMS_REVIEWER), person(CBD_STAFF)
    mandate = Mandate.objects.filter(decision__convention__acronym="CMS", decision__number="11.10").first()
    partner = as_user(author)
    made = partner.post("/api/contributions", {
        "title": "Flyway census 2026", "period_start": "2026-01-01", "period_end": "2026-06-30",
        "summary": "Counted the birds of two flyways.", "mandates": [mandate.pk]}, content_type="application/json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    # the author follows their contribution from its start
    assert Follow.objects.filter(user=author, object_type="contribution", object_id=pk, reason="author").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert partner.post(f"/api/contributions/{pk}/submit").status_code == 200
    # the CMS staff follow its dashboards through their role (no Follow row); CBD's staff are not told
    assert kinds_of(staff) == ["contribution_submitted"]
    assert not Follow.objects.filter(user=staff).exists()
    assert kinds_of(other_staff) == [] and kinds_of(author) == [] and kinds_of(colleague) == []
    [mail] = mailbox.to(staff.email)
    assert 'Wild Migration submitted "Flyway census 2026" to CMS' in mail["Subject"]
    assert f"/partnerships/contributions/{pk}/" in mail.get_body(("plain",)).get_content()
    with django_capture_on_commit_callbacks(execute=True):
        returned = as_user(reviewer).post(f"/api/contributions/{pk}/review",
                                          {"decision": "return", "comment": "Which flyways?"},
                                          content_type="application/json")
    assert returned.status_code == 200, returned.content
    [told] = Notification.objects.filter(user=author)
    assert told.kind == "contribution_reviewed" and told.title == '"Flyway census 2026" was returned with comments by CMS'
    assert "was returned with comments" in mailbox.to(author.email)[0]["Subject"]
    assert kinds_of(reviewer) == []  # who returned it needs no telling
    with django_capture_on_commit_callbacks(execute=True):
        assert partner.post(f"/api/contributions/{pk}/submit").status_code == 200
        accepted = as_user(staff).post(f"/api/contributions/{pk}/review", {"decision": "accept"},
                                       content_type="application/json")
    assert accepted.status_code == 200
    titles = list(Notification.objects.filter(user=author).order_by("pk").values_list("title", flat=True))
    assert titles[-1] == '"Flyway census 2026" was accepted by CMS'
    assert [m["Subject"] for m in mailbox.to(author.email)][-1].endswith("was accepted by CMS")
    # the reviewer is told of the second submission (they do not follow the dashboards: they are not staff)
    assert kinds_of(reviewer) == [] and kinds_of(staff) == ["contribution_submitted"] * 2


def test_a_rejection_is_told_and_a_colleague_who_follows_hears_of_it(person, as_user):
    author, colleague, staff = person(WILD_MIGRATION), person(WILD_MIGRATION), person(CMS_STAFF)
    mandate = Mandate.objects.filter(decision__convention__acronym="CMS", decision__number="11.10").first()
    partner = as_user(author)
    pk = partner.post("/api/contributions", {
        "title": "Shared campaign", "period_start": "2026-01-01", "period_end": "2026-06-30",
        "summary": "Posters.", "mandates": [mandate.pk]}, content_type="application/json").json()["id"]
    assert as_user(colleague).post("/api/follows", {"type": "contribution", "id": pk},
                                   content_type="application/json").status_code == 201
    # someone outside the organization may not follow a draft they cannot see
    assert as_user(person(CBD_STAFF)).post("/api/follows", {"type": "contribution", "id": pk},
                                           content_type="application/json").status_code == 404
    partner.post(f"/api/contributions/{pk}/submit")
    assert as_user(staff).post(f"/api/contributions/{pk}/review", {"decision": "reject", "comment": "Out of scope."},
                               content_type="application/json").status_code == 200
    assert kinds_of(author) == ["contribution_reviewed"]
    assert kinds_of(colleague) == ["contribution_reviewed", "contribution_submitted"]  # a follower hears of both
    assert Notification.objects.get(user=colleague, kind="contribution_reviewed").title == '"Shared campaign" was rejected by CMS'
