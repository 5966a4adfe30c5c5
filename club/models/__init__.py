"""Members-domain models, one module per area."""

from club.models.access import ApiToken, SmsCode
from club.models.audiences import Audience, AudienceRevision
from club.models.consent import Consent
from club.models.members import Member, SegmentOverride
from club.models.preferences import Preferences
from club.models.sales import PointsLedgerEntry, Purchase, PurchaseIntent

__all__ = [
    "ApiToken",
    "Audience",
    "AudienceRevision",
    "Consent",
    "Member",
    "PointsLedgerEntry",
    "Preferences",
    "Purchase",
    "PurchaseIntent",
    "SegmentOverride",
    "SmsCode",
]
