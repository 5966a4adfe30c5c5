"""Purchase-intent registration (购房意向登记) by the member for one project."""

from __future__ import annotations

import graphene

from club import services
from portal.graphql.identity import session_member_required
from portal.graphql.inputs import input_values
from portal.graphql.members.enums import PurchaseTimeframe
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.members.types import PurchaseIntent


class PurchaseIntentInput(graphene.InputObjectType):
    project_slug = graphene.String(required=True)
    rooms = graphene.List(graphene.NonNull(graphene.Int))
    area_min = graphene.Int(description="m²")
    area_max = graphene.Int(description="m²")
    budget_max = graphene.Int(description="Total budget in minor units (分).")
    purchase_timeframe = PurchaseTimeframe()
    note = graphene.String()


class RegisterPurchaseIntent(SessionMutation):
    """Register (or update) the member's intent to buy in a project, licensed or not yet."""

    permission = "member"

    class Arguments:
        input = PurchaseIntentInput(required=True)

    class Meta:
        name = "PurchaseIntentPayload"

    intent = graphene.Field(PurchaseIntent)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        values = {key: value for key, value in input_values(input).items() if value is not None}
        return {"intent": services.purchase_intent_register(member=member, **values)}
