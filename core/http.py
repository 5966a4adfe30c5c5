"""Facts about an HTTP request that depend on the proxies in front of the site."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware


def client_ip_address(request: HttpRequest) -> str | None:
    """The address of the client, as far as the trusted proxies vouch for it.

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it received the request
    from to X-Forwarded-For, so the N-th entry from the right was written by the outermost
    trusted proxy; anything further left came from the client and may be forged. With no
    proxy configured the header is ignored: the socket's address is the only truth.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # Reached us without passing every proxy (or a proxy dropped the header).
        return remote
    return forwarded[-count]


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def csrf_failure_reason(request: HttpRequest) -> str | None:
    """Run Django's CSRF check on a request; None if it passes, else the reason."""
    check = _CsrfCheck(lambda _request: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def request_carries_session(request: HttpRequest) -> bool:
    """Whether the browser sent the session cookie: the ambient credential CSRF protects.

    Endpoints for cookie-less clients too (GraphQL, the complaint upload) check CSRF only
    when it is present, as DRF does for session authentication.
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES
