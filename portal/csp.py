"""Content-Security-Policy with per-response nonces, for the site and the admin alike.

django-csp writes the header (CONTENT_SECURITY_POLICY in settings): scripts only from our
own origin or carrying the response's nonce, never `unsafe-eval`. A nonce is added to the
header only when a template used it (django-csp's lazy `request.csp_nonce`).

Wagtail 8's admin still writes a few inline scripts: the date/time widgets, inline and
multiple-chooser panels (templates copied to portal/templates/wagtailadmin/ with the
nonce added) and chooser widgets (`BaseChooser.render`, wrapped in `chooser_render_with_nonce`).
Those render without a request, so this middleware keeps the request's nonce in a context
variable for the length of the request. Inline scripts that come from anywhere else —
an injected `<script>` above all — carry no nonce, and the browser refuses them.
"""

from __future__ import annotations

import contextvars

from csp.middleware import CSPMiddleware
from django.utils.safestring import mark_safe

_nonce: contextvars.ContextVar = contextvars.ContextVar("club_csp_nonce", default=None)


def current_csp_nonce() -> str:
    """The nonce of the response being rendered ("" outside a request)."""
    nonce = _nonce.get()
    return str(nonce) if nonce is not None else ""


class ClubCSPMiddleware(CSPMiddleware):
    """django-csp's middleware that also publishes the request's nonce to templates
    rendered without the request (form widgets)."""

    def process_request(self, request):
        super().process_request(request)
        request._club_csp_token = _nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_club_csp_token", None)
        if token is not None:
            try:
                _nonce.reset(token)
            except ValueError:  # set in another context (streaming, async): nothing to undo
                _nonce.set(None)
        return response


def chooser_render_with_nonce(render):
    """Wrap BaseChooser.render so its trailing initialiser `<script>` carries the nonce.

    Wagtail appends exactly `<script>{js}</script>` after the widget's HTML; only that last
    tag is marked. The widget's own HTML (which may echo a title) is left as it is.
    """

    def wrapped(self, *args, **kwargs):
        html = str(render(self, *args, **kwargs))
        nonce = current_csp_nonce()
        start = html.rfind("<script>")
        if not nonce or start < 0 or not html.endswith("</script>"):
            return mark_safe(html)  # noqa: S308 - Wagtail's own output, unchanged
        marked = f'{html[:start]}<script nonce="{nonce}">{html[start + len("<script>") :]}'
        return mark_safe(marked)  # noqa: S308 - Wagtail's own output plus our nonce

    wrapped.__wrapped__ = render
    return wrapped
