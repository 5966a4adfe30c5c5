"""The marketing filter over members, applied on the member row's own columns.

Every condition reads a column of `club_member` (segment, city, purchase_timeframe,
is_owner, joined_at, birth_date) except the interested-project condition, which is an
EXISTS over the preferences' project table; no condition multiplies rows, so no DISTINCT.
Age is turned into a birth-date range once per query instead of computing ages per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import PurchaseTimeframe, Segment
from club.models import Preferences
from core.errors import DomainError


def years_before(today: dt.date, years: int) -> dt.date:
    """The date `years` years before `today`; 29 February falls back to 28 February.

    Someone born on or before this date is at least `years` old on `today` (the same
    convention as club.segments.age_on, where a 29 February birthday counts on 1 March).
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class MemberFilter:
    """Marketing's member filter (GraphQL MemberFilter). None means "no condition".

    joined_after is inclusive (joined on or after that day), joined_before exclusive
    (joined before that day), both in the club's time zone; ages are whole years, inclusive.
    """

    segment: list[str] | None = None
    city: list[str] | None = None
    interested_project: list[str] | None = None
    purchase_timeframe: list[str] | None = None
    is_owner: bool | None = None
    joined_after: dt.date | None = None
    joined_before: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> MemberFilter:
        """Build from snake_case keys (unknown keys ignored), validating enum values."""
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in (data or {}).items() if key in names}
        result = cls(**values)
        result.validate()
        return result

    def validate(self) -> None:
        invalid = DomainError("filter", "FILTER_INVALID", _("筛选条件无效。"))
        for values, choices in (
            (self.segment, Segment.values),
            (self.purchase_timeframe, PurchaseTimeframe.values),
        ):
            if values is not None and any(v not in choices for v in values):
                raise invalid
        for age in (self.age_min, self.age_max):
            if age is not None and not 0 <= age <= 150:
                raise invalid

    def as_audit_dict(self) -> dict[str, Any]:
        """The conditions that were set, JSON-serialisable, for the audit log."""
        result: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None:
                continue
            result[key] = value.isoformat() if isinstance(value, dt.date) else value
        return result

    def apply(self, queryset: QuerySet, *, today: dt.date | None = None) -> QuerySet:
        today = today or timezone.localdate()
        qs = queryset
        if self.segment is not None:
            qs = qs.filter(segment__in=self.segment)
        if self.city is not None:
            qs = qs.filter(city__in=self.city)
        if self.purchase_timeframe is not None:
            qs = qs.filter(purchase_timeframe__in=self.purchase_timeframe)
        if self.is_owner is not None:
            qs = qs.filter(is_owner=self.is_owner)
        if self.joined_after is not None:
            qs = qs.filter(joined_at__gte=local_midnight(self.joined_after))
        if self.joined_before is not None:
            qs = qs.filter(joined_at__lt=local_midnight(self.joined_before))
        if self.age_min is not None:
            qs = qs.filter(birth_date__lte=years_before(today, self.age_min))
        if self.age_max is not None:
            qs = qs.filter(birth_date__gt=years_before(today, self.age_max + 1))
        if self.interested_project is not None:
            through = Preferences.interested_projects.through
            qs = qs.filter(
                Exists(
                    through.objects.filter(
                        preferences__member=OuterRef("pk"),
                        projectpage__slug__in=self.interested_project,
                    )
                )
            )
        return qs


def as_member_filter(filters: MemberFilter | dict[str, Any] | None) -> MemberFilter:
    if isinstance(filters, MemberFilter):
        filters.validate()
        return filters
    return MemberFilter.from_dict(filters)
