"""The members API under load and abuse: constant query counts, cost limits, bad input.

Bad input is answered with coded GraphQL errors (or user errors), never an HTTP 500 and
never a half-written registration.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from club.services import api_token_create, member_preferences_update
from portal.graphql.limits import Limits
from tests.factories import member_create, member_reader, project_create
from tests.members_api import PASSWORD, bearer, data, error_codes, gql, user_error_codes

pytestmark = pytest.mark.django_db

MEMBER_PAGE = """
query ($first: Int) {
  members(first: $first) {
    totalCount
    edges { node {
      id displayName phone email city segment joinedAt isOwner
      preferences { interestedProjects { slug name } rooms budgetMax purchaseTimeframe }
    } }
  }
}
"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token():
    return api_token_create(user=member_reader(), scopes=["read:members", "read:members:pii"])[1]


# --- N+1 --------------------------------------------------------------------------------


def count_queries(client, query, variables, **extra) -> tuple[int, dict]:
    """SQL queries of one request, after a first one (which may note the token's last use)."""
    data(client, query, variables, **extra)
    with CaptureQueriesContext(connection) as queries:
        body = data(client, query, variables, **extra)
    return len(queries), body


def test_a_page_of_100_members_costs_the_same_queries_as_a_page_of_10(client, token, site_tree):
    projects = [project_create(site_tree, slug=f"p{n}") for n in range(3)]
    for n in range(100):
        member = member_create()
        slugs = [projects[n % 3].slug, projects[(n + 1) % 3].slug]
        member_preferences_update(member=member, interested_project_slugs=slugs)

    ten, small = count_queries(client, MEMBER_PAGE, {"first": 10}, **bearer(token))
    hundred, large = count_queries(client, MEMBER_PAGE, {"first": 100}, **bearer(token))

    assert len(small["members"]["edges"]) == 10 and len(large["members"]["edges"]) == 100
    assert all(
        len(edge["node"]["preferences"]["interestedProjects"]) == 2
        for edge in large["members"]["edges"]
    )
    assert hundred == ten


def test_nested_project_lists_are_loaded_once_per_page_too(client, token, site_tree):
    project = project_create(site_tree, slug="bay")
    query = """query ($first: Int) { members(first: $first) { edges { node { preferences {
        interestedProjects { slug unitTypes { name } adverseFactors { name } } } } } } }"""
    for _ in range(12):
        member_preferences_update(member=member_create(), interested_project_slugs=[project.slug])

    two, _small = count_queries(client, query, {"first": 2}, **bearer(token))
    twelve, _large = count_queries(client, query, {"first": 12}, **bearer(token))
    assert twelve == two


def test_me_reads_the_member_in_a_constant_number_of_queries(client, site_tree):
    member = member_create()
    projects = [project_create(site_tree, slug=f"p{n}") for n in range(5)]
    member_preferences_update(member=member, interested_project_slugs=["p0"])
    client.force_login(member.user, backend="core.auth.PhoneOrEmailBackend")
    query = "{ me { displayName phone preferences { interestedProjects { slug name } } } }"

    one, _body = count_queries(client, query, None)
    member_preferences_update(member=member, interested_project_slugs=[p.slug for p in projects])
    five, body = count_queries(client, query, None)
    assert len(body["me"]["preferences"]["interestedProjects"]) == 5
    assert five == one


# --- cost limit ---------------------------------------------------------------------------


def test_the_largest_member_page_with_interested_projects_is_within_limits(client, token):
    member_create()
    response, body = gql(
        client, MEMBER_PAGE, {"first": Limits.from_settings().max_page_size}, **bearer(token)
    )
    assert response.status_code == 200 and "errors" not in body


def test_an_abusive_nested_member_query_is_refused_before_it_runs(client, token):
    abusive = """{ members(first: 100) { edges { node { preferences { interestedProjects {
        unitTypes { name rooms areaSqm } adverseFactors { name category } } } } } } }"""
    response, body = gql(client, abusive, **bearer(token))
    assert response.status_code == 400
    assert error_codes(body) == ["QUERY_TOO_COSTLY"]


def test_a_page_larger_than_the_cap_is_refused(client, token):
    response, body = gql(client, MEMBER_PAGE, {"first": 101}, **bearer(token))
    assert response.status_code == 400
    assert error_codes(body) == ["PAGE_SIZE_TOO_LARGE"]


# --- bad input ----------------------------------------------------------------------------

REGISTER = """mutation ($input: RegisterInput!) {
  register(input: $input) { errors { field code } member { id } }
}"""


def registration(**fields) -> dict:
    values = {
        "name": "张三",
        "phone": "13800138000",
        "smsCode": "123456",  # field errors are answered before any code is checked
        "password": PASSWORD,
        "birthDate": "1990-05-17",
        "acceptTerms": True,
    }
    values.update(fields)
    return {"input": values}


@pytest.mark.parametrize(
    "fields",
    [
        {"birthDate": "1990-02-30"},
        {"birthDate": "17/05/1990"},
        {"birthDate": 19900517},
        {"acceptTerms": "yes"},
        {"name": 12345},
        {"gender": "ROBOT"},
        {"education": "bachelor"},
        {"childrenAges": ["three"]},
        {"childrenAges": [2**31]},
        {"unknownField": 1},
    ],
    ids=str,
)
def test_malformed_variables_are_refused_as_bad_user_input(client, fields):
    response, body = gql(client, REGISTER, registration(**fields))

    assert response.status_code == 400
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert not get_user_model().objects.exists()


def test_malformed_literals_are_refused_by_validation(client):
    query = """mutation { register(input: {name: "张三", phone: "13800138000", smsCode: "1",
        password: "x",
        birthDate: "not-a-date", acceptTerms: true, gender: ROBOT}) { errors { code } } }"""
    response, body = gql(client, query)
    assert response.status_code == 400
    assert set(error_codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"name": "张" * 101}, "name", "NAME_TOO_LONG"),
        ({"city": "深" * 5000}, "city", "TOO_LONG"),
        ({"employer": "x" * 20000}, "employer", "TOO_LONG"),
        ({"childrenAges": [200]}, "childrenAges", "CHILD_AGE_INVALID"),
        ({"phone": "1" * 30}, "phone", "PHONE_INVALID"),
        ({"email": "not-an-email"}, "email", "EMAIL_INVALID"),
        ({"password": "123"}, "password", "PASSWORD_TOO_WEAK"),
        ({"birthDate": "1800-01-01"}, "birthDate", "BIRTH_DATE_INVALID"),
    ],
)
def test_out_of_range_values_are_user_errors_and_write_nothing(client, fields, field, code):
    payload = data(client, REGISTER, registration(**fields))["register"]

    assert payload["errors"] == [{"field": field, "code": code}]
    assert payload["member"] is None
    assert not get_user_model().objects.exists()


def test_a_body_over_the_size_limit_is_refused_with_413(client):
    huge = registration(name="张" * (Limits.from_settings().max_body_bytes // 3 + 10))
    response, body = gql(client, REGISTER, huge)
    assert response.status_code == 413
    assert error_codes(body) == ["REQUEST_TOO_LARGE"]
    assert not get_user_model().objects.exists()


def test_a_budget_beyond_32_bits_is_refused_before_it_reaches_the_service(client):
    member = member_create()
    client.force_login(member.user, backend="core.auth.PhoneOrEmailBackend")
    query = (
        """mutation ($b: Int) { updatePreferences(input: {budgetMax: $b}) { errors { code } } }"""
    )

    response, body = gql(client, query, {"b": 2**31})
    assert response.status_code == 400 and error_codes(body) == ["BAD_USER_INPUT"]
    ok = data(client, query, {"b": 2**31 - 1})["updatePreferences"]
    assert ok["errors"] == []
    assert user_error_codes(data(client, query, {"b": 0})["updatePreferences"]) == [
        "BUDGET_INVALID"
    ]
