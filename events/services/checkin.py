"""Check-in at the door by ticket code, and walk-ins (现场登记)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.services.validation import clean_phone
from core.errors import DomainError, PermissionDeniedError
from events.choices import RegistrationStatus
from events.errors import AlreadyCheckedInError, raise_all
from events.models import Registration, WalkIn
from events.services.tickets import ticket_registration

if TYPE_CHECKING:
    from content.models import EventPage

CHECK_IN_PERMISSION = "events.change_registration"
WALK_IN_PERMISSION = "events.add_walkin"


def registration_check_in(
    *, actor, code: str, event: EventPage | None = None, now: dt.datetime | None = None
) -> Registration:
    """Check a ticket in. A second scan raises ALREADY_CHECKED_IN with the first time.

    `event` (the event staff are checking in for) refuses a valid ticket for another event.
    """
    if not actor.has_perm(CHECK_IN_PERMISSION):
        raise PermissionDeniedError(_("您没有签到的权限。"))
    now = now or timezone.now()
    found = ticket_registration(code=code)
    if event is not None and found.event_id != event.pk:
        raise DomainError("ticket_code", "TICKET_OTHER_EVENT", _("该票不属于本场活动。"))
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=found.pk)
        if registration.checked_in_at is not None:
            raise AlreadyCheckedInError(registration.checked_in_at)
        if registration.status != RegistrationStatus.REGISTERED:
            raise DomainError(
                "ticket_code", "TICKET_NOT_CONFIRMED", _("该报名未确认或已取消，不能签到。")
            )
        registration.checked_in_at = now
        registration.checked_in_by = actor
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


def walk_in_record(
    *,
    actor,
    event: EventPage,
    name: str,
    phone: str = "",
    party_size: int = 1,
    note: str = "",
) -> WalkIn:
    """Record people who came without registering; every field error at once."""
    if not actor.has_perm(WALK_IN_PERMISSION):
        raise PermissionDeniedError(_("您没有现场登记的权限。"))
    errors: list[DomainError] = []
    name = (name or "").strip()
    if not name:
        errors.append(DomainError("name", "NAME_REQUIRED", _("请填写姓名。")))
    elif len(name) > 100:
        errors.append(DomainError("name", "NAME_TOO_LONG", _("姓名不能超过 100 个字符。")))
    cleaned_phone = ""
    if (phone or "").strip():
        try:
            cleaned_phone = clean_phone(phone)
        except DomainError as error:
            errors.append(error)
    if party_size < 1:
        errors.append(DomainError("party_size", "PARTY_SIZE_INVALID", _("人数至少为 1。")))
    if len(note or "") > 200:
        errors.append(DomainError("note", "NOTE_TOO_LONG", _("备注不能超过 200 个字符。")))
    raise_all(errors)
    return WalkIn.objects.create(
        event=event,
        name=name,
        phone=cleaned_phone,
        party_size=party_size,
        note=note or "",
        recorded_by=actor,
    )
