"""Checking a ticket in at the door, answered as the door screen shows it.

The door needs one answer per scan, never an exception: checked in (with the name, masked
as house rules say, and the party size), already checked in (with the time of the first
scan), or why the code was refused. `registration_check_in` stays the one rule; this
turns its outcome into that answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from club.masking import mask_name
from core.audit import audit_record
from core.errors import DomainError
from events.services.checkin import registration_check_in
from events.services.tickets import ticket_registration

if TYPE_CHECKING:
    from content.models import EventPage

PII_PERMISSION = "club.view_member_pii"

CHECKED_IN = "CHECKED_IN"
ALREADY_CHECKED_IN = "ALREADY_CHECKED_IN"


@dataclass(frozen=True)
class DoorAnswer:
    """What the door screen shows for one scanned or typed code."""

    outcome: str  # CHECKED_IN, ALREADY_CHECKED_IN, or the refusal's code
    message: str
    name: str = ""
    party_size: int | None = None
    checked_in_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == CHECKED_IN

    def as_json(self) -> dict:
        local = timezone.localtime(self.checked_in_at) if self.checked_in_at else None
        return {
            "outcome": self.outcome,
            "message": self.message,
            "name": self.name,
            "partySize": self.party_size,
            "checkedInAt": f"{local:%H:%M}" if local else None,
        }


def door_check_in(
    *, actor, event: EventPage, code: str, now: dt.datetime | None = None
) -> DoorAnswer:
    """Check `code` in for `event` and say what happened, in words for the door screen.

    A reader without the PII permission sees the name masked (王**); one who sees it in
    clear leaves an audit entry, as every unmasked read of member data does.
    """
    try:
        registration = registration_check_in(actor=actor, code=code, event=event, now=now)
        outcome, message = CHECKED_IN, _("已签到")
    except DomainError as error:
        if error.code != ALREADY_CHECKED_IN:
            return DoorAnswer(outcome=error.code, message=error.message)
        registration = ticket_registration(code=code)
        local = timezone.localtime(registration.checked_in_at)
        outcome = ALREADY_CHECKED_IN
        message = _("已于 %(time)s 签到过") % {"time": f"{local:%H:%M}"}
    unmasked = actor.has_perm(PII_PERMISSION)
    name = registration.member.display_name
    if unmasked:
        audit_record(
            actor=actor,
            operation="events.check_in",
            target=f"registration:{registration.pk}",
            row_count=1,
            pii_unmasked=True,
        )
    return DoorAnswer(
        outcome=outcome,
        message=message,
        name=name if unmasked else (mask_name(name) or ""),
        party_size=registration.party_size,
        checked_in_at=registration.checked_in_at,
    )
