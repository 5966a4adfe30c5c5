"""One door for who a request is and which roles exist.

Request identity lives in portal/graphql/identity.py, used by every domain; the generic
view knows no domain's auth; staff roles are named once, in core.roles.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core import roles

ROOT = Path(__file__).resolve().parent.parent
APP_DIRS = ("content", "club", "service", "portal")


def python_sources():
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_staff_role_names_are_written_only_in_core():
    # 审核 is also the review task's name
    names = (set(roles.GROUPS.values()) | {roles.SERVICE_SUPERVISORS}) - {"审核"}
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in python_sources()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and node.value in names
    ]
    assert offenders == []


def test_the_generic_view_imports_no_domain_auth():
    tree = ast.parse((ROOT / "portal/graphql/views.py").read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m.startswith(("club", "portal.graphql.members"))}


def test_the_anonymous_user_is_set_in_one_place():
    assignments = [
        str(path.relative_to(ROOT))
        for path in python_sources()
        if "request.user = AnonymousUser()" in path.read_text()
    ]
    assert assignments == ["portal/graphql/identity.py"]


@pytest.mark.django_db
def test_a_bearer_request_acts_as_nobody_even_with_a_session(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = client.post(
        "/graphql/",
        {"query": "{ me { id } }"},
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer wkh_not_a_token",
    )

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "TOKEN_INVALID"


# --- persisted operations for the members' site ----------------------------------------------


@pytest.fixture
def persisted_only(settings):
    settings.GRAPHQL_PERSISTED_OPERATIONS_ONLY = True


def gql(client, query, **extra):
    return client.post("/graphql/", {"query": query}, content_type="application/json", **extra)


@pytest.mark.django_db
def test_the_site_may_send_only_persisted_operations(client, persisted_only, settings):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    persisted = (ROOT / "graphql/operations/Me.graphql").read_text()
    lines = [line for line in persisted.splitlines() if not line.lstrip().startswith("#")]
    reformatted = "# the same document, laid out differently\n" + " ".join(" ".join(lines).split())

    ad_hoc = gql(client, "{ me { id } }")
    assert ad_hoc.status_code == 400
    assert ad_hoc.json()["errors"][0]["extensions"]["code"] == "PERSISTED_OPERATION_REQUIRED"
    assert gql(client, persisted).status_code == 200
    assert gql(client, reformatted).status_code == 200
    origin = settings.SITE_BASE_URL
    anonymous = gql(client.__class__(), "{ __typename }", HTTP_ORIGIN=origin)
    assert anonymous.status_code == 400


@pytest.mark.django_db
def test_tools_and_staff_may_send_any_document(client, persisted_only):
    from tests.factories import UserFactory

    assert gql(client, "{ __typename }").status_code == 200  # no cookie, no site origin
    client.force_login(UserFactory(is_staff=True))
    assert gql(client, "{ __typename }").status_code == 200
