"""What the fan-out and the mails stand on: the roles loaded in bulk, the file backend of `make run`, errors."""

import pytest

from liaison.accounts.access import access_load
from liaison.accounts.models import Role
from liaison.alerts.audience import users_with_access
from liaison.alerts.mail import notifications_mail
from liaison.alerts.models import Notification
from liaison.alerts.services import notify
from liaison.decisions.models import Decision

pytestmark = pytest.mark.django_db

EVERY_ROLE = [(Role.SECRETARIAT, "CMS"), (Role.SECRETARIAT, None), (Role.FOCAL_POINT, "CBD", "KEN"),
              (Role.FOCAL_POINT, None, "UGA"), (Role.CONTRIBUTOR, "Cartagena", "KEN"),
              (Role.PARTNER, None, None, "Wild Migration"), (Role.REVIEWER, "CMS"), (Role.REVIEWER, None),
              (Role.ADMIN,)]


def test_roles_loaded_in_bulk_are_the_ones_access_for_loads(user_factory):
    """The fan-out's bulk loader must build exactly the Access of accounts.access, role kind by role kind."""
    assert {k for k, _label in Role.KINDS} == {r[0] for r in EVERY_ROLE}  # a new kind: add it above
    users = [user_factory(role) for role in EVERY_ROLE] + [user_factory(*EVERY_ROLE), user_factory()]
    superuser = user_factory()
    superuser.is_superuser = True
    superuser.save()
    users.append(superuser)
    loaded = {u.pk: u._liaison_access for u in users_with_access([u.pk for u in users])}
    for user in users:
        assert loaded[user.pk] == access_load(user), user.username


def test_make_run_writes_each_mail_as_a_file(person, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    reader = person()
    decision = Decision.objects.select_related("convention").get(convention__acronym="CMS", number="11.10")
    [n] = notify(Notification.DECISION_REFERENCED, decision, f"/decisions/{decision.pk}/", "A new text",
                 recipients=[reader.pk])
    assert notifications_mail(notification_ids=[n.pk])["sent"] == 1
    [written] = list(tmp_path.iterdir())
    text = written.read_text()
    assert f"/decisions/{decision.pk}/" in text and "A new text" in text


def test_an_alerts_error_never_fails_the_write_it_follows(person, as_user, monkeypatch, cycles_open):
    from liaison.alerts import events

    def broken(**kwargs):
        raise RuntimeError("a bug in alerts")

    monkeypatch.setattr(events, "report_event_notify", broken)
    fp = person((Role.FOCAL_POINT, "Cartagena", "KEN"))
    contributor = person((Role.CONTRIBUTOR, "Cartagena", "KEN"))
    c = as_user(fp)
    report = c.post("/api/reporting/reports", {"questionnaire": "cartagena-nr4", "country": "KEN"},
                    content_type="application/json").json()["id"]
    section = c.get(f"/api/reporting/reports/{report}").json()["sections"][0]["key"]
    response = c.post(f"/api/reporting/reports/{report}/delegations",
                      {"section": section, "username": contributor.username}, content_type="application/json")
    assert response.status_code == 201
    assert not Notification.objects.filter(user=contributor).exists()


def test_a_mail_is_written_in_the_recipient_s_language(person, settings, mailbox):
    settings.LANGUAGE_CODE = "fr"  # no profile language: the site's default
    reader = person()
    decision = Decision.objects.select_related("convention").get(convention__acronym="CMS", number="11.10")
    params = {"m": "repeals", "new": "CMS Resolution 14.80", "followed": "CMS Resolution 11.10"}
    [n] = notify(Notification.DECISION_REFERENCED, decision, f"/decisions/{decision.pk}/", "stored title",
                 recipients=[reader.pk], params=params)
    notifications_mail(notification_ids=[n.pk])
    [mail] = mailbox.to(reader.email)
    assert mail["Content-Language"] == "fr" and 'lang="fr"' in mail.get_body(("html",)).get_content()
    # the sentence is rendered from the stored names, not the stored title
    assert "CMS Resolution 14.80" in mail["Subject"] and "stored title" not in mail.as_string()
