"""The ticket: a signed code, its QR image and an "add to calendar" file.

The code is the registration's random ticket token signed with the site's secret
(django.core.signing, its own salt), so a typed or scanned code that was not issued by us
is refused before any lookup. segno draws the QR code (pure Python, maintained); icalendar
writes RFC 5545 so every calendar app reads it.
"""

from __future__ import annotations

import datetime as dt
import io

import segno
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.errors import DomainError
from events.choices import RegistrationStatus
from events.models import Registration

_SALT = "events.ticket"
DEFAULT_EVENT_LENGTH = dt.timedelta(hours=2)


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT, algorithm="sha256")


def ticket_code(*, registration: Registration) -> str:
    """The code printed and encoded in the QR image: `<token>:<signature>`."""
    return _signer().sign(registration.ticket_token)


def ticket_registration(*, code: str) -> Registration:
    """The registration a ticket code belongs to; TICKET_INVALID for forged or unknown codes."""
    invalid = DomainError("ticket_code", "TICKET_INVALID", _("票码无效。"))
    try:
        token = _signer().unsign((code or "").strip())
    except signing.BadSignature:
        raise invalid from None
    registration = (
        Registration.objects.select_related("event", "member").filter(ticket_token=token).first()
    )
    if registration is None:
        raise invalid
    return registration


def ticket_qr(*, registration: Registration, kind: str = "svg") -> bytes:
    """The ticket code as a QR image, "svg" or "png"."""
    if registration.status != RegistrationStatus.REGISTERED:
        raise DomainError(None, "TICKET_NOT_ISSUED", _("报名确认后才会生成入场票。"))
    qr = segno.make(ticket_code(registration=registration), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind=kind, scale=8, border=4)
    return buffer.getvalue()


def ticket_ics(*, registration: Registration) -> bytes:
    """One VEVENT for the member's calendar; its UID is stable per registration."""
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//Club portal//Events//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    domain = (settings.ALLOWED_HOSTS or ["club.invalid"])[0].lstrip(".") or "club.invalid"
    if domain == "*":
        domain = "club.invalid"
    entry.add("uid", f"registration-{registration.pk}@{domain}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at or event.starts_at + DEFAULT_EVENT_LENGTH)
    entry.add("summary", event.title)
    location = " ".join(part for part in (event.city, event.venue) if part)
    if location:
        entry.add("location", location)
    description = _("报名人数：%(count)d 人；入场票码：%(code)s") % {
        "count": registration.party_size,
        "code": ticket_code(registration=registration),
    }
    entry.add("description", description)
    calendar.add_component(entry)
    return calendar.to_ical()
