"""Search tests read the bundled data the session loaded (its last loader built the index)."""

import pytest

from liaison.accounts.models import Role

KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")
UGANDA_NFP = (Role.FOCAL_POINT, "CBD", "UGA")
CMS_STAFF = (Role.SECRETARIAT, "CMS")
CMS_REVIEWER = (Role.REVIEWER, "CMS")
ADMIN = (Role.ADMIN,)
PARTNER = (Role.PARTNER, None, None, "Wild Migration")


@pytest.fixture
def as_role(client, client_for):
    """Return a client for the roles (None: anonymous)."""
    return lambda roles: client if roles is None else client_for(roles)


@pytest.fixture
def api(client):
    """GET /api/search with these parameters as the public; return the JSON (asserting a 200)."""

    def get(c=None, **params):
        response = (c or client).get("/api/search", params)
        assert response.status_code == 200, response.content
        return response.json()

    return get
