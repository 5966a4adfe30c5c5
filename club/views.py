"""Account pages reached from e-mails: verifying an address, resetting a password.

Password reset is Django's own views and tokens (single use, expiring, tied to the password
hash), with Chinese templates; setting the new password ends every existing session.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from club.services import member_email_verify
from core.errors import DomainError
from core.ratelimit import RateLimited, rate_limit_request


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the verification e-mail lands here."""
    try:
        member_email_verify(token=token)
    except DomainError as exc:
        return render(
            request,
            "club/account/verify_email.html",
            {"ok": False, "message": exc.message},
            status=400,
        )
    return render(request, "club/account/verify_email.html", {"ok": True})


def rate_limited_response(request: HttpRequest, refused: RateLimited) -> HttpResponse:
    """A 429 page saying how long to wait, with the same wait in Retry-After."""
    response = render(
        request, "club/account/rate_limited.html", {"message": refused.message}, status=429
    )
    response["Retry-After"] = str(refused.retry_after)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Each request sends an e-mail: counted per address and per e-mail (door
    `password_reset`), so the form cannot be used to flood a mailbox or probe accounts."""

    template_name = "club/account/password_reset_form.html"
    email_template_name = "club/account/password_reset_email.txt"
    subject_template_name = "club/account/password_reset_subject.txt"
    success_url = reverse_lazy("club:password-reset-done")

    def post(self, request, *args, **kwargs):
        try:
            rate_limit_request(
                request, door="password_reset", targets=[request.POST.get("email", "")[:254]]
            )
        except RateLimited as refused:
            return rate_limited_response(request, refused)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        return {"site_base_url": settings.SITE_BASE_URL}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "club/account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "club/account/password_reset_confirm.html"
    success_url = reverse_lazy("club:password-reset-complete")
    post_reset_login = False


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "club/account/password_reset_complete.html"


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """What django-axes answers once a (username, IP) pair is locked out.

    GraphQL already reports the lockout as a LOGIN_LOCKED user error in its own response,
    so that response is kept; other login forms (the admin) get a 429 page.
    """
    if original_response is not None and request.path.startswith("/graphql"):
        return original_response
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "club/account/locked_out.html", {"minutes": minutes}, status=429)
