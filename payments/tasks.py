"""Background work of the payments domain (django-tasks), following club/tasks.py:
enqueued after commit, JSON arguments, a failing gateway retried with a growing delay."""

from __future__ import annotations

from django_tasks import task

from club.tasks import _retry
from payments import gateway
from payments.models import Payment


@task()
def payment_refund(*, payment_id: int, attempt: int = 1) -> str:
    """Ask Stripe for the refund of a payment marked REFUND_PENDING."""
    from payments.services.core import payment_refund_issue

    try:
        return payment_refund_issue(payment_id=payment_id)
    except gateway.GatewayError as exc:
        _retry(payment_refund, attempt=attempt, error=exc, payment_id=payment_id)
        return "retrying"


@task()
def payment_intent_cancel(*, payment_id: int, attempt: int = 1) -> str:
    """Close the intent of a payment we gave up on, so it can no longer be paid (if it
    was paid meanwhile, applying Stripe's answer refunds it)."""
    from payments.services.core import payment_apply

    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None or not payment.intent_id:
        return "unchanged"
    try:
        return payment_apply(intent=gateway.intent_cancel(intent_id=payment.intent_id))
    except gateway.GatewayError as exc:
        _retry(payment_intent_cancel, attempt=attempt, error=exc, payment_id=payment_id)
        return "retrying"


@task()
def payments_sweep() -> dict:
    """Periodic (every minute, `payments_scheduler`): holds, promotions, missed webhooks."""
    from payments.services.sweep import payments_reconcile

    return payments_reconcile()
