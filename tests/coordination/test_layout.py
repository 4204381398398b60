"""The room's and the group's forms are laid out one field a row (labels above their fields, as wide as a readable
column: coordination/static/coordination/coordination.css), in every page of the room that has forms."""

from __future__ import annotations

import re

import pytest

from .conftest import json_call

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
# forms that are not field forms: the row of Remove buttons of a group's members
NOT_FIELD_FORMS = ("members-remove",)


def field_forms(html: str) -> list[str]:
    """Return the room's own forms with fields (not the site's language form, not the rows of Remove buttons)."""
    return [f for f in FORM.findall(html) if re.search(r'action="/countries/KEN/room/', f[:f.index(">")])
            and not any(name in f[:f.index(">")] for name in NOT_FIELD_FORMS)]


def test_every_form_of_the_room_and_the_group_pages_is_laid_out_in_rows(kenya_group, client):
    g = kenya_group
    meeting = json_call(g.c_cms, "post", f"{g.api}/meetings", {"title": "First meeting", "date": "2026-11-30"})
    brief = json_call(g.c_cms, "post", f"{g.api}/briefs", {"convention": "CMS", "meeting": "CMS COP15"})
    assert meeting.status_code == 201 and brief.status_code == 201
    pages = ["/countries/KEN/room/", g.page, f"{g.page}meetings/{meeting.json()['id']}/",
             f"{g.page}briefs/{brief.json()['id']}/"]
    for url in pages:
        html = g.c_cms.get(url).content.decode()
        assert "coordination/coordination.css" in html, url
        forms = field_forms(html)
        assert forms, url
        for form in forms:
            head = form[:form.index(">")]
            assert "coord-form" in head, (url, head)
            # a field's label is in its row, above it: no label and field side by side in the form's flow
            for label in re.findall(r'<label for="([^"]+)"', form):
                assert re.search(rf'<div class="form-row"><label for="{re.escape(label)}"', form), (url, label)
    assert client.get("/static/coordination/coordination.css").status_code == 200
