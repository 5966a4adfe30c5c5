"""The members' mutations, by area; `MembersMutation` is mixed into the root Mutation."""

from portal.graphql.members.mutations.auth import (
    ChangePassword,
    Login,
    LoginWithSmsCode,
    Logout,
    Register,
    RequestSmsCode,
)
from portal.graphql.members.mutations.consent import GrantConsent, WithdrawConsent
from portal.graphql.members.mutations.data_rights import DeleteMyAccount, ExportMyData
from portal.graphql.members.mutations.intents import RegisterPurchaseIntent
from portal.graphql.members.mutations.profile import UpdatePreferences, UpdateProfile


class MembersMutation:
    register = Register.Field(required=True, description="Join the club (18 or over) and sign in.")
    login = Login.Field(
        required=True, description="Session sign-in by phone or e-mail and password."
    )
    logout = Logout.Field(required=True)
    request_sms_code = RequestSmsCode.Field(required=True)
    login_with_sms_code = LoginWithSmsCode.Field(required=True)
    change_password = ChangePassword.Field(required=True)
    update_profile = UpdateProfile.Field(required=True)
    update_preferences = UpdatePreferences.Field(required=True)
    grant_consent = GrantConsent.Field(required=True)
    withdraw_consent = WithdrawConsent.Field(required=True)
    export_my_data = ExportMyData.Field(required=True)
    delete_my_account = DeleteMyAccount.Field(required=True)
    register_purchase_intent = RegisterPurchaseIntent.Field(required=True)


__all__ = ["MembersMutation"]
