"""Every page carries a Content-Security-Policy and a Permissions-Policy, and the headers
that were there before stay: the site, the admin's login and dashboard, /graphql/ and a
content page. Scripts run only from our origin or with the response's nonce (no eval,
no inline script without it), in the Wagtail admin's editor as well."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.admin_pages import client_for, edit_url
from tests.factories import UserFactory, event_create, project_create

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_secure_headers(response) -> None:
    policy = directives(response)
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-eval'" not in scripts and "'unsafe-inline'" not in scripts
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    permissions = response["Permissions-Policy"]
    for feature in ("microphone=()", "geolocation=()"):
        assert feature in permissions
    # the camera only for our own pages (ticket scanning at the door), never for a frame
    assert "camera=(self)" in permissions
    # the headers the site had before
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def inline_scripts(html: str) -> list:
    """Script elements the browser would execute from the page itself."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        tag
        for tag in soup.find_all("script")
        if not tag.get("src")
        and tag.get("type", "text/javascript") in ("text/javascript", "module")
    ]


def script_nonce(response) -> str | None:
    for value in directives(response)["script-src"]:
        match = re.fullmatch(r"'nonce-([^']+)'", value)
        if match:
            return match.group(1)
    return None


@pytest.fixture
def superuser_client():
    return client_for(UserFactory(is_superuser=True, is_staff=True))


def test_the_home_page_carries_the_headers(client):
    assert_secure_headers(client.get("/"))


def test_the_admin_login_carries_the_headers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_admin_dashboard_carries_the_headers(superuser_client, site_tree):
    response = superuser_client.get("/admin/")
    assert response.status_code == 200
    assert_secure_headers(response)


def test_graphql_carries_the_headers(client):
    response = client.post(
        "/graphql/", {"query": "{ __typename }"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_content_page_carries_the_headers(client, site_tree):
    project = project_create(site_tree, intro="临江而居。")
    response = client.get(urlsplit(project.full_url).path, follow=True)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_refusal_and_a_missing_page_carry_them_too(client):
    assert_secure_headers(client.get("/no-such-page/"))


@pytest.mark.parametrize("kind", ["event", "project"])
def test_every_inline_script_of_the_page_editor_carries_the_responses_nonce(
    superuser_client, site_tree, kind
):
    """Wagtail's editor writes inline initialisers (date pickers, inline panels, choosers);
    each must carry the nonce the header allows, or the browser refuses to run it."""
    page = event_create(site_tree) if kind == "event" else project_create(site_tree)
    response = superuser_client.get(edit_url(page))
    assert response.status_code == 200
    assert_secure_headers(response)
    nonce = script_nonce(response)
    scripts = inline_scripts(response.content.decode())
    assert scripts, "the editor has inline initialisers to check"
    assert nonce is not None
    assert [tag.get("nonce") for tag in scripts] == [nonce] * len(scripts)
