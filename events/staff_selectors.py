"""Reads for the event staff screens in the admin: the event list with its figures, one
event, its records, and the owner-meeting-without-minutes flag.

Every figure of the list is a subquery annotation, so the list is one query whatever its
length. Attendance itself (names, phones) is read through `events.selectors.event_attendance`,
which masks and audits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from content.choices import EventAudience
from core.errors import PermissionDeniedError
from events.choices import RecordKind, RegistrationStatus
from events.models import EventClosure, EventRecord, Registration, WalkIn
from events.permissions import is_event_staff
from events.selectors import events_with_seats_taken

if TYPE_CHECKING:
    from content.models import EventPage

PAST_EVENTS_SHOWN = 50


def event_is_owner_meeting(event: EventPage) -> bool:
    """An owner meeting (业主恳谈会) is an event for the owners of a project.

    DOMAIN.md asks minutes for these. The audience already says it, so no separate flag
    for editors to forget; every such event in the demo data is a 恳谈会.
    """
    return event.audience == EventAudience.PROJECT_OWNERS


def _sum_of(queryset: QuerySet, field: str) -> Coalesce:
    summed = (
        queryset.filter(event_id=OuterRef("pk"))
        .order_by()
        .values("event_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))


def _with_figures(queryset: QuerySet[EventPage]) -> QuerySet[EventPage]:
    registered = Registration.objects.filter(status=RegistrationStatus.REGISTERED)
    return events_with_seats_taken(queryset).annotate(
        waiting_people=_sum_of(
            Registration.objects.filter(status=RegistrationStatus.WAITLISTED), "party_size"
        ),
        checked_in_people=_sum_of(registered.filter(checked_in_at__isnull=False), "party_size"),
        walk_in_people=_sum_of(WalkIn.objects.all(), "party_size"),
        has_minutes=Exists(
            EventRecord.objects.filter(event_id=OuterRef("pk"), kind=RecordKind.MINUTES)
        ),
        record_count=Coalesce(
            Subquery(
                EventRecord.objects.filter(event_id=OuterRef("pk"))
                .order_by()
                .values("event_id")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        closed_at=Subquery(
            EventClosure.objects.filter(event_id=OuterRef("pk")).values("closed_at")[:1]
        ),
    )


def _require_staff(actor) -> None:
    if not is_event_staff(actor):
        raise PermissionDeniedError(_("您没有活动现场管理的权限。"))


def events_for_staff(
    *, actor, past: bool = False, now: dt.datetime | None = None
) -> QuerySet[EventPage]:
    """Live events with their figures: today's and upcoming soonest first, or (past) the
    latest ended ones first."""
    from content.models import EventPage

    _require_staff(actor)
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    queryset = _with_figures(EventPage.objects.live())
    if past:
        return queryset.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-pk")[
            :PAST_EVENTS_SHOWN
        ]
    return queryset.filter(starts_at__gte=start_of_today).order_by("starts_at", "pk")


def event_for_staff(*, actor, event_id: int) -> EventPage | None:
    """One event (live or not) with the list's figures, or None."""
    from content.models import EventPage

    _require_staff(actor)
    return _with_figures(EventPage.objects.filter(pk=event_id)).first()


def event_records_for_staff(*, actor, event: EventPage) -> list[EventRecord]:
    """The event's records, by kind then time, with their files and uploaders."""
    _require_staff(actor)
    return list(
        EventRecord.objects.filter(event=event).select_related("document", "image", "attached_by")
    )


@dataclass(frozen=True)
class RecordsState:
    """Where the event's records stand, for the list and the records page."""

    closed_at: dt.datetime | None
    owner_meeting: bool
    has_minutes: bool

    @property
    def minutes_missing(self) -> bool:
        """Flag: an owner meeting closed without minutes (cleared once they are attached)."""
        return self.owner_meeting and self.closed_at is not None and not self.has_minutes


def event_records_state(*, event: EventPage) -> RecordsState:
    """Read from the list's annotations when present, else from the database."""
    has_minutes = getattr(event, "has_minutes", None)
    if has_minutes is None:
        has_minutes = EventRecord.objects.filter(event=event, kind=RecordKind.MINUTES).exists()
    if hasattr(event, "closed_at"):
        closed_at = event.closed_at
    else:
        closure = EventClosure.objects.filter(event=event).first()
        closed_at = closure.closed_at if closure else None
    return RecordsState(
        closed_at=closed_at, owner_meeting=event_is_owner_meeting(event), has_minutes=has_minutes
    )


__all__ = [
    "RecordsState",
    "event_for_staff",
    "event_is_owner_meeting",
    "event_records_for_staff",
    "event_records_state",
    "events_for_staff",
]
