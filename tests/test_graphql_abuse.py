"""Documents built to make the server work hard are refused quickly, by measurement.

The limit walk (portal/graphql/limits.py) summarises each fragment once, so documents
whose fragments multiply each other are measured in time linear in their size; the
wall-clock budget (portal/graphql/deadline.py) ends whatever still runs too long. The
times these refusals take are recorded in docs/performance.md; the bound asserted here is
only a generous sanity check that cannot flake (the old walk never finished).
"""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql import execute, get_introspection_query, parse

from portal.graphql.deadline import Deadline, DeadlineExceeded, DeadlineMiddleware
from portal.graphql.limits import Limits, operation_cost
from portal.graphql.schema import schema
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SANITY_SECONDS = 5.0


def post(client, query, **extra):
    return client.post("/graphql/", {"query": query}, content_type="application/json", **extra)


def codes(response):
    return [error["extensions"]["code"] for error in response.json()["errors"]]


def nested_spreads(levels: int = 4, fan_out: int = 100) -> str:
    """The reported shape: F1 spread `fan_out` times, each fragment spreading the next."""
    spreads = lambda name: " ".join(f"...{name}" for _ in range(fan_out))  # noqa: E731
    fragments = [
        f"fragment F{level} on Query {{ {spreads(f'F{level + 1}')} }}" for level in range(1, levels)
    ]
    fragments.append(f"fragment F{levels} on Query {{ __typename }}")
    return f"{{ {spreads('F1')} }} " + " ".join(fragments)


def wide_fan_out(count: int = 900) -> str:
    return "{ " + " ".join("...P" for _ in range(count)) + " } fragment P on Query { __typename }"


def deep_chain(length: int = 60) -> str:
    fragments = [
        f"fragment C{n} on PageInterface {{ children(limit: 1) {{ ...C{n + 1} }} }}"
        for n in range(length)
    ]
    fragments.append(f"fragment C{length} on PageInterface {{ id }}")
    return "{ page(id: 1) { ...C0 } } " + " ".join(fragments)


def repeated_inline_fragments(count: int = 30) -> str:
    selection = "projects(first: 100) { edges { node { unitTypes { name } } } }"
    return "{ " + " ".join(f"... on Query {{ {selection} }}" for _ in range(count)) + " }"


def many_inline_fragments(count: int = 600) -> str:
    return "{ " + " ".join("... on Query { projects { totalCount } }" for _ in range(count)) + " }"


ADVERSARIAL = {
    "nested spreads, 100 x 4 levels": (nested_spreads(), "TOO_MANY_FRAGMENT_SPREADS"),
    "one fragment spread 900 times": (wide_fan_out(), "TOO_MANY_FRAGMENT_SPREADS"),
    "a chain of 60 fragments": (deep_chain(), "QUERY_TOO_DEEP"),
    "30 costly inline fragments": (repeated_inline_fragments(), "QUERY_TOO_COSTLY"),
    "600 inline fragments": (many_inline_fragments(), "QUERY_TOO_COMPLEX"),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_documents_are_refused_with_a_code(client, site_tree, settings, name):
    settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, "MAX_TOKENS": 10_000}
    query, code = ADVERSARIAL[name]

    started = time.monotonic()
    response = post(client, query)
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert codes(response) == [code]
    assert elapsed < SANITY_SECONDS


def test_the_reported_document_is_measured_without_expanding_its_fragments():
    # 100**4 expansions were the old walk's work; memoised, the walk stops at the limit.
    limits = Limits(max_spreads=10**9, max_cost=10**9, max_tokens=10_000)
    measured = operation_cost(
        schema.graphql_schema,
        parse(nested_spreads()),
        operation_name=None,
        variables=None,
        limits=limits,
    )
    assert measured.errors == [] and measured.cost == 100**4


def test_spreads_are_counted_as_expanded_not_as_written(client, settings):
    settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, "MAX_SPREADS": 10}
    # 3 spreads written, 3 x 4 = 12 expanded
    query = "{ ...A ...A ...A } fragment A on Query { ...B ...B ...B } fragment B on Query { __typename }"
    allowed = (
        "{ ...A ...A } fragment A on Query { ...B ...B ...B } fragment B on Query { __typename }"
    )

    assert codes(post(client, query)) == ["TOO_MANY_FRAGMENT_SPREADS"]
    assert post(client, allowed).status_code == 200


# --- depth includes introspection -----------------------------------------------------------


def introspection_chain(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"ofType {{ {inner} }}"
    return f"{{ __schema {{ types {{ fields {{ type {{ {inner} }} }} }} }} }}"


def test_introspection_fields_count_for_depth(client, settings):
    settings.DEBUG = True
    response = post(client, introspection_chain(100))

    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_DEEP"]


def test_graphiqls_standard_introspection_query_still_runs(client, settings):
    settings.DEBUG = True
    response = post(client, get_introspection_query(descriptions=True))

    assert response.status_code == 200, response.content
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


# --- wall-clock budget ----------------------------------------------------------------------


def test_a_request_over_its_time_budget_is_stopped_with_a_code(client, site_tree, settings):
    settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, "MAX_SECONDS": 0}

    response = post(client, "{ projects { totalCount } }")

    assert response.status_code == 503
    assert codes(response) == ["QUERY_TIMEOUT"]
    assert "data" not in response.json()


def test_a_spent_budget_ends_execution_itself_not_just_the_response(site_tree):
    # No resolver runs and no SQL is sent once the deadline has passed.
    with CaptureQueriesContext(connection) as queries, pytest.raises(DeadlineExceeded):
        execute(
            schema.graphql_schema,
            parse("{ projects { totalCount edges { node { slug } } } }"),
            middleware=[DeadlineMiddleware(Deadline(0))],
        )
    assert len(queries) == 0


# --- headless clients and CSRF --------------------------------------------------------------


@pytest.fixture
def browser():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_a_cookieless_post_needs_no_csrf_token(browser, site_tree):
    response = post(browser, "{ projects(first: 1) { totalCount } }")

    assert response.status_code == 200
    assert "errors" not in response.json()


def test_a_post_carrying_the_session_cookie_needs_the_csrf_token(browser):
    browser.force_login(UserFactory())

    assert codes(post(browser, "{ __typename }")) == ["CSRF_FAILED"]


LOGIN = 'mutation { login(input: {email: "x@example.com", password: "wrong"}) { errors { code } } }'
VIA_FRAGMENT = (
    "mutation { ...SignIn } fragment SignIn on Mutation {"
    ' login(input: {email: "x@example.com", password: "wrong"}) { errors { code } } }'
)


@pytest.mark.parametrize("mutation", [LOGIN, VIA_FRAGMENT])
def test_mutations_that_start_a_session_need_the_csrf_token_even_without_a_cookie(
    browser, mutation
):
    response = post(browser, mutation)

    assert response.status_code == 403
    assert codes(response) == ["CSRF_FAILED"]


def test_a_session_starting_mutation_with_the_csrf_token_runs(browser):
    browser.get("/graphql/", {"query": "{ __typename }"})
    token = browser.cookies["csrftoken"].value

    response = post(browser, LOGIN, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 200
    assert response.json()["data"]["login"]["errors"]


# --- GraphQL over HTTP media type -----------------------------------------------------------

GRAPHQL_RESPONSE = "application/graphql-response+json"


def test_the_graphql_response_media_type_is_answered_when_asked_for(client):
    ok = post(client, "{ __typename }", HTTP_ACCEPT=f"{GRAPHQL_RESPONSE}, application/json")
    bad = post(client, "{ nope }", HTTP_ACCEPT=GRAPHQL_RESPONSE)
    syntax = post(client, "{", HTTP_ACCEPT=GRAPHQL_RESPONSE)

    assert ok.status_code == 200 and ok["Content-Type"].startswith(GRAPHQL_RESPONSE)
    assert ok.json() == {"data": {"__typename": "Query"}}
    # a request that cannot run: 4xx and no data, as the spec asks for this media type
    assert bad.status_code == 400 and bad["Content-Type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in bad.json()
    assert syntax.status_code == 400 and codes(syntax) == ["GRAPHQL_PARSE_FAILED"]


def test_plain_json_stays_the_default(client):
    response = post(client, "{ __typename }")

    assert response["Content-Type"].startswith("application/json")
