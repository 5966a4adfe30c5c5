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
from club.services.registration import member_email_change_request
from club.services.validation import (
    UNSET,
    clean_email_format,
    clean_profile,
    require_active_member,
)
from core.errors import DomainError, FieldErrors, PermissionDeniedError

HOUSEHOLD_FIELDS = ("children_ages", "elderly_at_home", "income_band")


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
    email: Any = UNSET,
    today: dt.date | None = None,
) -> Member:
    """Change the given profile fields (UNSET ones stay; None clears an optional one) and
    re-derive the segment. Every refused field is reported at once. A new e-mail address
    becomes the member's when the link mailed to it is followed (member_email_verify);
    None removes the address at once."""
    require_active_member(member)
    today = today or timezone.localdate()
    errors = FieldErrors()
    changes = errors.check(
        clean_profile,
        today=today,
        name=name,
        gender=gender,
        birth_date=birth_date,
        city=city,
        employer=employer,
        education=education,
        children_ages=children_ages,
        elderly_at_home=elderly_at_home,
        income_band=income_band,
    )
    new_email = UNSET if email is UNSET else errors.check(clean_email_format, email)
    errors.raise_if_any()
    user = member.user
    if new_email is not UNSET and new_email == user.email:
        new_email = UNSET
    if any(field in changes for field in HOUSEHOLD_FIELDS):
        changes["household_answered_on"] = today
    with transaction.atomic():
        if changes:
            for field, value in changes.items():
                setattr(member, field, value)
            member.save(update_fields=[*changes, "updated_at"])
            member_segment_refresh(member=member, today=today)
        if new_email is None:
            user.email, user.email_verified_at = None, None
            user.save(update_fields=["email", "email_verified_at"])
        elif new_email is not UNSET:
            member_email_change_request(member=member, email=new_email)
    return member


def member_email_change(*, member: Member, email: str | None) -> Member:
    """Change the e-mail address: None or "" removes it; a new one is mailed a link."""
    return member_profile_update(member=member, email=email)


def member_segment_override(*, actor, member: Member, segment: str | None, reason: str) -> Member:
    """Set (or, with an empty segment, clear) a staff override of the member's segment.

    The override, who made it, when and why are recorded in SegmentOverride; it wins over
    the derived segment and survives profile updates until cleared.
    """
    if not actor.has_perm("club.override_segment"):
        raise PermissionDeniedError(_("您没有调整客户细分的权限。"))
    require_active_member(member)
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
