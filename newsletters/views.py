"""Public pages reached from e-mails: confirming a subscription, unsubscribing.

Unsubscribing needs no login. The link in an e-mail (GET) shows one button; pressing it,
or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`), unsubscribes at
once. GET itself changes nothing because mail scanners fetch every link in a message.
The POST carries no CSRF token (a mail client has none): the signed token is the proof.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from newsletters.services import subscription_confirm, unsubscribe_with_token
from newsletters.tokens import unsubscribe_token_read


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        rows = subscription_confirm(token=token)
    except DomainError as error:
        return render(
            request,
            "newsletters/site/confirm.html",
            {"ok": False, "message": error.message},
            status=400,
        )
    return render(request, "newsletters/site/confirm.html", {"ok": True, "rows": rows})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    template = "newsletters/site/unsubscribe.html"
    if request.method == "GET":
        try:
            unsubscribe_token_read(token)
        except Exception:  # any tampering: the same refusal
            return render(request, template, {"state": "invalid"}, status=400)
        return render(request, template, {"state": "ask", "token": token})
    try:
        unsubscribe_with_token(token=token)
    except DomainError:
        return render(request, template, {"state": "invalid"}, status=400)
    return render(request, template, {"state": "done"})


def archive(request: HttpRequest, slug: str) -> HttpResponse:
    """An issue as it was e-mailed, for every member to read again (会刊存档)."""
    from django.http import Http404
    from django.utils.translation import get_language

    from content import selectors as content_selectors
    from newsletters import selectors

    issue = content_selectors.newsletters_published(user=request.user).filter(slug=slug).first()
    language = "en" if get_language() == "en" else "zh-hans"
    version = (
        None if issue is None else selectors.sent_version_of(issue_id=issue.pk, language=language)
    )
    if version is None:
        raise Http404
    return render(request, "newsletters/site/archive.html", {"version": version})
