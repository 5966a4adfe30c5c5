"""Stripe webhooks: verified against the raw body, stored by event id, applied once.

- The signature (HMAC-SHA256 of "timestamp.body" with the endpoint's secret, Stripe's
  scheme, checked by `stripe.WebhookSignature`) and its age (STRIPE_WEBHOOK_TOLERANCE)
  are checked before anything is read or written: a bad or stale one changes nothing.
- The event row is inserted in the same transaction that applies it; its unique id makes
  a second delivery (even at the same moment: it waits on the first's insert) a no-op.
- Order does not matter: a payment's state only moves forward (services.core), and an
  event that is not a success is a hint, not a fact (a failure can be retried, a cancel
  may be old), so the PaymentIntent is re-fetched from Stripe before acting on it.
"""

from __future__ import annotations

import datetime as dt
import json

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from payments import gateway
from payments.models import WebhookEvent
from payments.services.core import payment_apply, payment_refund_record


class WebhookRejected(Exception):
    """A delivery that is not verifiably Stripe's (answered 400, nothing changed)."""


def _verified_event(*, payload: bytes, signature: str | None) -> dict:
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE,
        )
        event = json.loads(payload)
        event["id"], event["type"], event["data"]["object"]  # noqa: B018 - shape check
    except (stripe.SignatureVerificationError, ValueError, KeyError, TypeError) as exc:
        raise WebhookRejected(str(exc)) from exc
    return event


def webhook_receive(*, payload: bytes, signature: str | None) -> str:
    """Verify, store and apply one delivery; returns the outcome (for the log and tests).

    Raises WebhookRejected for a bad signature or body, gateway.GatewayError when Stripe
    could not be asked (the view answers 503 and Stripe delivers again later).
    """
    event = _verified_event(payload=payload, signature=signature)
    if WebhookEvent.objects.filter(event_id=event["id"]).exists():
        return "duplicate"
    obj = event["data"]["object"]
    intent = None
    if event["type"].startswith("payment_intent."):
        intent = gateway.intent_from_event(obj)
        if intent.status != "succeeded":  # in doubt: ask Stripe for the state now
            intent = gateway.intent_retrieve(intent_id=intent.id)
    intent_id = intent.id if intent else str(obj.get("payment_intent") or "")
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = WebhookEvent.objects.create(
                    event_id=event["id"],
                    type=event["type"][:100],
                    intent_id=intent_id[:255],
                    created=_timestamp(event.get("created")),
                )
        except IntegrityError:
            return "duplicate"
        if intent is not None:
            outcome = payment_apply(intent=intent)
        elif event["type"] == "charge.refunded" and intent_id:
            outcome = payment_refund_record(intent_id=intent_id)
        else:
            outcome = "ignored"
        WebhookEvent.objects.filter(pk=row.pk).update(outcome=outcome)
    return outcome


def _timestamp(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError):
        return None
