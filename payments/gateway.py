"""The one place that talks to Stripe (official `stripe` library, pinned >=16,<17).

Keys and the API base come from settings (STRIPE_SECRET_KEY, STRIPE_API_BASE): Stripe
itself, or the localstripe server `make run` starts. Every create carries an idempotency
key; every call is made outside a database transaction (the callers' rule). Library
errors become `GatewayError`, whose text never reaches a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe
from django.conf import settings


class GatewayError(Exception):
    """Stripe could not be reached or refused the request (the text is for logs only)."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Intent:
    """What we read of a PaymentIntent."""

    id: str
    status: str
    amount: int
    currency: str
    client_secret: str
    failure_code: str = ""


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=2,
    )


def _intent(obj: Any) -> Intent:
    # The library's objects are not dicts (stripe>=13); webhook snapshots are.
    obj = obj.to_dict() if hasattr(obj, "to_dict") else obj
    error = obj.get("last_payment_error") or {}
    return Intent(
        id=obj["id"],
        status=obj["status"],
        amount=int(obj["amount"]),
        currency=obj["currency"],
        client_secret=obj.get("client_secret") or "",
        failure_code=(error.get("code") or "") if isinstance(error, dict) else "",
    )


def intent_from_event(obj: dict) -> Intent:
    """The PaymentIntent carried inside a webhook event (a snapshot, possibly stale)."""
    return _intent(obj)


def intent_create(*, amount: int, idempotency_key: str, metadata: dict[str, str]) -> Intent:
    """A card PaymentIntent in CNY for `amount` 分."""
    if not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive whole number of 分")
    try:
        obj = _client().v1.payment_intents.create(
            params={
                "amount": amount,
                "currency": "cny",
                "payment_method_types": ["card"],
                "metadata": metadata,
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise GatewayError(str(exc), code=getattr(exc, "code", None)) from exc
    return _intent(obj)


def intent_retrieve(*, intent_id: str) -> Intent:
    """The PaymentIntent as Stripe has it now."""
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as exc:
        raise GatewayError(str(exc), code=getattr(exc, "code", None)) from exc


def intent_cancel(*, intent_id: str) -> Intent:
    """Cancel an unpaid PaymentIntent so it can no longer succeed; answers its state now
    (a succeeded one cannot be cancelled: the caller reads the state and acts on it)."""
    client = _client()
    try:
        return _intent(client.v1.payment_intents.cancel(intent_id))
    except stripe.InvalidRequestError:
        return intent_retrieve(intent_id=intent_id)
    except stripe.StripeError as exc:
        raise GatewayError(str(exc), code=getattr(exc, "code", None)) from exc


def refund_create(*, intent_id: str, idempotency_key: str) -> tuple[str, str]:
    """Refund the whole payment; returns the refund's id and status."""
    try:
        refund = _client().v1.refunds.create(
            params={"payment_intent": intent_id}, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as exc:
        raise GatewayError(str(exc), code=getattr(exc, "code", None)) from exc
    return refund["id"], refund["status"]


def refund_status(*, refund_id: str) -> str:
    try:
        return _client().v1.refunds.retrieve(refund_id)["status"]
    except stripe.StripeError as exc:
        raise GatewayError(str(exc), code=getattr(exc, "code", None)) from exc
