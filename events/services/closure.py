"""Declaring an event's records complete once it is over (活动归档).

DOMAIN.md: records are kept — sign-in, photos, and minutes for owner meetings
(顾客恳谈会). Closing is allowed without them (the sheet may be lost, the meeting may end
in uproar), but an owner meeting closed without minutes is flagged in the event list
until minutes are attached (`events.staff_selectors`), so nobody can forget it quietly.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError
from events.models import EventClosure

if TYPE_CHECKING:
    from content.models import EventPage

CLOSE_PERMISSION = "events.add_eventclosure"


def event_records_close(*, actor, event: EventPage, now: dt.datetime | None = None) -> EventClosure:
    """Close the event's records: refused before the event ends, or a second time."""
    if not actor.has_perm(CLOSE_PERMISSION):
        raise PermissionDeniedError(_("您没有归档活动的权限。"))
    now = now or timezone.now()
    if now < (event.ends_at or event.starts_at):
        raise DomainError(None, "EVENT_NOT_OVER", _("活动结束后才能归档。"))
    try:
        with transaction.atomic():
            return EventClosure.objects.create(event=event, closed_by=actor, closed_at=now)
    except IntegrityError:
        raise DomainError(None, "ALREADY_CLOSED", _("该活动已归档。")) from None
