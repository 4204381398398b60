"""Hardened defaults: security headers, no inline script, offline API docs, one OpenAPI build, no raw 500."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

import liaison

pytestmark = pytest.mark.django_db

TEMPLATE_FILES = sorted(Path(liaison.__file__).parent.glob("*/templates/**/*.html"))


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/api/conventions", "/accounts/login/", "/api/docs"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'self'" in csp["style-src"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("template", TEMPLATE_FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_no_template_holds_inline_script(template):
    text = template.read_text(encoding="utf-8")
    inline = [m.group(0) for m in re.finditer(r"<script\b[^>]*>", text)
              if "src=" not in m.group(0) and 'type="application/json"' not in m.group(0)]
    handlers = re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", text)
    assert not inline, f"inline <script> (blocked by the CSP): move it to a static file: {inline}"
    assert not handlers, f"inline event handler (blocked by the CSP): use a data- attribute: {handlers}"
    assert "javascript:" not in text


def test_the_api_docs_use_the_app_s_own_swagger_files_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui-init.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    assert "cdn" not in html.lower()
    assert not re.search(r"<script>(?!\s*</script>)", html)  # the init script is a static file too
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js",
                  "/static/ninja/swagger-ui.css"):
        assert client.get(asset).status_code == 200, asset


def test_the_openapi_document_is_built_once(client):
    from liaison.config.api import api

    api._openapi_cache.clear()
    builds = api.openapi_builds
    first = client.get("/api/openapi.json")
    second = client.get("/api/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert api.openapi_builds == builds + 1


def test_an_unexpected_api_error_answers_500_in_the_error_shape(client_for, monkeypatch, caplog):
    import liaison.accounts.api as accounts_api

    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(accounts_api, "access_for", broken)
    response = client_for().get("/api/me")
    assert response.status_code == 500
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"] == []
    assert "secret internals" not in body["detail"] and "Traceback" not in body["detail"]
    assert "secret internals" in caplog.text  # logged with its traceback for the operators


def test_api_error_details_are_in_the_caller_s_language(client_for, monkeypatch):
    import liaison.accounts.api as accounts_api
    from liaison.core.errors import NotFound

    def missing(user):
        raise NotFound()

    monkeypatch.setattr(accounts_api, "access_for", missing)
    c = client_for()
    assert c.get("/api/me", HTTP_ACCEPT_LANGUAGE="fr").json()["detail"] == "Introuvable."
    assert c.get("/api/me", HTTP_ACCEPT_LANGUAGE="en").json()["detail"] == "Not found."


def test_an_unexpected_page_error_shows_the_styled_500_page_with_navigation(monkeypatch):
    import liaison.portal.views as core_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(core_views, "catalogue_stats", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<nav" in html and "/static/liaison/liaison.css" in html
    assert "boom" not in html


def test_the_500_page_needs_no_database(django_assert_num_queries):
    from liaison.core.views import server_error

    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500 and b"<nav" in response.content


def test_the_404_page_has_navigation(client):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert b"<nav" in response.content and b"Page not found" in response.content


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_403_page_has_navigation_and_offers_sign_in_to_visitors(user_factory, signed_in):
    from django.contrib.auth.models import AnonymousUser

    from liaison.core.errors import NotAllowed
    from liaison.core.middleware import DomainErrorPages

    request = RequestFactory().get("/somewhere/")
    request.user = user_factory() if signed_in else AnonymousUser()
    response = DomainErrorPages(lambda r: None).process_exception(request, NotAllowed())
    assert response.status_code == 403
    html = response.content.decode()
    assert "<nav" in html
    assert ("/accounts/login/?next=" in html) is not signed_in
