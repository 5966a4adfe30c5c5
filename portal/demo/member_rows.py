"""The rows of one chunk of bulk demo members, table by table, and writing them.

Each list holds tuples in the order of the matching column tuple below (attnames).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from club.models import Consent, Member, PointsLedgerEntry, Preferences, Purchase, PurchaseIntent
from portal.demo.bulk import rows_insert

USER_COLUMNS = (
    "id", "password", "is_superuser", "username", "first_name", "last_name", "is_staff",
    "is_active", "date_joined", "email", "phone", "email_verified_at",
)  # fmt: skip
MEMBER_COLUMNS = (
    "id", "user_id", "name", "gender", "birth_date", "city", "employer", "education",
    "children_ages", "elderly_at_home", "income_band", "household_answered_on", "segment",
    "segment_derived", "segment_override", "joined_at", "purchase_timeframe",
    "has_marketing_consent", "is_owner", "referral_code", "referred_by_id", "pseudonym",
    "updated_at",
)  # fmt: skip
PREFERENCES_COLUMNS = (
    "id", "member_id", "rooms", "area_min", "area_max", "budget_max", "purchase_timeframe",
    "email_opt_in", "sms_opt_in", "wechat_opt_in", "newsletter_topics", "event_interests",
    "updated_at",
)  # fmt: skip
INTEREST_COLUMNS = ("preferences_id", "projectpage_id")
CONSENT_COLUMNS = ("member_id", "kind", "version", "granted_at", "withdrawn_at", "source")
INTENT_COLUMNS = (
    "member_id", "project_id", "rooms", "area_min", "area_max", "budget_max",
    "purchase_timeframe", "note", "created_at", "updated_at",
)  # fmt: skip
PURCHASE_COLUMNS = (
    "id", "member_id", "project_id", "unit", "price", "purchased_on", "note", "recorded_by_id",
    "recorded_at", "referred_by_id",
)  # fmt: skip
LEDGER_COLUMNS = (
    "member_id", "points", "reason", "note", "created_by_id", "created_at", "purchase_id",
)  # fmt: skip


@dataclass
class ChunkRows:
    """The rows of one chunk, per table."""

    users: list = field(default_factory=list)
    members: list = field(default_factory=list)
    preferences: list = field(default_factory=list)
    interests: list = field(default_factory=list)
    consents: list = field(default_factory=list)
    intents: list = field(default_factory=list)
    purchases: list = field(default_factory=list)
    ledger: list = field(default_factory=list)

    def write(self) -> None:
        rows_insert(get_user_model(), USER_COLUMNS, self.users)
        rows_insert(Member, MEMBER_COLUMNS, self.members)
        rows_insert(Preferences, PREFERENCES_COLUMNS, self.preferences)
        rows_insert(Preferences.interested_projects.through, INTEREST_COLUMNS, self.interests)
        rows_insert(Consent, CONSENT_COLUMNS, self.consents)
        rows_insert(PurchaseIntent, INTENT_COLUMNS, self.intents)
        rows_insert(Purchase, PURCHASE_COLUMNS, self.purchases)
        rows_insert(PointsLedgerEntry, LEDGER_COLUMNS, self.ledger)
