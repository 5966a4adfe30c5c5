"""GraphQL types of payments: a payment to make, and a member's deposit (诚意金)."""

from __future__ import annotations

import graphene

from payments import selectors
from payments.choices import DepositStatus as DepositStatusChoices
from payments.choices import PaymentStatus as PaymentStatusChoices
from portal.graphql.content.types import Project
from portal.graphql.pagination import CountedConnection

PaymentStatus = graphene.Enum.from_enum(PaymentStatusChoices, name="PaymentStatus")
DepositStatus = graphene.Enum.from_enum(DepositStatusChoices, name="DepositStatus")


class Payment(graphene.ObjectType):
    """A payment through Stripe; the page confirms it with Stripe.js and `clientSecret`."""

    amount = graphene.Int(required=True, description="Minor units (分).")
    currency = graphene.String(required=True)
    status = graphene.Field(PaymentStatus, required=True)
    client_secret = graphene.String(
        description="The PaymentIntent's client secret; null once it can no longer be paid."
    )
    expires_at = graphene.DateTime(description="A held seat is released after this time.")

    @staticmethod
    def resolve_status(payment, info) -> str:
        return payment.status

    @staticmethod
    def resolve_currency(payment, info) -> str:
        return payment.currency.upper()

    @staticmethod
    def resolve_client_secret(payment, info) -> str | None:
        return selectors.payment_client_secret(payment=payment)


class Deposit(graphene.ObjectType):
    """The member's purchase deposit for a project in pre-sale."""

    id = graphene.ID(required=True)
    project = graphene.Field(Project, required=True)
    amount = graphene.Int(required=True, description="Minor units (分).")
    status = graphene.Field(DepositStatus, required=True)
    priority_number = graphene.Int(description="排号, in order of payment; null until paid.")
    payment = graphene.Field(Payment, required=True)
    created_at = graphene.DateTime(required=True)
    paid_at = graphene.DateTime()
    refund_requested_at = graphene.DateTime()
    refunded_at = graphene.DateTime()

    @staticmethod
    def resolve_id(deposit, info) -> str:
        return str(deposit.pk)

    @staticmethod
    def resolve_status(deposit, info) -> str:
        return deposit.status


class DepositConnection(CountedConnection):
    class Meta:
        node = Deposit
