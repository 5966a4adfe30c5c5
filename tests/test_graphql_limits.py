"""What the /graphql/ endpoint refuses, and how: GraphQL-shaped JSON with a code, never a 500.

Limits come from settings.GRAPHQL_LIMITS (read on every request), so boundaries are tested
on both sides with the configured values or small overrides.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from graphql import parse

from portal.graphql.limits import Limits, operation_cost
from portal.graphql.schema import schema
from tests.factories import UserFactory, project_create

pytestmark = pytest.mark.django_db


def post(client, query, variables=None, **extra):
    payload = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    return client.post("/graphql/", payload, content_type="application/json", **extra)


def codes(response):
    return [error["extensions"]["code"] for error in response.json()["errors"]]


@pytest.fixture
def limits(settings):
    """Override some limits for one test: limits(MAX_COST=10)."""

    def override(**values):
        settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, **values}

    return override


# --- depth ----------------------------------------------------------------------------------


def nested_pages(depth: int) -> str:
    """A query `depth` fields deep: page, children × (depth - 2), id (cheap: one child)."""
    inner = "id"
    for _ in range(depth - 2):
        inner = f"children(limit: 1) {{ {inner} }}"
    return f"{{ page(id: 1) {{ {inner} }} }}"


def test_a_query_at_the_depth_limit_runs(client, site_tree):
    response = post(client, nested_pages(Limits.from_settings().max_depth))
    assert response.status_code == 200, response.content


def test_a_query_one_level_deeper_than_the_limit_is_refused(client, site_tree):
    response = post(client, nested_pages(Limits.from_settings().max_depth + 1))

    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_DEEP"]
    assert "data" not in response.json()


def test_fragments_do_not_hide_depth(client, site_tree, limits):
    limits(MAX_DEPTH=3)
    query = (
        "{ page(id: 1) { ...Kids } }"
        " fragment Kids on PageInterface { children { children { id } } }"
    )

    response = post(client, query)

    assert codes(response) == ["QUERY_TOO_DEEP"]


# --- tokens, aliases, page size, body size ---------------------------------------------------


def test_documents_with_too_many_tokens_are_refused_while_parsing(client, limits):
    limits(MAX_TOKENS=40)
    small = "{ " + "a: __typename " * 5 + "}"  # 17 tokens
    large = "{ " + " ".join(f"f{n}: __typename" for n in range(15)) + " }"  # 47 tokens

    assert post(client, small).status_code == 200
    response = post(client, large)
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_LARGE"]


def aliased(count: int) -> str:
    return "{ " + " ".join(f"p{n}: projects {{ totalCount }}" for n in range(count)) + " }"


def test_aliases_up_to_the_limit_run_and_one_more_is_refused(client, site_tree):
    allowed = Limits.from_settings().max_aliases

    assert post(client, aliased(allowed)).status_code == 200
    response = post(client, aliased(allowed + 1))
    assert response.status_code == 400
    assert codes(response) == ["TOO_MANY_ALIASES"]


def test_aliased_typenames_count_as_aliases_too(client, limits):
    limits(MAX_ALIASES=2)
    response = post(client, "{ a: __typename b: __typename c: __typename }")
    assert codes(response) == ["TOO_MANY_ALIASES"]


def test_first_may_be_100_but_not_101(client, site_tree):
    ok = post(client, "query ($n: Int) { projects(first: $n) { totalCount } }", {"n": 100})
    refused = post(client, "query ($n: Int) { projects(first: $n) { totalCount } }", {"n": 101})
    literal = post(client, "{ events(first: 101) { totalCount } }")

    assert ok.status_code == 200 and "errors" not in ok.json()
    assert refused.status_code == 400
    assert codes(refused) == ["PAGE_SIZE_TOO_LARGE"]
    assert codes(literal) == ["PAGE_SIZE_TOO_LARGE"]
    assert "100" in refused.json()["errors"][0]["message"]


def test_a_negative_first_is_a_clear_error(client, site_tree):
    response = post(client, "{ projects(first: -1) { totalCount } }")
    assert codes(response) == ["INVALID_PAGE_SIZE"]


def test_a_body_over_the_size_limit_gets_413_in_graphql_shape(client):
    max_bytes = Limits.from_settings().max_body_bytes
    padding = " " * max_bytes
    response = post(client, "{ __typename }" + padding)

    assert response.status_code == 413
    assert codes(response) == ["REQUEST_TOO_LARGE"]


def test_a_body_just_under_the_size_limit_runs(client, limits):
    limits(MAX_BODY_BYTES=200)
    body = json.dumps({"query": "{ __typename }"})
    body = body[:-1] + " " * (200 - len(body)) + "}"
    assert len(body.encode()) == 200

    response = client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 200, response.content


# --- cost -----------------------------------------------------------------------------------

COSTED = "{ projects(first: 10) { totalCount edges { node { slug unitTypes { name } } } } }"
# projects 1 + totalCount 1 + edges 1 + node 10 + slug 10 + unitTypes 10 + name 10 × 20
COSTED_COST = 233


def test_cost_multiplies_list_sizes_down_the_tree():
    measured = operation_cost(
        schema.graphql_schema,
        parse(COSTED),
        operation_name=None,
        variables=None,
        limits=Limits(list_size=20),
    )
    assert measured.cost == COSTED_COST
    assert measured.errors == []


def test_cost_follows_variables():
    query = "query ($n: Int) { projects(first: $n) { edges { node { slug } } } }"
    for n, cost in ((1, 4), (50, 102)):
        measured = operation_cost(
            schema.graphql_schema,
            parse(query),
            operation_name=None,
            variables={"n": n},
            limits=Limits(),
        )
        assert measured.cost == cost


def test_a_query_at_the_cost_limit_runs_and_one_above_is_refused(client, site_tree, limits):
    limits(MAX_COST=COSTED_COST, LIST_SIZE=20)
    assert post(client, COSTED).status_code == 200

    limits(MAX_COST=COSTED_COST - 1, LIST_SIZE=20)
    response = post(client, COSTED)
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COSTLY"]


def test_nested_lists_blow_the_default_cost_budget(client, site_tree):
    query = "{ pages(limit: 100) { children(limit: 100) { children(limit: 100) { id } } } }"
    response = post(client, query)
    assert codes(response) == ["QUERY_TOO_COSTLY"]


# --- introspection --------------------------------------------------------------------------

INTROSPECTION = "{ __schema { queryType { name } } }"


def test_introspection_is_refused_to_anonymous_clients_when_debug_is_off(client):
    response = post(client, INTROSPECTION)

    assert response.status_code == 400
    assert codes(response) == ["INTROSPECTION_DISABLED"]
    assert codes(post(client, '{ __type(name: "Project") { name } }')) == ["INTROSPECTION_DISABLED"]


def test_introspection_is_refused_to_members_who_are_not_staff(client):
    client.force_login(UserFactory())
    assert codes(post(client, INTROSPECTION)) == ["INTROSPECTION_DISABLED"]


def test_staff_may_introspect(client):
    client.force_login(UserFactory(is_staff=True))
    response = post(client, INTROSPECTION)
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_everyone_may_introspect_in_debug(client, settings):
    settings.DEBUG = True
    response = post(client, INTROSPECTION)
    assert response.status_code == 200
    assert "errors" not in response.json()


def test_typename_stays_available(client):
    assert post(client, "{ __typename }").json() == {"data": {"__typename": "Query"}}


def test_validation_errors_do_not_suggest_field_names_without_introspection(client):
    response = post(client, "{ projectz { totalCount } }")

    assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in response.json()["errors"][0]["message"]


# --- malformed requests: 4xx with a code, never 500 ----------------------------------------


def test_a_syntax_error_is_reported_with_its_location(client):
    response = post(client, "{ projects { totalCount }")

    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert error["locations"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("[]", "application/json"),
        ('{"query": 42}', "application/json"),
        ('{"query": "{ __typename }", "variables": [1]}', "application/json"),
        ('{"query": "{ __typename }", "variables": "{oops"}', "application/json"),
        ('{"query": "{ __typename }", "operationName": 7}', "application/json"),
        ("{}", "application/json"),
        ("hello", "text/plain"),
        (b"\xff\xfe\x00", "application/json"),
    ],
    ids=[
        "not-json",
        "json-list",
        "query-not-string",
        "variables-list",
        "variables-bad-json",
        "operation-name-number",
        "no-query",
        "text-plain",
        "not-utf8",
    ],
)
def test_malformed_requests_get_400_with_a_code(client, body, content_type):
    response = client.post("/graphql/", body, content_type=content_type)

    assert response.status_code == 400, response.content
    assert codes(response) == ["BAD_REQUEST"]


def test_a_variable_of_the_wrong_type_is_bad_user_input(client, site_tree):
    response = post(client, "query ($n: Int) { projects(first: $n) { totalCount } }", {"n": "ten"})

    assert response.status_code == 400
    assert codes(response) == ["BAD_USER_INPUT"]


def test_an_unknown_operation_name_is_a_clear_error(client):
    response = client.post(
        "/graphql/",
        {"query": "query A { __typename }", "operationName": "B"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"]


def test_get_runs_queries_but_not_mutations(client):
    query = client.get("/graphql/", {"query": "{ __typename }"})
    mutation = client.get("/graphql/", {"query": "mutation { logout { errors { code } } }"})

    assert query.json() == {"data": {"__typename": "Query"}}
    assert mutation.status_code == 405
    assert codes(mutation) == ["METHOD_NOT_ALLOWED"]


def test_other_methods_are_refused_in_graphql_shape(client):
    response = client.put("/graphql/", "{}", content_type="application/json")
    assert response.status_code == 405
    assert codes(response) == ["METHOD_NOT_ALLOWED"]


def test_a_failing_resolver_is_logged_and_reported_without_details(
    client, site_tree, caplog, monkeypatch
):
    # A fault injected below the resolver stands for any bug of ours.
    from content import selectors

    def broken(**_kwargs):
        raise ValueError("not enough values to unpack")

    monkeypatch.setattr(selectors, "projects_visible_to", broken)
    with caplog.at_level(logging.ERROR, logger="portal.graphql"):
        response = post(client, "{ projects { totalCount } }")

    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL_ERROR"}
    assert "unpack" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records)


# --- CSRF and bearer requests ---------------------------------------------------------------


@pytest.fixture
def browser():
    """A client that enforces CSRF like a browser session would face it."""
    return Client(enforce_csrf_checks=True)


def test_a_session_post_without_the_csrf_token_is_refused(browser):
    browser.force_login(UserFactory())

    response = post(browser, "{ __typename }")

    assert response.status_code == 403
    assert codes(response) == ["CSRF_FAILED"]


def test_a_session_post_with_the_csrf_token_runs(browser):
    browser.force_login(UserFactory())
    browser.get("/graphql/", {"query": "{ __typename }"})  # sets the csrftoken cookie
    token = browser.cookies["csrftoken"].value

    response = post(browser, "{ __typename }", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


def test_bearer_requests_skip_csrf_and_never_ride_on_the_session(browser, site_tree):
    project_create(site_tree, licensed=False, slug="members-preview")
    browser.force_login(UserFactory())

    response = post(
        browser,
        '{ project(slug: "members-preview") { slug } }',
        HTTP_AUTHORIZATION="Bearer not-a-valid-token",
    )

    assert "CSRF_FAILED" not in response.content.decode()
    assert "members-preview" not in response.content.decode()
