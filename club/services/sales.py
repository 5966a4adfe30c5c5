"""Owners, referrals and purchase intents: what sales record and what referrers earn."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import LedgerReason
from club.models import Member, PointsLedgerEntry, Purchase, PurchaseIntent
from club.services.preferences import clean_rooms, projects_for_slugs
from club.services.validation import (
    clean_area_range,
    clean_budget,
    clean_purchase_timeframe,
    clean_text,
    require_active_member,
)
from core.errors import DomainError, FieldErrors, PermissionDeniedError

DEFAULT_REFERRAL_POINTS = 1000


def referral_points() -> int:
    return int(getattr(settings, "CLUB_REFERRAL_POINTS", DEFAULT_REFERRAL_POINTS))


def referral_link(member: Member) -> str:
    """The link a member shares; registrations through it are attributed to them.

    It opens the members' site entry page (which exists, unlike a dedicated join page)
    on the configured public address (SITE_BASE_URL), carrying the code as `ref`.
    """
    base = settings.SITE_BASE_URL.rstrip("/")
    return f"{base}/?{urlencode({'ref': member.referral_code})}"


def purchase_record(
    *,
    actor,
    member: Member,
    project,
    unit: str,
    purchased_on: dt.date | None = None,
    price: int | None = None,
    note: str = "",
) -> Purchase:
    """Record a purchase: the member becomes an owner (业主) of the project.

    If the member joined through someone's referral, the referrer is credited once for this
    purchase in the append-only points ledger.
    """
    if not actor.has_perm("club.add_purchase"):
        raise PermissionDeniedError(_("您没有录入购房记录的权限。"))
    if member.deleted_at:
        raise DomainError("member", "MEMBER_DELETED", _("该会员已注销。"))
    unit = clean_text(unit, "unit", 50)
    if not unit:
        raise DomainError("unit", "UNIT_REQUIRED", _("请填写房号。"))
    if price is not None and (isinstance(price, bool) or price <= 0):
        raise DomainError("price", "PRICE_INVALID", _("成交价格无效。"))
    if Purchase.objects.filter(project=project, unit=unit).exists():
        raise DomainError("unit", "UNIT_ALREADY_SOLD", _("该房号已有购房记录。"))
    referrer = member.referred_by if member.referred_by_id else None
    if referrer is not None and referrer.deleted_at:
        referrer = None
    try:
        with transaction.atomic():
            purchase = Purchase.objects.create(
                member=member,
                project=project,
                unit=unit,
                price=price,
                purchased_on=purchased_on or timezone.localdate(),
                note=note or "",
                recorded_by=actor,
                referred_by=referrer,
            )
            if not member.is_owner:
                member.is_owner = True
                Member.objects.filter(pk=member.pk).update(is_owner=True)
            if referrer is not None:
                PointsLedgerEntry.objects.create(
                    member=referrer,
                    points=referral_points(),
                    reason=LedgerReason.REFERRAL_PURCHASE,
                    purchase=purchase,
                    note=str(_("推荐的会员购房：%(project)s") % {"project": project.title})[:200],
                    created_by=actor,
                )
    except IntegrityError:
        raise DomainError("unit", "UNIT_ALREADY_SOLD", _("该房号已有购房记录。"))
    return purchase


def points_adjust(*, actor, member: Member, points: int, note: str) -> PointsLedgerEntry:
    """Correct a balance by appending an ADJUSTMENT entry (entries are never edited)."""
    if not actor.has_perm("club.add_pointsledgerentry"):
        raise PermissionDeniedError(_("您没有调整积分的权限。"))
    if isinstance(points, bool) or not isinstance(points, int) or points == 0:
        raise DomainError("points", "POINTS_INVALID", _("积分数值无效。"))
    note = (note or "").strip()
    if not note:
        raise DomainError("note", "REASON_REQUIRED", _("请填写调整原因。"))
    return PointsLedgerEntry.objects.create(
        member=member,
        points=points,
        reason=LedgerReason.ADJUSTMENT,
        note=note[:200],
        created_by=actor,
    )


def purchase_intent_register(
    *,
    member: Member,
    project_slug: str,
    rooms: list[int] | None = None,
    area_min: int | None = None,
    area_max: int | None = None,
    budget_max: int | None = None,
    purchase_timeframe: str = "",
    note: str = "",
) -> PurchaseIntent:
    """Register (or update) the member's purchase intent (意向登记) for one project.

    Pre-licence projects accept intents too: members see them as a preview before any
    advertising, which is the point of the club. Every refused field is reported at once;
    the project is looked up once the fields are valid.
    """
    require_active_member(member)
    errors = FieldErrors()
    values: dict[str, Any] = {
        "rooms": errors.check(clean_rooms, rooms),
        "budget_max": errors.check(clean_budget, budget_max),
        "purchase_timeframe": errors.check(clean_purchase_timeframe, purchase_timeframe),
        "note": errors.check(clean_text, note, "note", 1000),
    }
    values["area_min"], values["area_max"] = errors.check(clean_area_range, area_min, area_max) or (
        None,
        None,
    )
    errors.raise_if_any()
    (project,) = projects_for_slugs([project_slug or ""], field="project_slug") or [None]
    if project is None:
        raise DomainError("project_slug", "PROJECT_NOT_FOUND", _("未找到该楼盘。"))
    with transaction.atomic():
        intent, _created = PurchaseIntent.objects.update_or_create(
            member=member, project=project, defaults=values
        )
    return intent
