"""The life of a payment: opened at Stripe, brought in line with its PaymentIntent, refunded.

Every change of a payment's state happens here, with the payment row locked
(`select_for_update`), and only forwards: a PENDING payment becomes SUCCEEDED, FAILED or
CANCELLED; a SUCCEEDED one may become REFUND_PENDING, then REFUNDED. So a webhook delivered
twice, a late or out-of-order one, and the reconciliation running at the same moment can
never confirm, number or refund anything twice. Lock order is payment row, then the
event's seat lock (events.services), everywhere.

Stripe is called only outside transactions (no request holds the database while it waits
on the network): the payment row, with its idempotency key, is committed first.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.services import registration_hold_confirm, registration_hold_release
from payments import gateway
from payments.choices import DepositStatus, PaymentKind, PaymentStatus
from payments.models import Deposit, Payment

logger = logging.getLogger(__name__)

# PaymentIntent states after which it will not succeed without the member trying again.
_UNPAID = {"canceled"}


def payment_unavailable() -> DomainError:
    return DomainError(None, "PAYMENT_UNAVAILABLE", _("支付服务暂时不可用，请稍后再试。"))


def payment_row_create(
    *, member, kind: str, amount: int, registration=None, expires_at: dt.datetime | None = None
) -> Payment:
    """Our record of a payment to come, with the idempotency key Stripe will be given."""
    return Payment.objects.create(
        member=member,
        kind=kind,
        amount=amount,
        registration=registration,
        expires_at=expires_at,
        idempotency_key=f"pay-{uuid.uuid4().hex}",
    )


def payment_open(*, payment: Payment) -> Payment:
    """Create the payment's PaymentIntent at Stripe (once: the key makes a retry return
    the same intent) and keep its id and client secret. Call outside a transaction.

    When Stripe cannot be reached the payment is abandoned (a held seat goes back, a
    deposit is cancelled) and PAYMENT_UNAVAILABLE is raised.
    """
    if payment.intent_id:
        return payment
    try:
        intent = gateway.intent_create(
            amount=payment.amount,
            idempotency_key=payment.idempotency_key,
            metadata={"payment_id": str(payment.pk), "kind": payment.kind},
        )
    except gateway.GatewayError as exc:
        logger.warning("PaymentIntent for payment %s not created: %s", payment.pk, exc)
        payment_abandon(payment_id=payment.pk)
        raise payment_unavailable() from exc
    Payment.objects.filter(pk=payment.pk, intent_id__isnull=True).update(
        intent_id=intent.id, client_secret=intent.client_secret
    )
    payment.refresh_from_db()
    return payment


def payment_abandon(*, payment_id: int, now: dt.datetime | None = None) -> str:
    """A payment that never got (or will not keep) an intent: cancel it and release."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status != PaymentStatus.PENDING:
            return "unchanged"
        payment.status = PaymentStatus.CANCELLED
        payment.save(update_fields=["status"])
        _on_unpaid(payment, now=now)
    return "released"


def payment_apply(*, intent: gateway.Intent, now: dt.datetime | None = None) -> str:
    """Bring our payment in line with `intent` (fresh from Stripe, or a webhook's snapshot
    of a succeeded intent, which cannot go back). Returns what happened."""
    now = now or timezone.now()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(intent_id=intent.id).first()
        if payment is None:
            return "unknown"
        if intent.status == "succeeded":
            if (intent.amount, intent.currency) != (payment.amount, payment.currency):
                logger.error(
                    "PaymentIntent %s amount differs from payment %s", intent.id, payment.pk
                )
                return "amount_mismatch"
            if payment.status not in (
                PaymentStatus.PENDING,
                PaymentStatus.FAILED,
                PaymentStatus.CANCELLED,
            ):
                return "unchanged"
            late = payment.status != PaymentStatus.PENDING
            payment.status = PaymentStatus.SUCCEEDED
            payment.succeeded_at = now
            payment.save(update_fields=["status", "succeeded_at"])
            if late:
                # Paid after we gave up on it (released seat, cancelled deposit): return it.
                payment_refund_start(payment=payment, now=now)
                return "refunding_late_payment"
            return _on_paid(payment, now=now)
        failed = intent.status == "requires_payment_method" and bool(intent.failure_code)
        if (intent.status in _UNPAID or failed) and payment.status == PaymentStatus.PENDING:
            payment.status = PaymentStatus.FAILED if failed else PaymentStatus.CANCELLED
            payment.failure_code = intent.failure_code[:100]
            payment.save(update_fields=["status", "failure_code"])
            _on_unpaid(payment, now=now)
            if failed:
                # A failed intent could still be paid with another card: close it.
                from payments.tasks import payment_intent_cancel

                pk = payment.pk
                transaction.on_commit(lambda: payment_intent_cancel.enqueue(payment_id=pk))
            return "released"
    return "unchanged"


def _on_paid(payment: Payment, *, now: dt.datetime) -> str:
    if payment.kind == PaymentKind.TICKET:
        if payment.registration_id is None or (
            registration_hold_confirm(registration_id=payment.registration_id) is None
        ):
            payment_refund_start(payment=payment, now=now)
            return "refunding_late_payment"
        return "confirmed"
    from payments.services.deposits import deposit_mark_paid

    return deposit_mark_paid(payment=payment, now=now)


def _on_unpaid(payment: Payment, *, now: dt.datetime) -> None:
    if payment.kind == PaymentKind.TICKET and payment.registration_id is not None:
        registration_hold_release(registration_id=payment.registration_id, now=now)
    elif payment.kind == PaymentKind.DEPOSIT:
        Deposit.objects.filter(payment=payment, status=DepositStatus.PENDING_PAYMENT).update(
            status=DepositStatus.CANCELLED
        )


def payment_refund_start(*, payment: Payment, now: dt.datetime) -> None:
    """Mark a succeeded payment for refund (row locked by the caller); the refund itself
    is asked of Stripe by a task after commit."""
    from payments.tasks import payment_refund

    payment.status = PaymentStatus.REFUND_PENDING
    payment.refund_requested_at = now
    payment.save(update_fields=["status", "refund_requested_at"])
    pk = payment.pk
    transaction.on_commit(lambda: payment_refund.enqueue(payment_id=pk))


def payment_refund_issue(*, payment_id: int) -> str:
    """Ask Stripe to refund (idempotent key per payment), then record it. Outside a
    transaction; the task and the reconciliation call it."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.status != PaymentStatus.REFUND_PENDING or not payment.intent_id:
        return "unchanged"
    if payment.refund_id:
        status = gateway.refund_status(refund_id=payment.refund_id)
        return payment_refund_record(
            payment_id=payment_id, refund_id=payment.refund_id, status=status
        )
    refund_id, status = gateway.refund_create(
        intent_id=payment.intent_id, idempotency_key=f"{payment.idempotency_key}-refund"
    )
    return payment_refund_record(payment_id=payment_id, refund_id=refund_id, status=status)


def payment_refund_record(
    *,
    payment_id: int | None = None,
    intent_id: str | None = None,
    refund_id: str = "",
    status: str = "succeeded",
    now: dt.datetime | None = None,
) -> str:
    """Record a refund Stripe reports (from our request, or a `charge.refunded` webhook)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = Payment.objects.select_for_update()
        payment = (
            rows.filter(pk=payment_id).first()
            if payment_id is not None
            else rows.filter(intent_id=intent_id).first()
        )
        if payment is None or payment.status != PaymentStatus.REFUND_PENDING:
            return "unchanged"
        if refund_id:
            payment.refund_id = refund_id
        if status != "succeeded":
            payment.save(update_fields=["refund_id"])
            return "refund_pending"
        payment.status = PaymentStatus.REFUNDED
        payment.refunded_at = now
        payment.save(update_fields=["refund_id", "status", "refunded_at"])
        Deposit.objects.filter(payment=payment).exclude(status=DepositStatus.REFUNDED).update(
            status=DepositStatus.REFUNDED, refunded_at=now
        )
    return "refunded"


def payment_sync(*, payment: Payment, now: dt.datetime | None = None) -> str:
    """Re-fetch the intent from Stripe and apply it (when in doubt). Outside a transaction."""
    if not payment.intent_id:
        return "unchanged"
    return payment_apply(intent=gateway.intent_retrieve(intent_id=payment.intent_id), now=now)
