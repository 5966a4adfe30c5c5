"""The GraphQL explorer at /graphql/: GraphiQL served by us, for staff in production."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import UserFactory
from tests.test_no_external_urls import external_urls

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
VENDOR = Path(settings.BASE_DIR) / "portal" / "static" / "portal" / "vendor" / "graphiql"


def _open(client: Client):
    return client.get("/graphql/", **HTML)


def _staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    return client


def test_the_explorer_loads_nothing_from_another_host():
    response = _open(_staff_client())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert external_urls(response.content.decode()) == set()
    soup = BeautifulSoup(response.content, "html.parser")
    assets = [tag["src"] for tag in soup.find_all("script", src=True)]
    assets += [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
    assert any("graphiql.min.js" in url for url in assets)
    for url in assets:  # every asset is one of our static files
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_the_vendored_files_match_their_recorded_checksums():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    recorded = dict(
        (name, digest) for digest, name in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M)
    )
    shipped = {p.name for p in VENDOR.iterdir() if p.suffix in (".js", ".css")}
    assert set(recorded) == shipped
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    for licence in ("LICENSE-graphiql", "LICENSE-react", "LICENSE-react-dom"):
        assert (VENDOR / licence).exists()


def test_the_explorer_offers_every_committed_operation_as_an_example():
    response = _open(_staff_client())
    soup = BeautifulSoup(response.content, "html.parser")
    config = json.loads(soup.find("script", id="explorer-config").string)
    names = {operation["name"] for operation in config["operations"]}
    committed = {
        p.stem for p in (Path(settings.BASE_DIR) / "graphql" / "operations").glob("*.graphql")
    }
    assert names == committed and "MarketingMembers" in names


def test_in_production_an_anonymous_visitor_is_sent_to_sign_in(settings):
    settings.DEBUG = False
    response = _open(Client())
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/graphql/")


def test_in_production_a_signed_in_member_who_is_not_staff_is_refused(settings):
    settings.DEBUG = False
    client = Client()
    client.force_login(UserFactory(is_staff=False))
    response = _open(client)
    assert response.status_code == 403
    assert b"graphiql" not in response.content.lower()


def test_in_production_staff_get_the_explorer(settings):
    settings.DEBUG = False
    response = _open(_staff_client())
    assert response.status_code == 200
    assert b"graphiql.min.js" in response.content
    assert "csrftoken" in response.cookies  # the explorer's POSTs send it back


def test_in_debug_anyone_gets_the_explorer(settings):
    settings.DEBUG = True
    assert _open(Client()).status_code == 200


def test_api_calls_are_not_answered_with_the_explorer():
    client = _staff_client()
    # no Accept: text/html: the API's own answer, as before
    response = client.get("/graphql/")
    assert response.status_code == 400 and response.json()["errors"]
    # a query in the address is an API call even from a browser
    response = client.get("/graphql/?query={__typename}", **HTML)
    assert response.json() == {"data": {"__typename": "Query"}}


def test_the_explorer_runs_under_the_csp_without_eval_or_inline_scripts():
    response = _open(_staff_client())
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    soup = BeautifulSoup(response.content, "html.parser")
    # every executable script is a same-origin file; the config is inert JSON
    for tag in soup.find_all("script"):
        assert tag.get("src") or tag.get("type") == "application/json", tag
    assert "font-src 'self' data:" in policy  # GraphiQL's fonts are inlined data: URLs
