"""`{% csp_nonce %}`: the response's Content-Security-Policy nonce, in any template.

Wagtail renders some of its admin's inline scripts from form widgets and panels, whose
templates get no request; portal/csp.py keeps the request's nonce in a context variable
for them. Our copies of those templates (portal/templates/wagtailadmin/) mark their
scripts with it, so the admin runs under the same nonce-only script policy as the site.
"""

from __future__ import annotations

from django import template

from portal.csp import current_csp_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_csp_nonce()
