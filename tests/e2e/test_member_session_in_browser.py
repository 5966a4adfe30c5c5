"""A member's browser signs in through GraphQL on the session, as the members' site will.

The browser gets the csrftoken cookie from GET /, sends it back as X-CSRFToken on every
GraphQL POST, and the session cookie carries the sign-in to the next request.
"""

from __future__ import annotations

import pytest

from tests.factories import member_create

pytestmark = pytest.mark.django_db(transaction=True)

GRAPHQL_FETCH = """
async ([query, variables, withToken]) => {
  const token = document.cookie.split('; ').find(c => c.startsWith('csrftoken='));
  const headers = {'Content-Type': 'application/json'};
  if (withToken && token) headers['X-CSRFToken'] = token.split('=')[1];
  const response = await fetch('/graphql/', {
    method: 'POST', headers, credentials: 'same-origin',
    body: JSON.stringify({query, variables}),
  });
  return {status: response.status, body: await response.json()};
}
"""
LOGIN = "mutation ($i: LoginInput!) { login(input: $i) { errors { code message } } }"
ME = "{ me { displayName phone } }"


def test_a_member_signs_in_on_the_session_with_the_csrf_header(live_server, page, site_tree):
    member_create(name="王小明", phone="+8613912345678", password="pw-for-tests-2026")
    page.goto(f"{live_server.url}/")

    # without the header the session POST is refused, and nothing changes
    refused = page.evaluate(
        GRAPHQL_FETCH,
        [LOGIN, {"i": {"phone": "13912345678", "password": "pw-for-tests-2026"}}, False],
    )
    assert refused["status"] == 403
    assert refused["body"]["errors"][0]["extensions"]["code"] == "CSRF_FAILED"

    signed_in = page.evaluate(
        GRAPHQL_FETCH,
        [LOGIN, {"i": {"phone": "13912345678", "password": "pw-for-tests-2026"}}, True],
    )
    assert signed_in["body"]["data"]["login"]["errors"] == []

    # login rotates the CSRF token; the page reads the new cookie like a real client
    me = page.evaluate(GRAPHQL_FETCH, [ME, {}, True])
    assert me["body"]["data"]["me"] == {"displayName": "王小明", "phone": "+8613912345678"}
