"""Settling what a missed webhook left pending: `reconcile_payments` and the periodic task.

Each run: expires holds past their time (the intent is cancelled at Stripe first, so it
cannot succeed afterwards, and whatever Stripe then says is applied); opens the payment of
seats promoted from a paid event's waiting list; re-fetches every payment still
pending after a grace period; and issues or checks refunds not yet confirmed.
Safe to run at any time and more than once: every step goes through services.core.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from events.services.holds import registrations_awaiting_payment
from payments import gateway
from payments.choices import PaymentStatus
from payments.models import Payment
from payments.services.core import (
    payment_abandon,
    payment_apply,
    payment_refund_issue,
    payment_sync,
)
from payments.services.tickets import ticket_payment_open

logger = logging.getLogger(__name__)

# A request opens its own payment within seconds; the sweep leaves it that long.
GRACE = dt.timedelta(minutes=2)
SYNC_WINDOW = dt.timedelta(hours=1)


def payment_expire(*, payment: Payment, now: dt.datetime | None = None) -> str:
    """End a hold whose time is up: cancel the intent at Stripe, then apply its state."""
    if not payment.intent_id:
        return payment_abandon(payment_id=payment.pk, now=now)
    return payment_apply(intent=gateway.intent_cancel(intent_id=payment.intent_id), now=now)


def payments_reconcile(*, now: dt.datetime | None = None) -> dict[str, int]:
    """One pass of everything above; returns how many of each were handled."""
    now = now or timezone.now()
    counts = {"opened": 0, "expired": 0, "synced": 0, "refunds": 0, "errors": 0}

    def attempt(key: str, fn, *args, **kwargs) -> None:
        try:
            fn(*args, **kwargs)
            counts[key] += 1
        except gateway.GatewayError as exc:  # next run tries again
            logger.warning("reconcile %s: %s", key, exc)
            counts["errors"] += 1

    for payment in Payment.objects.filter(status=PaymentStatus.PENDING, expires_at__lt=now):
        attempt("expired", payment_expire, payment=payment, now=now)
    # after the expiries: the seats they freed may have promoted someone
    awaiting = registrations_awaiting_payment(created_before=now - GRACE)
    with_payment = set(
        Payment.objects.filter(registration_id__in=awaiting).values_list(
            "registration_id", flat=True
        )
    )
    for registration_id in awaiting:
        if registration_id not in with_payment:
            attempt("opened", ticket_payment_open, registration_id=registration_id, now=now)
    # Recent ones only: an older pending payment is settled when its time is up (the
    # expiry asks Stripe too), so abandoned payments do not cost a call every minute.
    for payment in Payment.objects.filter(
        status=PaymentStatus.PENDING,
        created_at__lt=now - GRACE,
        created_at__gte=now - SYNC_WINDOW,
    ).exclude(expires_at__lt=now):
        if payment.intent_id:
            attempt("synced", payment_sync, payment=payment, now=now)
        else:  # the request died between our row and Stripe's intent
            attempt("expired", payment_abandon, payment_id=payment.pk, now=now)
    for payment_id in Payment.objects.filter(status=PaymentStatus.REFUND_PENDING).values_list(
        "pk", flat=True
    ):
        attempt("refunds", payment_refund_issue, payment_id=payment_id)
    return counts
