"""The member's ticket: QR image and calendar file, for the registration's own member only.

Anyone else (signed out, another member, staff) gets 404, so a registration id reveals
nothing. The images carry no cache headers that would let a shared cache keep them.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from club.selectors import member_for_user
from core.errors import DomainError
from events.models import Registration
from events.selectors import registration_for_member
from events.services import ticket_ics, ticket_qr

_QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def _own_registration(request: HttpRequest, registration_id: int) -> Registration:
    member = member_for_user(user=request.user)
    registration = (
        registration_for_member(member=member, registration_id=registration_id)
        if member is not None
        else None
    )
    if registration is None:
        raise Http404
    return registration


@require_GET
@never_cache
def ticket_qr_view(request: HttpRequest, registration_id: int, kind: str) -> HttpResponse:
    if kind not in _QR_TYPES:
        raise Http404
    registration = _own_registration(request, registration_id)
    try:
        image = ticket_qr(registration=registration, kind=kind)
    except DomainError:
        raise Http404 from None
    return HttpResponse(image, content_type=_QR_TYPES[kind])


@require_GET
@never_cache
def ticket_ics_view(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = _own_registration(request, registration_id)
    response = HttpResponse(
        ticket_ics(registration=registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{registration.pk}.ics"'
    return response
