"""Paid event tickets: a PaymentIntent per registration, the seat held while it is paid.

`events` holds the seat (status PENDING_PAYMENT, counted against the capacity) whenever
an event has a price; this module opens the payment for it, and refunds a paid ticket
cancelled before the deadline. Confirmation and release come from `payments.services.core`
(webhook, hold expiry, reconciliation).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.choices import RegistrationStatus
from events.models import Registration
from events.services import event_register, event_registration_cancel
from payments.choices import PaymentKind, PaymentStatus
from payments.models import Payment
from payments.services.core import payment_open, payment_refund_start, payment_row_create


def ticket_amount(*, event, party_size: int) -> int:
    """The price of a party's tickets in 分 (the event's price is per person)."""
    return int(event.price or 0) * party_size


def ticket_register(
    *, member, event, party_size: int = 1, now: dt.datetime | None = None
) -> tuple[Registration, Payment | None]:
    """Register (events' rules), then for a held paid seat open its PaymentIntent.

    Returns the registration and, when there is something to pay, the payment with its
    client secret. Runs outside a transaction: Stripe is called between two of them.
    """
    registration = event_register(member=member, event=event, party_size=party_size, now=now)
    if registration.status != RegistrationStatus.PENDING_PAYMENT:
        return registration, None
    payment = _ticket_payment_row(registration=registration, now=now)
    payment = payment_open(payment=payment)
    registration.refresh_from_db()
    return registration, payment


def _ticket_payment_row(*, registration: Registration, now: dt.datetime | None) -> Payment:
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return payment_row_create(
                member=registration.member,
                kind=PaymentKind.TICKET,
                amount=ticket_amount(event=registration.event, party_size=registration.party_size),
                registration=registration,
                expires_at=now + dt.timedelta(minutes=settings.PAYMENT_HOLD_MINUTES),
            )
    except IntegrityError:  # the sweep opened it meanwhile (one payment per registration)
        return Payment.objects.get(registration=registration)


def ticket_payment_open(*, registration_id: int, now: dt.datetime | None = None) -> Payment | None:
    """Open the payment of a seat held without one (a paid event's waiting list promoted
    it), and text the member to pay within the hold. Outside a transaction."""
    from club.tasks import enqueue_on_commit, sms_send

    registration = Registration.objects.select_related("event", "member__user").get(
        pk=registration_id
    )
    if registration.status != RegistrationStatus.PENDING_PAYMENT:
        return None
    existing = Payment.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    payment = payment_open(payment=_ticket_payment_row(registration=registration, now=now))
    phone = registration.member.user.phone
    if phone:
        enqueue_on_commit(
            sms_send,
            phone=str(phone),
            text=_("【万客会】您候补的活动「%(title)s」有名额了，请在 %(minutes)d 分钟内完成支付。")
            % {"title": registration.event.title, "minutes": settings.PAYMENT_HOLD_MINUTES},
        )
    return payment


def ticket_cancel(*, member, registration: Registration, now: dt.datetime | None = None):
    """Cancel the member's registration (events' deadline rule); a paid ticket is refunded
    in full, an unpaid payment is closed so it can no longer succeed."""
    from payments.tasks import payment_intent_cancel

    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(registration=registration).first()
        registration = event_registration_cancel(member=member, registration=registration, now=now)
        if payment is not None:
            if payment.status == PaymentStatus.SUCCEEDED:
                payment_refund_start(payment=payment, now=now)
            elif payment.status == PaymentStatus.PENDING:
                payment.status = PaymentStatus.CANCELLED
                payment.save(update_fields=["status"])
                pk = payment.pk
                transaction.on_commit(lambda: payment_intent_cancel.enqueue(payment_id=pk))
    return registration
