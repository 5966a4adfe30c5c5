"""Persisted operations: the members' site may send only the documents in graphql/operations/.

The browser is the one client whose queries are known in advance, so in production a
request from it — one that carries the session cookie or comes from the site's own origin —
may run only a document from the committed list (compared after normalising whitespace and
comments). Staff sessions (GraphiQL, the admin) and bearer-token tools (marketing) may send
any document; cookie-less clients from elsewhere are held to the limits alone.

`GRAPHQL_PERSISTED_OPERATIONS_ONLY` switches it on (by default: when DEBUG is off).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from graphql import DocumentNode, parse, print_ast

from portal.graphql.identity import bearer_token, request_user

OPERATIONS_DIR = Path(settings.BASE_DIR) / "graphql" / "operations"


@cache
def persisted_documents() -> frozenset[str]:
    """Every committed operation, normalised."""
    return frozenset(
        print_ast(parse(path.read_text(encoding="utf-8")))
        for path in sorted(OPERATIONS_DIR.glob("*.graphql"))
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def request_from_browser(request: HttpRequest) -> bool:
    """A request from the members' site: the session cookie, or the site's own origin."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and _origin(origin) == _origin(settings.SITE_BASE_URL)


def persisted_operation_required(request: HttpRequest, document: DocumentNode) -> bool:
    """Whether this request must be refused for sending a document not on the list."""
    if not getattr(settings, "GRAPHQL_PERSISTED_OPERATIONS_ONLY", not settings.DEBUG):
        return False
    if bearer_token(request) is not None or not request_from_browser(request):
        return False
    user = request_user(request)
    if user is not None and user.is_authenticated and user.is_staff:
        return False
    return print_ast(document) not in persisted_documents()
