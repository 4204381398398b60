"""A Kenyan working group for the tests of its work: a CMS focal point who made it, a CBD focal point and a
Ramsar contributor in it, each with a signed-in client."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from liaison.accounts.models import Role


def json_call(client, method: str, url: str, body=None):
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


@pytest.fixture
def kenya_group(user_factory, as_user):
    """Return the group's id and URLs, and its people with their clients."""
    cms = user_factory((Role.FOCAL_POINT, "CMS", "KEN"), username="ken-cms")
    cbd = user_factory((Role.FOCAL_POINT, "CBD", "KEN"), username="ken-cbd")
    ramsar = user_factory((Role.CONTRIBUTOR, "Ramsar", "KEN"), username="ken-ramsar")
    client = as_user(cms)
    made = json_call(client, "post", "/api/countries/KEN/working-groups", {"name": "Biodiversity group"})
    assert made.status_code == 201
    gid = made.json()["id"]
    for person in (cbd, ramsar):
        assert json_call(client, "post", f"/api/countries/KEN/working-groups/{gid}/members",
                         {"user": person.pk, "role": "member"}).status_code == 201
    return SimpleNamespace(id=gid, api=f"/api/countries/KEN/working-groups/{gid}",
                           page=f"/countries/KEN/room/groups/{gid}/", cms=cms, cbd=cbd, ramsar=ramsar,
                           c_cms=client, c_cbd=as_user(cbd), c_ramsar=as_user(ramsar))
