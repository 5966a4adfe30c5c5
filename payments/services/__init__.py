"""Every write of the payments domain."""

from payments.services.core import payment_apply, payment_refund_issue, payment_sync
from payments.services.deposits import deposit_refund_request, deposit_start
from payments.services.sweep import payment_expire, payments_reconcile
from payments.services.tickets import ticket_cancel, ticket_payment_open, ticket_register
from payments.services.webhooks import WebhookRejected, webhook_receive

__all__ = [
    "WebhookRejected",
    "deposit_refund_request",
    "deposit_start",
    "payment_apply",
    "payment_expire",
    "payment_refund_issue",
    "payment_sync",
    "payments_reconcile",
    "ticket_cancel",
    "ticket_payment_open",
    "ticket_register",
    "webhook_receive",
]
