"""Every write in the members domain. GraphQL, the admin and commands all call these."""

from club.services.auth import (
    login_identifier,
    member_login,
    member_login_session,
    member_login_with_sms_code,
    member_logout,
    member_password_change,
    member_password_confirm,
    sms_code_check,
    sms_code_send,
    sms_code_spend,
    sms_code_verify,
)
from club.services.consent import consent_current_version, consent_grant, consent_withdraw
from club.services.data_rights import (
    member_account_delete,
    member_data_export,
    register_erasure_hook,
    register_export_section,
)
from club.services.preferences import member_preferences_update
from club.services.profile import (
    member_email_change,
    member_profile_update,
    member_segment_override,
    member_segment_refresh,
    member_segments_refresh_all,
)
from club.services.registration import (
    email_verification_link,
    member_email_verification_send,
    member_email_verify,
    member_register,
    member_register_for_user,
)
from club.services.sales import (
    points_adjust,
    purchase_intent_register,
    purchase_record,
    referral_link,
)
from club.services.tokens import (
    api_token_create,
    api_token_revoke,
    api_token_throttle,
    api_token_verify,
)
from club.services.validation import UNSET

__all__ = [
    "UNSET",
    "api_token_create",
    "api_token_revoke",
    "api_token_throttle",
    "api_token_verify",
    "consent_current_version",
    "consent_grant",
    "consent_withdraw",
    "email_verification_link",
    "login_identifier",
    "member_account_delete",
    "member_data_export",
    "member_email_change",
    "member_email_verification_send",
    "member_email_verify",
    "member_login",
    "member_login_session",
    "member_login_with_sms_code",
    "member_logout",
    "member_password_change",
    "member_password_confirm",
    "member_preferences_update",
    "member_profile_update",
    "member_register",
    "member_register_for_user",
    "member_segment_override",
    "member_segment_refresh",
    "member_segments_refresh_all",
    "points_adjust",
    "purchase_intent_register",
    "purchase_record",
    "referral_link",
    "register_erasure_hook",
    "register_export_section",
    "sms_code_check",
    "sms_code_send",
    "sms_code_spend",
    "sms_code_verify",
]
