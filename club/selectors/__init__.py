"""Every read in the members domain, scoped and audited where personal data is involved."""

from club.selectors.filters import MemberFilter, as_member_filter, years_before
from club.selectors.members import (
    SCOPE_MEMBERS,
    SCOPE_MEMBERS_PII,
    member_active_consent_kinds,
    member_consents,
    member_contact,
    member_detail_for_staff,
    member_for_user,
    member_purchase_intents,
    member_read_audit,
    members_for_marketing,
    purchase_intents_for_sales,
    scopes_for_user,
)
from club.selectors.stats import (
    AGE_BANDS,
    DIMENSIONS,
    member_owned_project_ids,
    member_owns_project,
    member_points_balance,
    member_stats,
    referral_attribution_by_project,
)

__all__ = [
    "AGE_BANDS",
    "DIMENSIONS",
    "SCOPE_MEMBERS",
    "SCOPE_MEMBERS_PII",
    "MemberFilter",
    "as_member_filter",
    "member_active_consent_kinds",
    "member_consents",
    "member_contact",
    "member_detail_for_staff",
    "member_for_user",
    "member_owned_project_ids",
    "member_owns_project",
    "member_points_balance",
    "member_purchase_intents",
    "member_read_audit",
    "member_stats",
    "members_for_marketing",
    "purchase_intents_for_sales",
    "referral_attribution_by_project",
    "scopes_for_user",
    "years_before",
]
