"""Marketing's reads: the member list, member statistics and referral attribution.

Callers are marketing tools with an API token (scope read:members, and read:members:pii to
see phone and e-mail in clear) or staff in the browser whose permissions grant the same
scopes. The club selectors decide everything that matters: only members with an active
marketing consent are ever listed, a caller without read:members is refused
(PERMISSION_DENIED), contacts are masked by the selector for the caller's scopes, and
every read is written to the audit log by the selector itself — once per field resolved,
with the filters and the number of rows fetched.
"""

from __future__ import annotations

import graphene

from club import selectors
from portal.graphql.identity import request_actor, request_actor_label, request_scopes
from portal.graphql.inputs import enum_value, input_values
from portal.graphql.members.enums import MemberDimension, PurchaseTimeframe, Segment
from portal.graphql.members.loading import member_loading
from portal.graphql.members.types import (
    MemberBucket,
    MemberConnection,
    ProjectReferralFigures,
)
from portal.graphql.pagination import connection_from_queryset


class MemberFilter(graphene.InputObjectType):
    """Conditions on members; all given conditions must hold. Lists mean "any of"."""

    segment = graphene.List(graphene.NonNull(Segment))
    city = graphene.List(graphene.NonNull(graphene.String))
    interested_project = graphene.List(
        graphene.NonNull(graphene.String), description="Project slugs."
    )
    purchase_timeframe = graphene.List(graphene.NonNull(PurchaseTimeframe))
    is_owner = graphene.Boolean()
    joined_after = graphene.Date(description="Joined on or after this day (inclusive).")
    joined_before = graphene.Date(description="Joined before this day (exclusive).")
    age_min = graphene.Int(description="Whole years, inclusive.")
    age_max = graphene.Int(description="Whole years, inclusive.")


def _caller(info) -> dict:
    request = info.context
    return {"actor": request_actor(request), "scopes": request_scopes(request)}


class MarketingQuery:
    """Query fields for marketing, mixed into the root Query."""

    members = graphene.Field(
        MemberConnection,
        required=True,
        filter=graphene.Argument(MemberFilter),
        first=graphene.Int(),
        after=graphene.String(),
        description=(
            "Members who consented to marketing, newest first. Needs read:members; phone "
            "and e-mail in clear need read:members:pii. Every call is audited."
        ),
    )
    member_stats = graphene.List(
        graphene.NonNull(MemberBucket),
        required=True,
        group_by=graphene.Argument(MemberDimension, required=True),
        filter=graphene.Argument(MemberFilter),
        description="Counts of consenting members per value of a dimension, largest first.",
    )
    referral_attribution = graphene.List(
        graphene.NonNull(ProjectReferralFigures),
        required=True,
        description="Per project: purchases, and how many came from referrals or repeat buyers.",
    )

    @staticmethod
    def resolve_members(root, info, filter=None, first=None, after=None):
        queryset = selectors.members_for_marketing(
            **_caller(info),
            filters=input_values(filter),
            actor_label=request_actor_label(info.context),
            operation="members.list",
            **member_loading(info),
        )
        return connection_from_queryset(MemberConnection, queryset, first=first, after=after)

    @staticmethod
    def resolve_member_stats(root, info, group_by, filter=None):
        return selectors.member_stats(
            **_caller(info),
            group_by=enum_value(group_by),
            filters=input_values(filter),
            actor_label=request_actor_label(info.context),
        )

    @staticmethod
    def resolve_referral_attribution(root, info):
        return selectors.referral_attribution_by_project(
            **_caller(info), actor_label=request_actor_label(info.context)
        )
