"""Deposits by the signed-in member: start one (pay with the client secret), ask it back."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from content import selectors as content_selectors
from core.errors import NotFoundError
from payments import selectors, services
from portal.graphql.identity import session_member_required
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.payments.types import Deposit


class StartDepositInput(graphene.InputObjectType):
    project_slug = graphene.String(required=True)


class RequestDepositRefundInput(graphene.InputObjectType):
    deposit_id = graphene.ID(required=True)


class StartDeposit(SessionMutation):
    """Start a deposit for a licensed project in pre-sale; pay with `clientSecret`."""

    permission = "member"
    # Stripe is called between two transactions of the service, never inside one.
    atomic = False

    class Arguments:
        input = StartDepositInput(required=True)

    class Meta:
        name = "StartDepositPayload"

    deposit = graphene.Field(Deposit)
    client_secret = graphene.String(description="The PaymentIntent's client secret.")

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        project = content_selectors.project_for(user=info.context.user, slug=input["project_slug"])
        if project is None:
            raise NotFoundError("project_slug", _("楼盘不存在或已下线。"), code="PROJECT_NOT_FOUND")
        deposit = services.deposit_start(member=member, project=project)
        return {
            "deposit": deposit,
            "client_secret": selectors.payment_client_secret(payment=deposit.payment),
        }


class RequestDepositRefund(SessionMutation):
    """Ask for the deposit back (before the project launches); refunded through Stripe."""

    permission = "member"

    class Arguments:
        input = RequestDepositRefundInput(required=True)

    class Meta:
        name = "RequestDepositRefundPayload"

    deposit = graphene.Field(Deposit)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        try:
            deposit_id = int(input["deposit_id"])
        except (TypeError, ValueError):
            raise NotFoundError(
                "deposit_id", _("诚意金记录不存在。"), code="DEPOSIT_NOT_FOUND"
            ) from None
        return {"deposit": services.deposit_refund_request(member=member, deposit_id=deposit_id)}


class PaymentsMutation:
    start_deposit = StartDeposit.Field(required=True)
    request_deposit_refund = RequestDepositRefund.Field(required=True)
