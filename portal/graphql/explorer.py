"""The GraphQL explorer: GraphiQL at /graphql/ for a person with a browser.

A GET that asks for HTML (`Accept: text/html`) and carries no `query` is a person opening
the address; every other request is an API call and goes to the view unchanged. GraphiQL,
React and their styles are served from our own static files (portal/static/portal/vendor/
graphiql/), so the explorer works offline and the page loads nothing from another host.

Who may open it: everyone in DEBUG; in production only signed-in staff (anonymous visitors
are sent to the admin sign-in, other members are refused). Staff may paste
`{"Authorization": "Bearer <token>"}` into the headers pane to act as an API token;
their own session still fetches the schema (introspection is staff-only), so the docs and
completion keep working whatever the token may see.

The committed operations (graphql/operations/) are offered as examples.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.graphql.persisted import OPERATIONS_DIR


def explorer_wanted(request: HttpRequest) -> bool:
    """A person opening /graphql/ in a browser, rather than a client calling the API."""
    return (
        request.method == "GET"
        and "query" not in request.GET
        and "text/html" in request.META.get("HTTP_ACCEPT", "")
    )


def explorer_allowed(user) -> bool:
    """Open to everyone in DEBUG; in production to signed-in staff only."""
    if settings.DEBUG:
        return True
    return bool(user is not None and user.is_authenticated and user.is_staff)


@cache
def example_operations() -> tuple[dict[str, str], ...]:
    """The committed operations, by name, offered in the explorer's example list."""
    return tuple(
        {"name": path.stem, "query": path.read_text(encoding="utf-8")}
        for path in sorted(OPERATIONS_DIR.glob("*.graphql"))
    )


def explorer_response(request: HttpRequest) -> HttpResponse:
    """The explorer page, the sign-in for anonymous visitors, or a refusal."""
    user = getattr(request, "user", None)
    if not explorer_allowed(user):
        if user is None or not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return HttpResponse(
            _("GraphQL 浏览器仅对工作人员开放。"),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    get_token(request)  # the CSRF cookie that session-authenticated POSTs echo back
    return render(
        request,
        "portal/graphql_explorer.html",
        {
            "config": {
                "url": request.path,
                "operations": list(example_operations()),
                "csrfCookieName": settings.CSRF_COOKIE_NAME,
                "csrfHeaderName": "X-CSRFToken",
            }
        },
    )
