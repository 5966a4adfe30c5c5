"""Saved audiences for marketing: list them with their live count, create and update them.

Callers hold read:members (an API token, or staff whose permissions grant it). The club
selectors and services decide everything: conditions are validated and stored, each change
of conditions is a new version, and the count is the SQL count of the members the audience
means now (the same condition newsletter sends and admin exports use).
"""

from __future__ import annotations

from dataclasses import asdict

import graphene
from django.utils.translation import gettext as _

from club.selectors.audiences import (
    AudienceFilter,
    audience_by_id,
    audience_count,
    audiences_for_marketing,
)
from club.services.audiences import audience_save
from core.errors import NotFoundError
from portal.graphql.base import BaseMutation
from portal.graphql.identity import request_actor, request_scopes
from portal.graphql.inputs import input_values
from portal.graphql.members.enums import PurchaseTimeframe, Segment
from portal.graphql.pagination import CountedConnection, connection_from_queryset


def _condition_fields(input_type: bool) -> dict:
    """The audience's conditions, once, for the input and for the output type."""
    make = graphene.InputField if input_type else graphene.Field

    def listed(of):
        return make(graphene.List(graphene.NonNull(of)))

    return {
        "segment": listed(Segment),
        "city": listed(graphene.String),
        "age_band": make(
            graphene.List(graphene.NonNull(graphene.String)),
            description='Age bands as in memberStats(groupBy: AGE_BAND): "25-34", "65+".',
        ),
        "age_min": make(graphene.Int, description="Whole years, inclusive."),
        "age_max": make(graphene.Int, description="Whole years, inclusive."),
        "has_children": make(graphene.Boolean),
        "elderly_at_home": make(graphene.Boolean),
        "income_band": make(
            graphene.List(graphene.NonNull(graphene.String)), description="LOW, MIDDLE, HIGH."
        ),
        "interested_project": make(
            graphene.List(graphene.NonNull(graphene.String)), description="Project slugs."
        ),
        "purchase_timeframe": listed(PurchaseTimeframe),
        "intent_project": make(
            graphene.List(graphene.NonNull(graphene.String)),
            description="Slugs of projects with a registered purchase intent.",
        ),
        "owner_of_project": make(
            graphene.List(graphene.NonNull(graphene.String)),
            description="Slugs of projects the member bought in.",
        ),
        "is_owner": make(graphene.Boolean),
        "joined_after": make(graphene.Date, description="Joined on or after (inclusive)."),
        "joined_before": make(graphene.Date, description="Joined before (exclusive)."),
        "referred": make(graphene.Boolean, description="Joined through a member's referral."),
        "email_opt_in": make(graphene.Boolean),
        "sms_opt_in": make(graphene.Boolean),
    }


AudienceConditionsInput = type(
    "AudienceConditionsInput",
    (graphene.InputObjectType,),
    {
        "__doc__": "An audience's conditions; all given must hold. Lists mean any of.",
        **_condition_fields(True),
    },
)
AudienceConditions = type(
    "AudienceConditions",
    (graphene.ObjectType,),
    {"__doc__": "The conditions a saved audience stores.", **_condition_fields(False)},
)


class Audience(graphene.ObjectType):
    """A saved audience: a named, versioned filter over consenting members."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    version = graphene.Int(required=True)
    conditions = graphene.Field(AudienceConditions, required=True)
    count = graphene.Int(required=True, description="Members the audience selects now.")

    @staticmethod
    def resolve_conditions(audience, info):
        return AudienceConditions(**asdict(AudienceFilter.from_conditions(audience.conditions)))

    @staticmethod
    def resolve_count(audience, info):
        return audience_count(audience=audience)


class AudienceConnection(CountedConnection):
    class Meta:
        node = Audience


class AudienceQuery:
    audiences = graphene.Field(
        AudienceConnection,
        required=True,
        first=graphene.Int(),
        after=graphene.String(),
        description="Saved audiences by name, each with its live count. Needs read:members.",
    )

    @staticmethod
    def resolve_audiences(root, info, first=None, after=None):
        queryset = audiences_for_marketing(scopes=request_scopes(info.context))
        return connection_from_queryset(AudienceConnection, queryset, first=first, after=after)


class AudienceInput(graphene.InputObjectType):
    name = graphene.InputField(graphene.String, required=True)
    description = graphene.InputField(graphene.String)
    conditions = graphene.InputField(AudienceConditionsInput)


class UpdateAudienceInput(AudienceInput):
    id = graphene.InputField(graphene.ID, required=True)


def _save(info, input, audience=None) -> dict:
    values = input_values(input)
    audience = audience_save(
        actor=request_actor(info.context),
        scopes=request_scopes(info.context),
        audience=audience,
        name=values.get("name") or "",
        description=values.get("description") or "",
        conditions=input_values(values.get("conditions")),
    )
    return {"audience": audience}


class CreateAudience(BaseMutation):
    """Save a new audience (version 1). Needs read:members."""

    permission = "scope:read:members"

    class Arguments:
        input = AudienceInput(required=True)

    class Meta:
        name = "CreateAudiencePayload"

    audience = graphene.Field(Audience)

    @classmethod
    def perform(cls, info, input):
        return _save(info, input)


class UpdateAudience(BaseMutation):
    """Rename an audience or change its conditions (a new version). Needs read:members."""

    permission = "scope:read:members"

    class Arguments:
        input = UpdateAudienceInput(required=True)

    class Meta:
        name = "UpdateAudiencePayload"

    audience = graphene.Field(Audience)

    @classmethod
    def perform(cls, info, input):
        try:
            audience = audience_by_id(audience_id=int(input.id))
        except ValueError:
            audience = None
        if audience is None:
            raise NotFoundError("id", _("受众不存在。"))
        return _save(info, input, audience)


class AudienceMutation:
    create_audience = CreateAudience.Field(required=True)
    update_audience = UpdateAudience.Field(required=True)
