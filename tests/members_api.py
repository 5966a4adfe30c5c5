"""Helpers for the members API tests: post to /graphql/ as real clients do."""

from __future__ import annotations

from django.contrib.auth.models import Permission

PASSWORD = "pw-for-tests-2026"
SESSION_BACKEND = "core.auth.PhoneOrEmailBackend"

MEMBER_FIELDS = """
  id displayName phone email city segment joinedAt isOwner
  preferences {
    interestedProjects { slug name priceRange { minPerSqm } }
    rooms budgetMax purchaseTimeframe emailOptIn smsOptIn
  }
"""
ME = "{ me { " + MEMBER_FIELDS + " name birthDate referralCode referralLink pointsBalance "
ME += "emailVerified consents { kind active } } }"


def gql(client, query, variables=None, **extra):
    """POST a GraphQL request; returns (response, parsed JSON body)."""
    payload = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    response = client.post("/graphql/", payload, content_type="application/json", **extra)
    assert response.status_code != 500, response.content
    return response, response.json()


def data(client, query, variables=None, **extra) -> dict:
    """The `data` of a request that must succeed without any GraphQL error."""
    response, body = gql(client, query, variables, **extra)
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


def error_codes(body) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def user_error_codes(payload: dict) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def sign_in(client, member):
    client.force_login(member.user, backend=SESSION_BACKEND)
    return client


def grant(user, *codenames: str):
    """Give a user club permissions (club.view_member, club.view_member_pii, ...)."""
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="club", codename=codename)
        )
    return user
