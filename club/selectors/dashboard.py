"""The marketing dashboard's figures (营销看板), from the selectors the API uses.

Every figure is a GROUP BY or an aggregate in SQL, so the dashboard costs the same number
of queries at ten members as at a million. Lists of people never appear: member counts
are of consenting members (`member_stats`, as `memberStats` in the API), sales totals
are `referral_attribution_by_project` (as `referralAttribution`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from club.models import Member
from club.models.members import MARKETING_VISIBLE
from club.selectors.members import _require_scope
from club.selectors.stats import member_stats, referral_attribution_by_project


@dataclass(frozen=True)
class ConsentRate:
    members: int  # not deleted
    consenting: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.consenting / self.members, 1) if self.members else None


@dataclass(frozen=True)
class MarketingDashboard:
    by_segment: list[dict[str, Any]]
    by_city: list[dict[str, Any]]
    growth: list[dict[str, Any]]  # joins per month, oldest first, with the running total
    consent: ConsentRate
    referrals: list[dict[str, Any]]


def consent_rate(*, scopes: frozenset[str] | set[str]) -> ConsentRate:
    """How many current members (not deleted) consent to marketing: counts, no one listed."""
    _require_scope(scopes)
    counts = Member.objects.filter(deleted_at__isnull=True).aggregate(
        members=Count("*"), consenting=Count("pk", filter=MARKETING_VISIBLE)
    )
    return ConsentRate(members=counts["members"], consenting=counts["consenting"])


def marketing_dashboard(
    *, actor, scopes: frozenset[str] | set[str], today: dt.date | None = None
) -> MarketingDashboard:
    """Everything the dashboard shows; each read is audited by the selector it comes from."""
    today = today or timezone.localdate()
    stats = {
        group_by: member_stats(actor=actor, scopes=scopes, group_by=group_by, today=today)
        for group_by in ("SEGMENT", "CITY", "JOIN_MONTH")
    }
    growth, total = [], 0
    for bucket in sorted(stats["JOIN_MONTH"], key=lambda b: b["key"]):
        total += bucket["count"]
        growth.append({**bucket, "total": total})
    return MarketingDashboard(
        by_segment=stats["SEGMENT"],
        by_city=stats["CITY"],
        growth=growth,
        consent=consent_rate(scopes=scopes),
        referrals=referral_attribution_by_project(actor=actor, scopes=scopes),
    )
