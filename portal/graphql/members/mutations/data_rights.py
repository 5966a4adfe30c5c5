"""The member's data rights (PIPL): a copy of everything we hold, and deleting the account."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from club import services
from core.errors import DomainError
from portal.graphql.members.auth import session_member_required
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
        # Re-authentication for an irreversible step, as for changing the password.
        if not member.user.check_password(input["password"] or ""):
            raise DomainError("password", "PASSWORD_INCORRECT", _("密码不正确。"))
        services.member_account_delete(member=member, request=request)
        return {"deleted": True}

    @staticmethod
    def resolve_deleted(payload, info) -> bool:
        return bool(payload.deleted)
