"""Consents under PIPL: the member grants or withdraws each kind separately, at any time."""

from __future__ import annotations

import graphene

from club import services
from portal.graphql.identity import session_member_required
from portal.graphql.inputs import input_values
from portal.graphql.members.enums import ConsentKind
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.members.types import Consent, Member


class ConsentInput(graphene.InputObjectType):
    kind = ConsentKind(required=True)


class GrantConsent(SessionMutation):
    """Agree to the current version of a text (granting it again changes nothing)."""

    permission = "member"

    class Arguments:
        input = ConsentInput(required=True)

    class Meta:
        name = "GrantConsentPayload"

    consent = graphene.Field(Consent)
    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        consent = services.consent_grant(member=member, kind=input_values(input)["kind"])
        return {"consent": consent, "member": member}


class WithdrawConsent(SessionMutation):
    """Withdraw a consent; marketing no longer sees a member without a MARKETING consent."""

    permission = "member"

    class Arguments:
        input = ConsentInput(required=True)

    class Meta:
        name = "WithdrawConsentPayload"

    consent = graphene.Field(Consent, description="The withdrawn consent; null if none was active.")
    member = graphene.Field(Member)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        consent = services.consent_withdraw(member=member, kind=input_values(input)["kind"])
        return {"consent": consent, "member": member}
