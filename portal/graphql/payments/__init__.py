"""The payments API: deposits (`startDeposit`, `myDeposits`, `requestDepositRefund`);
paid event tickets ride on the events mutations. Rules live in `payments.services`."""

from portal.graphql.payments.mutations import PaymentsMutation
from portal.graphql.payments.queries import PaymentsQuery

__all__ = ["PaymentsMutation", "PaymentsQuery"]
