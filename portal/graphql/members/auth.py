"""Who is calling the members API: a browser session, or a marketing tool with an API token.

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

`bearer_authenticate` runs once per request, from the view (portal/graphql/views.py),
before anything executes: an unknown, expired or revoked token, or one over its per-minute
allowance, refuses the whole request with a coded error.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from club.models import ApiToken, Member
from club.selectors import member_for_user, scopes_for_user
from club.services import api_token_throttle, api_token_verify
from core.errors import PermissionDeniedError


def bearer_authenticate(request: HttpRequest, raw: str) -> ApiToken:
    """Verify and count a bearer token, and attach it to the request.

    Raises DomainError (TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, RATE_LIMITED).
    """
    token = api_token_verify(raw=raw)
    api_token_throttle(token=token)
    request.user = AnonymousUser()
    request.api_token = token
    return token


def request_token(request: HttpRequest) -> ApiToken | None:
    """The verified API token of a bearer request, or None for a session request."""
    return getattr(request, "api_token", None)


def request_actor(request: HttpRequest):
    """The user a read is attributed to: the token's user, or the session's user."""
    token = request_token(request)
    if token is not None:
        return token.user
    return getattr(request, "user", None)


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
    return scopes_for_user(getattr(request, "user", None))


def session_member(request: HttpRequest) -> Member | None:
    """The signed-in member of a session request; None for bearer and anonymous requests."""
    if request_token(request) is not None:
        return None
    return member_for_user(user=getattr(request, "user", None))


def session_member_required(request: HttpRequest) -> Member:
    """The session's member, or PERMISSION_DENIED (AUTHENTICATION_REQUIRED when anonymous)."""
    member = session_member(request)
    if member is not None:
        return member
    user = getattr(request, "user", None)
    if request_token(request) is None and (user is None or not user.is_authenticated):
        raise PermissionDeniedError(_("请先登录。"), code="AUTHENTICATION_REQUIRED")
    raise PermissionDeniedError(_("仅限会员使用。"))


def is_own_record(request: HttpRequest, member: Member) -> bool:
    """Whether the caller is the member themself (a session, never a token)."""
    if request_token(request) is not None:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and member.user_id == user.pk)
