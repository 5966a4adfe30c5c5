"""The member edits their own profile and preferences. Only the fields sent change."""

from __future__ import annotations

import graphene

from club import services
from portal.graphql.identity import session_member_required
from portal.graphql.inputs import input_values
from portal.graphql.members.enums import (
    Education,
    EventInterest,
    Gender,
    IncomeBand,
    NewsletterTopic,
    PurchaseTimeframe,
)
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.members.types import Member, Preferences


class ProfileInput(graphene.InputObjectType):
    """Fields left out stay as they are; null clears an optional field."""

    name = graphene.String()
    gender = Gender()
    birth_date = graphene.Date()
    city = graphene.String()
    employer = graphene.String()
    education = Education()
    children_ages = graphene.List(graphene.NonNull(graphene.Int))
    elderly_at_home = graphene.Boolean()
    income_band = IncomeBand()
    email = graphene.String(
        description=(
            "A new address becomes yours when you follow the link mailed to it (the answer "
            "is the same whether or not another account uses it); null removes it."
        )
    )


class UpdateProfile(SessionMutation):
    """Change the profile; the segment is derived again (a staff override survives)."""

    permission = "member"

    class Arguments:
        input = ProfileInput(required=True)

    class Meta:
        name = "ProfilePayload"

    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        member = services.member_profile_update(member=member, **input_values(input))
        return {"member": member}


class PreferencesInput(graphene.InputObjectType):
    """Fields left out stay as they are."""

    interested_project_slugs = graphene.List(
        graphene.NonNull(graphene.String), description="Replaces the followed projects."
    )
    rooms = graphene.List(graphene.NonNull(graphene.Int))
    area_min = graphene.Int(description="m²")
    area_max = graphene.Int(description="m²")
    budget_max = graphene.Int(description="Total budget in minor units (分).")
    purchase_timeframe = PurchaseTimeframe()
    email_opt_in = graphene.Boolean()
    sms_opt_in = graphene.Boolean()
    wechat_opt_in = graphene.Boolean()
    newsletter_topics = graphene.List(graphene.NonNull(NewsletterTopic))
    event_interests = graphene.List(graphene.NonNull(EventInterest))


class UpdatePreferences(SessionMutation):
    permission = "member"

    class Arguments:
        input = PreferencesInput(required=True)

    class Meta:
        name = "PreferencesPayload"

    preferences = graphene.Field(Preferences)
    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        preferences = services.member_preferences_update(member=member, **input_values(input))
        return {"preferences": preferences, "member": member}
