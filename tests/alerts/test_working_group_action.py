"""A working group's action reaches the other members by e-mail with a one-click unsubscribe that works: the kind
is one alerts knows (the coordination app makes it, as it makes the note's)."""

import re

import pytest

from liaison.accounts.models import Role
from liaison.alerts.models import MailPreference, Notification

pytestmark = pytest.mark.django_db


def test_an_action_is_mailed_and_its_unsubscribe_link_turns_the_kind_off(person, as_user, mailbox, client,
                                                                         django_capture_on_commit_callbacks):
    fp, colleague = person((Role.FOCAL_POINT, "CMS", "KEN")), person((Role.CONTRIBUTOR, "CMS", "KEN"))
    c = as_user(fp)
    group = c.post("/api/countries/KEN/working-groups", {"name": "Biodiversity group"},
                   content_type="application/json").json()["id"]
    assert c.post(f"/api/countries/KEN/working-groups/{group}/members", {"user": colleague.pk},
                  content_type="application/json").status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        made = c.post(f"/api/countries/KEN/working-groups/{group}/actions",
                      {"title": "Map the flyways", "owner": colleague.pk}, content_type="application/json")
    assert made.status_code == 201, made.content
    [mail] = mailbox.to(colleague.email)
    assert "Map the flyways" in mail.get_body(("plain",)).get_content()
    told = Notification.objects.get(user=colleague)
    assert told.get_kind_display() == "An action of your working group was given or changed"
    link = re.search(r"(/notifications/unsubscribe/\d+/[^\s\"<>]+)", mail.get_body(("plain",)).get_content())[1]
    assert client.post(link).status_code in (200, 302)
    assert MailPreference.objects.filter(user=colleague, kind="working_group_action").exists()
