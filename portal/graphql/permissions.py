"""Who may call what: one function every resolver and mutation uses."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError


def request_user(request):
    """The user behind a request (session), or an anonymous user."""
    return getattr(request, "user", None)


def check_permission(request, permission: str | None) -> DomainError | None:
    """None if the request may proceed, otherwise the error to report."""
    if permission is None:
        return None
    user = request_user(request)
    if user is None or not user.is_authenticated:
        return PermissionDeniedError(_("请先登录。"), code="AUTHENTICATION_REQUIRED")
    if permission == "authenticated":
        return None
    if permission == "member":
        if hasattr(user, "member"):
            return None
        return PermissionDeniedError(_("仅限会员使用。"))
    if permission == "staff":
        return None if user.is_staff else PermissionDeniedError(_("仅限工作人员使用。"))
    if user.has_perm(permission):
        return None
    return PermissionDeniedError(_("您没有执行此操作的权限。"))
