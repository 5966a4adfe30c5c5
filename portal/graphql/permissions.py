"""Who may call what: one function every resolver and mutation uses.

Identity (who the request acts as) comes from portal/graphql/identity.py; this module
only decides whether that identity may do a thing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError
from portal.graphql.identity import (
    LOGIN_REQUIRED_MESSAGE,
    MEMBERS_ONLY_MESSAGE,
    request_scopes,
    request_user,
)

# `permission = "scope:read:members"`: the caller's member-data scopes (token or session).
SCOPE_PREFIX = "scope:"


def check_permission(request, permission: str | None) -> DomainError | None:
    """None if the request may proceed, otherwise the error to report."""
    if permission is None:
        return None
    if permission.startswith(SCOPE_PREFIX):
        # A member-data scope: held by an API token, or by a staff session's permissions.
        if permission.removeprefix(SCOPE_PREFIX) in request_scopes(request):
            return None
        return PermissionDeniedError(_("您没有查看会员数据的权限。"))
    user = request_user(request)
    if user is None or not user.is_authenticated:
        return PermissionDeniedError(str(LOGIN_REQUIRED_MESSAGE), code="AUTHENTICATION_REQUIRED")
    if permission == "authenticated":
        return None
    if permission == "member":
        if hasattr(user, "member"):
            return None
        return PermissionDeniedError(str(MEMBERS_ONLY_MESSAGE))
    if permission == "staff":
        return None if user.is_staff else PermissionDeniedError(_("仅限工作人员使用。"))
    if user.has_perm(permission):
        return None
    return PermissionDeniedError(_("您没有执行此操作的权限。"))
