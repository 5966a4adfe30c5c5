"""A member's registrations in the data export, and what their account deletion erases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import Registration

if TYPE_CHECKING:
    from club.models import Member


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def registrations_export(member: Member) -> list[dict[str, Any]]:
    """The member's registrations, for "export my data"."""
    return [
        {
            "event": {"slug": r.event.slug, "title": r.event.title},
            "starts_at": _iso(r.event.starts_at),
            "party_size": r.party_size,
            "status": r.status,
            "registered_at": _iso(r.created_at),
            "promoted_at": _iso(r.promoted_at),
            "cancelled_at": _iso(r.cancelled_at),
            "checked_in_at": _iso(r.checked_in_at),
        }
        for r in Registration.objects.filter(member=member).select_related("event")
    ]


def registrations_erase(member: Member) -> None:
    """On account deletion: pending places are given up and tickets voided.

    Registrations stay (attendance figures are the club's records) under the member's
    pseudonym; a confirmed seat for an event still to come is released so it is not
    wasted. Seats are freed without promotion messages being lost: the list is served.
    """
    from events.services.registration import waiting_list_promote

    now = timezone.now()
    upcoming = Registration.objects.filter(
        Q(status=RegistrationStatus.REGISTERED) | Q(status=RegistrationStatus.WAITLISTED),
        member=member,
        event__starts_at__gt=now,
    ).select_related("event")
    events = {r.event_id: r.event for r in upcoming}
    upcoming.update(status=RegistrationStatus.CANCELLED, cancelled_at=now)
    for event in events.values():
        waiting_list_promote(event=event, now=now)
