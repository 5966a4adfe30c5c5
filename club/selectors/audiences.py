"""Saved audiences evaluated in SQL: one condition on members, the same for every use.

`audience_condition` turns an audience's stored conditions into one `Q` on `club.Member`:
the marketing consent rule (`members_visible` for a marketing reader) and-ed with the
conditions, each a column test or an EXISTS, so no condition multiplies rows and no member
is ever looked at in Python. The newsletter send (newsletters.audiences, kind "SAVED"),
the admin list and export (`?audience=<id>`) and the live count all filter with it, which is
why the count equals the rows exported and the recipients a newsletter would get.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import IncomeBand
from club.models import Audience, Member, Purchase, PurchaseIntent
from club.selectors.audited import SCOPE_MEMBERS
from club.selectors.filters import MemberFilter, years_before
from club.selectors.members import members_visible
from club.selectors.stats import AGE_BANDS
from core.errors import DomainError, PermissionDeniedError

AGE_BAND_LABELS = tuple(label for label, _low in AGE_BANDS)


@dataclass
class AudienceFilter(MemberFilter):
    """Marketing's member filter plus the audience-only conditions. None: no condition.

    age_band: AGE_BANDS labels ("25-34"); has_children / elderly_at_home / income_band:
    the household answers; intent_project: slugs of projects with a purchase intent;
    owner_of_project: slugs of projects the member bought in; referred: came through a
    member's referral (True) or not (False); email_opt_in / sms_opt_in: the channel consents.
    """

    age_band: list[str] | None = None
    has_children: bool | None = None
    elderly_at_home: bool | None = None
    income_band: list[str] | None = None
    intent_project: list[str] | None = None
    owner_of_project: list[str] | None = None
    referred: bool | None = None
    email_opt_in: bool | None = None
    sms_opt_in: bool | None = None

    @classmethod
    def from_conditions(cls, data: dict[str, Any] | None) -> AudienceFilter:
        """Build from stored (JSON) conditions: dates as ISO strings, unknown keys ignored."""
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (data or {}).items():
            if key not in names or value is None:
                continue
            if key in ("joined_after", "joined_before") and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            values[key] = value
        result = cls(**values)
        result.validate()
        return result

    def validate(self) -> None:
        super().validate()
        invalid = DomainError("conditions", "FILTER_INVALID", _("筛选条件无效。"))
        for values, choices in (
            (self.age_band, AGE_BAND_LABELS),
            (self.income_band, IncomeBand.values),
        ):
            if values is not None and any(v not in choices for v in values):
                raise invalid

    def conditions(self) -> dict[str, Any]:
        """The set conditions, JSON-serialisable: what an audience stores."""
        return self.as_audit_dict()

    def apply(self, queryset: QuerySet, *, today: dt.date | None = None) -> QuerySet:
        today = today or timezone.localdate()
        qs = super().apply(queryset, today=today)
        if self.age_band is not None:
            qs = qs.filter(_age_bands(self.age_band, today))
        if self.has_children is not None:
            # Answered children's ages are a JSON list; no children is the empty list.
            no_children = Q(children_ages=[])
            qs = qs.exclude(no_children) if self.has_children else qs.filter(no_children)
        if self.elderly_at_home is not None:
            qs = qs.filter(elderly_at_home=self.elderly_at_home)
        if self.income_band is not None:
            qs = qs.filter(income_band__in=self.income_band)
        if self.intent_project is not None:
            intents = PurchaseIntent.objects.filter(
                member=OuterRef("pk"), project__slug__in=self.intent_project
            )
            qs = qs.filter(Exists(intents))
        if self.owner_of_project is not None:
            bought = Purchase.objects.filter(
                member=OuterRef("pk"), project__slug__in=self.owner_of_project
            )
            qs = qs.filter(Exists(bought))
        if self.referred is not None:
            qs = qs.filter(referred_by__isnull=not self.referred)
        for channel in ("email_opt_in", "sms_opt_in"):
            wanted = getattr(self, channel)
            if wanted is not None:
                qs = qs.filter(**{f"preferences__{channel}": wanted})
        return qs


def _age_bands(labels: list[str], today: dt.date) -> Q:
    """Birth-date ranges for the chosen bands, or-ed (the same bands as member_stats)."""
    bounds = dict(AGE_BANDS)
    uppers = {label: low for (label, _l), (_n, low) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False)}
    condition = Q(pk__in=[])
    for label in labels:
        band = Q(birth_date__lte=years_before(today, bounds[label]))
        if label in uppers:
            band &= Q(birth_date__gt=years_before(today, uppers[label]))
        condition |= band
    return condition


def audience_members(*, audience: Audience, today: dt.date | None = None) -> QuerySet[Member]:
    """The members the audience means now: consenting, not deleted, matching (not evaluated)."""
    conditions = AudienceFilter.from_conditions(audience.conditions)
    visible = Member.objects.filter(members_visible(scopes=frozenset()))
    return conditions.apply(visible, today=today)


def audience_condition(*, audience_id: int) -> Q:
    """The audience as one condition on members (a subquery), for other apps' querysets."""
    audience = Audience.objects.filter(pk=audience_id).first()
    if audience is None:
        return Q(pk__in=[])
    return Q(pk__in=audience_members(audience=audience).values("pk"))


def audience_count(*, audience: Audience, today: dt.date | None = None) -> int:
    return audience_members(audience=audience, today=today).count()


def audiences_for_marketing(*, scopes: frozenset[str] | set[str]) -> QuerySet[Audience]:
    """Every saved audience, by name, for readers of member data (read:members)."""
    if SCOPE_MEMBERS not in scopes:
        raise PermissionDeniedError(_("您没有查看会员数据的权限。"))
    return Audience.objects.order_by("name", "pk")


def audience_by_id(*, audience_id: int) -> Audience | None:
    return Audience.objects.filter(pk=audience_id).first()
