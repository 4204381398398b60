"""A working group's note reaches the other members by e-mail with a one-click unsubscribe that works: the kind is
one alerts knows (the coordination app makes it)."""

import re

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import MailPreference, Notification

pytestmark = pytest.mark.django_db


def test_a_note_is_mailed_and_its_unsubscribe_link_turns_the_kind_off(person, as_user, mailbox, client,
                                                                       django_capture_on_commit_callbacks):
    fp, colleague = person((Role.FOCAL_POINT, "CMS", "KEN")), person((Role.CONTRIBUTOR, "CMS", "KEN"))
    c = as_user(fp)
    group = c.post("/api/countries/KEN/working-groups", {"name": "Biodiversity group"},
                   content_type="application/json").json()["id"]
    assert c.post(f"/api/countries/KEN/working-groups/{group}/members", {"user": colleague.pk},
                  content_type="application/json").status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(f"/api/countries/KEN/working-groups/{group}/notes", {"text": "Meeting on Friday"},
                      content_type="application/json").status_code == 201
    [mail] = mailbox.to(colleague.email)
    assert "added a note to Biodiversity group" in mail["Subject"]
    assert Notification.objects.get(user=colleague).get_kind_display() == "A note was added to your working group"
    link = re.search(r"(/notifications/unsubscribe/\d+/[^\s\"<>]+)", mail.get_body(("plain",)).get_content())[1]
    assert client.post(link).status_code in (200, 302)
    assert MailPreference.objects.filter(user=colleague, kind="working_group_note").exists()
