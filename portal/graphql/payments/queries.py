"""`myDeposits`: the signed-in member's own deposits."""

from __future__ import annotations

import graphene

from payments import selectors
from portal.graphql.identity import session_member
from portal.graphql.pagination import connection_from_queryset
from portal.graphql.payments.types import DepositConnection


class PaymentsQuery:
    my_deposits = graphene.Field(
        DepositConnection,
        required=True,
        first=graphene.Int(),
        after=graphene.String(),
        description="The signed-in member's deposits, newest first; empty when anonymous.",
    )

    @staticmethod
    def resolve_my_deposits(root, info, first=None, after=None):
        member = session_member(info.context)
        queryset = (
            selectors.member_deposits(member=member)
            if member is not None
            else selectors.no_deposits()
        )
        return connection_from_queryset(DepositConnection, queryset, first=first, after=after)
