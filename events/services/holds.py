"""Seats held for payment (paid events): confirmed when paid, released when not.

The payments app decides *when* (a PaymentIntent succeeded, failed or its hold expired);
these functions move the seats, under the same seat lock as registration, so a released
seat goes to the waiting list by the usual rule.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import Registration
from events.services.registration import _lock_seats, _notify_promoted, _promote


def registration_hold_confirm(*, registration_id: int) -> Registration | None:
    """Turn a held seat into a confirmed one; None when the seat is no longer held
    (released meanwhile): the caller then refunds the payment."""
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        _lock_seats(event=registration.event)
        registration = Registration.objects.get(pk=registration_id)
        if registration.status == RegistrationStatus.REGISTERED:
            return registration
        if registration.status != RegistrationStatus.PENDING_PAYMENT:
            return None
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status"])
    return registration


def registration_hold_release(
    *, registration_id: int, now: dt.datetime | None = None
) -> Registration | None:
    """Give a held, unpaid seat back (cancel the registration) and serve the waiting list.

    None when the seat was not held any more (already confirmed or cancelled).
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        event = _lock_seats(event=registration.event)
        registration = Registration.objects.get(pk=registration_id)
        if registration.status != RegistrationStatus.PENDING_PAYMENT:
            return None
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _notify_promoted(_promote(event=event, now=now))
    return registration


def registrations_awaiting_payment(*, created_before: dt.datetime) -> list[int]:
    """Held seats promoted from the waiting list, or registered before `created_before`
    (the request that registered opens its own payment), for the payments sweep."""
    return list(
        Registration.objects.filter(status=RegistrationStatus.PENDING_PAYMENT)
        .filter(Q(promoted_at__isnull=False) | Q(created_at__lt=created_before))
        .values_list("pk", flat=True)
    )
