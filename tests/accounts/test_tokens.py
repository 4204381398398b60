"""Personal API tokens: created and revoked on the profile page, hashed at rest, scoped, audited."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from liaison.accounts.models import ApiToken, Role
from liaison.core.models import AuditEvent
from liaison.decisions.models import Mandate

pytestmark = pytest.mark.django_db


def token_create(client, name="monitoring", scope="read") -> str:
    """Create a token through the profile page and return its secret, read from the page."""
    response = client.post("/accounts/me/tokens/", {"name": name, "scope": scope})
    assert response.status_code == 201, response.content[:500]
    found = re.search(r'<code class="secret">([^<]+)</code>', response.content.decode())
    assert found, "the new token is shown on the page"
    return found.group(1)


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def mandate_of(acronym: str) -> Mandate:
    return Mandate.objects.filter(decision__convention__acronym=acronym).order_by("pk").first()


def test_a_token_is_created_on_the_profile_page_shown_once_and_stored_hashed(client_for):
    c = client_for()
    assert b"Personal API tokens" in c.get("/accounts/me/").content
    secret = token_create(c)
    token = ApiToken.objects.get()
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert secret not in stored  # only the digest is kept
    assert secret not in c.get("/accounts/me/").content.decode()  # shown once, never again
    assert token.prefix in c.get("/accounts/me/").content.decode()


def test_creating_a_token_needs_sign_in_and_the_csrf_token(user_factory):
    assert Client().post("/accounts/me/tokens/", {"name": "x", "scope": "read"}).status_code == 302
    c = Client(enforce_csrf_checks=True)
    c.force_login(user_factory())
    assert c.post("/accounts/me/tokens/", {"name": "x", "scope": "read"}).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("data", [{"name": "", "scope": "read"}, {"name": "x" * 101, "scope": "read"},
                                  {"name": "ok", "scope": "admin"}])
def test_a_bad_token_form_is_refused_with_its_errors(client_for, data):
    response = client_for().post("/accounts/me/tokens/", data)
    assert response.status_code == 422
    assert b"errorlist" in response.content
    assert not ApiToken.objects.exists()


def test_a_token_acts_as_its_user_without_a_session(client_for):
    secret = token_create(client_for(("secretariat", "CMS")), name="national system")
    anonymous = Client()
    assert anonymous.get("/api/me").status_code == 401
    me = anonymous.get("/api/me", **bearer(secret)).json()
    assert me["token"] == "national system" and me["token_scope"] == "read"
    assert [r["kind"] for r in me["roles"]] == [Role.SECRETARIAT]
    assert ApiToken.objects.get().last_used_at is not None


def test_a_read_token_is_refused_on_every_write(client_for):
    c = client_for(("secretariat", "CMS"))
    secret = token_create(c, scope="read")
    mandate = mandate_of("CMS")
    before = mandate.status
    for method in ("post", "put", "patch", "delete"):
        response = getattr(Client(), method)(f"/api/mandates/{mandate.pk}", data={"status": "done"},
                                             content_type="application/json", **bearer(secret))
        assert response.status_code == 403, method
        assert set(response.json()) == {"detail", "errors"}
    mandate.refresh_from_db()
    assert mandate.status == before


def test_a_read_write_token_writes_what_its_user_may_without_csrf_and_no_more(client_for):
    cms_staff = token_create(client_for(("secretariat", "CMS")), scope="read-write")
    cbd_staff = token_create(client_for(("secretariat", "CBD")), scope="read-write")
    mandate = mandate_of("CMS")
    new_status = next(s for s, _ in Mandate.STATUSES if s != mandate.status)
    client = Client(enforce_csrf_checks=True)
    refused = client.patch(f"/api/mandates/{mandate.pk}", data={"status": new_status},
                           content_type="application/json", **bearer(cbd_staff))
    assert refused.status_code in (403, 404)  # another convention's mandate: not this user's to change
    mandate.refresh_from_db()
    assert mandate.status != new_status
    ok = client.patch(f"/api/mandates/{mandate.pk}", data={"status": new_status},
                      content_type="application/json", **bearer(cms_staff))
    assert ok.status_code == 200, ok.content
    mandate.refresh_from_db()
    assert mandate.status == new_status


def test_session_writes_to_the_api_still_need_the_csrf_token(user_factory):
    user = user_factory(("secretariat", "CMS"))
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    mandate = mandate_of("CMS")
    new_status = next(s for s, _ in Mandate.STATUSES if s != mandate.status)
    response = c.patch(f"/api/mandates/{mandate.pk}", data={"status": new_status},
                       content_type="application/json")
    assert response.status_code == 403
    mandate.refresh_from_db()
    assert mandate.status != new_status


def test_a_revoked_or_unknown_token_answers_401(client_for):
    c = client_for()
    secret = token_create(c)
    token = ApiToken.objects.get()
    assert Client().get("/api/me", **bearer(secret)).status_code == 200
    assert c.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    revoked = Client().get("/api/me", **bearer(secret))
    assert revoked.status_code == 401
    assert set(revoked.json()) == {"detail", "errors"}
    assert Client().get("/api/conventions", **bearer("lia_made-up")).status_code == 401
    assert Client().get("/api/conventions", **bearer("not-even-a-token")).status_code == 401


def test_a_token_of_an_inactive_user_answers_401(client_for):
    c = client_for()
    secret = token_create(c)
    ApiToken.objects.get().user.__class__.objects.update(is_active=False)
    assert Client().get("/api/me", **bearer(secret)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client_for):
    token_create(client_for())
    token = ApiToken.objects.get()
    response = client_for().post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_and_revoking_a_token_are_audited(client_for):
    c = client_for()
    token_create(c, name="audit me", scope="read-write")
    token = ApiToken.objects.get()
    c.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    events = AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk))
    assert sorted(events.values_list("action", flat=True)) == ["api_token.create", "api_token.revoke"]
    assert all(e.actor_id == token.user_id for e in events)
    assert events.get(action="api_token.create").changes == {"name": "audit me", "scope": "read-write"}


def test_the_openapi_document_declares_the_bearer_token(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert {"BearerToken": []} in schema["paths"]["/api/me"]["get"]["security"]


def test_an_administrator_can_revoke_a_token_in_the_admin_and_it_is_audited(client_for):
    from django.contrib.auth import get_user_model

    secret = token_create(client_for())
    token = ApiToken.objects.get()
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root-tokens", password="pw-test-123"))
    assert admin.get("/admin/accounts/apitoken/add/").status_code == 403  # tokens are made by their owners
    response = admin.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/me", **bearer(secret)).status_code == 401
    event = AuditEvent.objects.get(object_type="accounts.apitoken", action="api_token.revoke")
    assert event.actor.username == "root-tokens"


def test_a_token_signs_in_to_the_api_only_not_to_the_pages(client_for):
    secret = token_create(client_for())
    assert Client().get("/accounts/me/", **bearer(secret)).status_code == 302  # pages want a session
    assert Client().head("/api/me", **bearer(secret)).status_code != 401
