from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    """The members' site entry point; also hands browser clients their CSRF cookie."""
    return render(request, "portal/home.html")


def page_preview(request: HttpRequest) -> HttpResponse:
    """The admin's preview target (WAGTAIL_HEADLESS_PREVIEW's client URL on SITE_BASE_URL):
    renders a draft, identified by its signed preview token, with the minimal page template
    until the members' site takes over previews."""
    from django.apps import apps
    from django.core.signing import BadSignature
    from django.http import Http404
    from django.template.response import TemplateResponse

    try:
        model = apps.get_model(request.GET.get("content_type", ""))
        page = model.get_page_from_preview_token(request.GET.get("token", ""))
    except (LookupError, ValueError, AttributeError, BadSignature):
        page = None
    if page is None:
        raise Http404
    context = page.get_context(request)
    return TemplateResponse(request, page.get_template(request), context)
