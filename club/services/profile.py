"""Editing a member's profile and segment: by the member, and overrides by staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import Segment
from club.models import Member, SegmentOverride
from club.segments import derive_segment_from_answers
from club.services.registration import member_email_verification_send
from club.services.validation import (
    UNSET,
    clean_birth_date,
    clean_children_ages,
    clean_education,
    clean_email,
    clean_gender,
    clean_income_band,
    clean_name,
    clean_text,
)
from core.errors import DomainError, PermissionDeniedError

HOUSEHOLD_FIELDS = ("children_ages", "elderly_at_home", "income_band")


def _require_active(member: Member) -> None:
    if member.deleted_at:
        raise DomainError(None, "MEMBER_DELETED", _("该会员已注销。"))


def member_segment_refresh(*, member: Member, today: dt.date | None = None) -> Member:
    """Recompute the derived segment from the answers; an override still wins.

    Saves only the segment fields; callers that changed other fields save those themselves.
    """
    derived = derive_segment_from_answers(member, today=today or timezone.localdate())
    if member.pk:
        # The override is read from the database: a caller's copy of the member may predate it.
        member.segment_override = (
            Member.objects.filter(pk=member.pk).values_list("segment_override", flat=True).get()
        )
    member.segment_derived = derived
    member.segment = member.segment_override or derived
    if member.pk:
        Member.objects.filter(pk=member.pk).update(
            segment_derived=member.segment_derived, segment=member.segment
        )
    return member


SEGMENT_REFRESH_BATCH = 2000


def member_segments_refresh_all(*, today: dt.date | None = None) -> int:
    """Re-derive every member's segment for `today` (children grow up, members turn 35 or
    55); returns how many changed. Overrides are untouched: the effective segment follows
    the derived one only where there is none. Streams in batches, so memory stays flat."""
    today = today or timezone.localdate()
    members = (
        Member.objects.filter(deleted_at__isnull=True)
        .only(
            "pk",
            "birth_date",
            "children_ages",
            "elderly_at_home",
            "income_band",
            "household_answered_on",
            "segment",
            "segment_derived",
            "segment_override",
        )
        .order_by("pk")
    )
    changed: list[Member] = []
    total = 0
    for member in members.iterator(chunk_size=SEGMENT_REFRESH_BATCH):
        derived = derive_segment_from_answers(member, today=today)
        effective = member.segment_override or derived
        if (derived, effective) != (member.segment_derived, member.segment):
            member.segment_derived, member.segment = derived, effective
            changed.append(member)
        if len(changed) >= SEGMENT_REFRESH_BATCH:
            Member.objects.bulk_update(changed, ["segment_derived", "segment"])
            total += len(changed)
            changed.clear()
    Member.objects.bulk_update(changed, ["segment_derived", "segment"])
    return total + len(changed)


def member_profile_update(
    *,
    member: Member,
    name: Any = UNSET,
    gender: Any = UNSET,
    birth_date: Any = UNSET,
    city: Any = UNSET,
    employer: Any = UNSET,
    education: Any = UNSET,
    children_ages: Any = UNSET,
    elderly_at_home: Any = UNSET,
    income_band: Any = UNSET,
    today: dt.date | None = None,
) -> Member:
    """Change the given profile fields (others stay) and re-derive the segment."""
    _require_active(member)
    today = today or timezone.localdate()
    changes: dict[str, Any] = {}
    if name is not UNSET:
        changes["name"] = clean_name(name)
    if gender is not UNSET:
        changes["gender"] = clean_gender(gender)
    if birth_date is not UNSET:
        changes["birth_date"] = clean_birth_date(birth_date, today=today)
    if city is not UNSET:
        changes["city"] = clean_text(city, "city", 50)
    if employer is not UNSET:
        changes["employer"] = clean_text(employer, "employer", 200)
    if education is not UNSET:
        changes["education"] = clean_education(education)
    if children_ages is not UNSET:
        changes["children_ages"] = clean_children_ages(children_ages)
    if elderly_at_home is not UNSET:
        changes["elderly_at_home"] = None if elderly_at_home is None else bool(elderly_at_home)
    if income_band is not UNSET:
        changes["income_band"] = clean_income_band(income_band)
    if any(field in changes for field in HOUSEHOLD_FIELDS):
        changes["household_answered_on"] = today
    if not changes:
        return member
    with transaction.atomic():
        for field, value in changes.items():
            setattr(member, field, value)
        member.save(update_fields=[*changes, "updated_at"])
        member_segment_refresh(member=member, today=today)
    return member


def member_email_change(*, member: Member, email: str) -> Member:
    """Change the e-mail address; it must be verified again by link."""
    _require_active(member)
    user = member.user
    cleaned = clean_email(email, exclude_user_id=user.pk)
    if cleaned == user.email:
        return member
    with transaction.atomic():
        user.email = cleaned
        user.email_verified_at = None
        user.save(update_fields=["email", "email_verified_at"])
        if cleaned:
            member_email_verification_send(member=member)
    return member


def member_segment_override(*, actor, member: Member, segment: str | None, reason: str) -> Member:
    """Set (or, with an empty segment, clear) a staff override of the member's segment.

    The override, who made it, when and why are recorded in SegmentOverride; it wins over
    the derived segment and survives profile updates until cleared.
    """
    if not actor.has_perm("club.override_segment"):
        raise PermissionDeniedError(_("您没有调整客户细分的权限。"))
    _require_active(member)
    segment = segment or ""
    if segment and segment not in Segment.values:
        raise DomainError("segment", "SEGMENT_INVALID", _("客户细分无效。"))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", "REASON_REQUIRED", _("请填写调整原因。"))
    with transaction.atomic():
        current = Member.objects.select_for_update().get(pk=member.pk)
        SegmentOverride.objects.create(
            member=current,
            previous_segment=current.segment,
            segment=segment,
            reason=reason,
            actor=actor,
        )
        current.segment_override = segment
        current.segment = segment or current.segment_derived
        current.save(update_fields=["segment_override", "segment", "updated_at"])
    member.segment_override, member.segment = current.segment_override, current.segment
    member.segment_derived = current.segment_derived
    return member
