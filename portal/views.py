from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@ensure_csrf_cookie
def home(request: HttpRequest) -> HttpResponse:
    """The members' site entry point; also hands browser clients their CSRF cookie."""
    return render(request, "portal/home.html")
