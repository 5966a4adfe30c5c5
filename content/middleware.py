"""A publication refused by the domain rules, in the admin: a message, never a server error.

`ClubPage.publish()` raises `ValidationError` when a rule forbids the publication. The page
editor shows those errors on its form (content.forms), but other admin paths publish too:
approving the last workflow step from the dashboard or its modal, bulk publishing, copying
a page as published. Their Wagtail views don't expect the error; this middleware turns it
into the Chinese message on the page's edit screen. The refused step was inside a database
transaction (e.g. the workflow approval), so nothing of it was kept.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.modal_workflow import render_modal_workflow

from content.selectors import locales_memoised


class PublishRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError):
            return None
        admin_home = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_home):
            return None
        messages.error(request, _("未能发布：%s") % "；".join(exception.messages))
        target = _edit_url(request) or admin_home
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow modal's protocol: it follows `redirect` and shows the message.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": target}
            )
        return redirect(target)


def _edit_url(request) -> str | None:
    page_id = request.resolver_match.kwargs.get("page_id") if request.resolver_match else None
    if page_id is None:
        return None
    try:
        return reverse("wagtailadmin_pages:edit", args=[page_id])
    except NoReverseMatch:
        return None


class LocalesOncePerRequestMiddleware:
    """Read the content locales once per request, however many lists the request serves
    (`content.selectors.locales_memoised`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with locales_memoised():
            return self.get_response(request)
