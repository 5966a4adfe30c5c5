"""The member's data rights (PIPL): a copy of everything we hold, and deleting the account."""

from __future__ import annotations

import graphene

from club import services
from portal.graphql.identity import session_member_required
from portal.graphql.members.mutations.base import SessionMutation


class ExportMyData(SessionMutation):
    """Everything the club holds on the member, as one JSON document (to save as a file)."""

    permission = "member"

    class Meta:
        name = "ExportMyDataPayload"

    data = graphene.JSONString(description="profile, contact, household, preferences, consents...")

    @classmethod
    def perform(cls, info):
        member = session_member_required(info.context)
        return {"data": services.member_data_export(member=member)}


class DeleteMyAccountInput(graphene.InputObjectType):
    password = graphene.String(required=True, description="The current password, to confirm.")


class DeleteMyAccount(SessionMutation):
    """Delete the account: personal data is anonymised and every session ends."""

    permission = "member"

    class Arguments:
        input = DeleteMyAccountInput(required=True)

    class Meta:
        name = "DeleteMyAccountPayload"

    deleted = graphene.Boolean(required=True)

    @classmethod
    def perform(cls, info, input):
        request = info.context
        member = session_member_required(request)
        services.member_password_confirm(user=member.user, password=input["password"])
        services.member_account_delete(member=member, request=request)
        return {"deleted": True}

    @staticmethod
    def resolve_deleted(payload, info) -> bool:
        return bool(payload.deleted)
