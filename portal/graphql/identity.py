"""Who is calling: a browser session, or a tool with an API token — for every domain.

The one place a GraphQL request's identity is established and read: the view calls
`request_identify` once, before anything executes; resolvers and mutations of every
domain ask the functions below (never `request.user` or `request.api_token` directly).

Two doors, never mixed (DESIGN.md):
- a **session** (the members' site, or a staff user in the browser) acts as its user; a
  member reads only their own record (`me`), staff read marketing data with the scopes
  their permissions grant (`club.selectors.scopes_for_user`);
- a **bearer token** (`Authorization: Bearer wkh_...`) acts with exactly the scopes written
  on the token, nothing more. The request stays *anonymous* as far as the rest of the
  schema is concerned (`request.user` is AnonymousUser): a marketing token cannot sign
  in as its user, update a profile, file a complaint or use staff permissions in other
  domains. Only the marketing fields read `request.api_token`; the audit log names the
  token's user and the token's prefix.

`request_identify` runs once per request, from the view (portal/graphql/views.py): an
unknown, expired or revoked token, or one over its per-minute allowance, refuses the whole
request with a coded error.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _lazy

from club.models import ApiToken, Member
from club.selectors import member_for_user, scopes_for_user
from club.services import api_token_throttle, api_token_verify
from core.errors import PermissionDeniedError

BEARER_PREFIX = "bearer "

# The messages of a refused identity, shared by every check that refuses one.
LOGIN_REQUIRED_MESSAGE = _lazy("请先登录。")
MEMBERS_ONLY_MESSAGE = _lazy("仅限会员使用。")


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if the request has one."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[: len(BEARER_PREFIX)].lower() != BEARER_PREFIX:
        return None
    return header[len(BEARER_PREFIX) :].strip() or None


def request_identify(request: HttpRequest) -> None:
    """Establish who a request acts as; for a bearer request, verify and count the token.

    A bearer request is anonymous to the rest of the schema (`request.user` is
    AnonymousUser), so it never acts with a session cookie that happens to ride along, nor
    as the token's user outside the token's scopes. A session request keeps the user
    Django's session middleware found. Raises DomainError (TOKEN_INVALID, TOKEN_EXPIRED,
    TOKEN_REVOKED, RATE_LIMITED).
    """
    raw = bearer_token(request)
    if raw is None:
        return
    request.user = AnonymousUser()
    token = api_token_verify(raw=raw)
    api_token_throttle(token=token)
    request.api_token = token


def request_user(request: HttpRequest):
    """The session's user (AnonymousUser for bearer requests), or None outside a request."""
    return getattr(request, "user", None)


def request_token(request: HttpRequest) -> ApiToken | None:
    """The verified API token of a bearer request, or None for a session request."""
    return getattr(request, "api_token", None)


def request_actor(request: HttpRequest):
    """The user a read is attributed to: the token's user, or the session's user."""
    token = request_token(request)
    if token is not None:
        return token.user
    return request_user(request)


def request_actor_label(request: HttpRequest) -> str | None:
    """How the audit log names a bearer caller: the user and the token's public prefix."""
    token = request_token(request)
    if token is None:
        return None
    return f"{token.user.get_username()} [API {token.prefix}]"


def request_scopes(request: HttpRequest) -> frozenset[str]:
    """The member-data scopes of the caller: the token's, or the session user's permissions."""
    token = request_token(request)
    if token is not None:
        return frozenset(token.scopes)
    return scopes_for_user(request_user(request))


def session_member(request: HttpRequest) -> Member | None:
    """The signed-in member of a session request; None for bearer and anonymous requests."""
    if request_token(request) is not None:
        return None
    return member_for_user(user=request_user(request))


def session_member_required(request: HttpRequest) -> Member:
    """The session's member, or PERMISSION_DENIED (AUTHENTICATION_REQUIRED when anonymous)."""
    member = session_member(request)
    if member is not None:
        return member
    user = request_user(request)
    if request_token(request) is None and (user is None or not user.is_authenticated):
        raise PermissionDeniedError(str(LOGIN_REQUIRED_MESSAGE), code="AUTHENTICATION_REQUIRED")
    raise PermissionDeniedError(str(MEMBERS_ONLY_MESSAGE))


def is_own_record(request: HttpRequest, member: Member) -> bool:
    """Whether the caller is the member themself (a session, never a token)."""
    if request_token(request) is not None:
        return False
    user = request_user(request)
    return bool(user is not None and user.is_authenticated and member.user_id == user.pk)
