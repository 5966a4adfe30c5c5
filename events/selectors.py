"""Every read of the events domain: seats left, a member's registrations, attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from club.masking import mask_name, mask_phone
from core.audit import audit_record
from core.errors import PermissionDeniedError
from events.choices import SEAT_HOLDING, RegistrationStatus
from events.models import Registration, WalkIn

if TYPE_CHECKING:
    from club.models import Member
    from content.models import EventPage

SEATS_TAKEN = "seats_taken"
ATTENDANCE_PERMISSION = "events.view_registration"
PII_PERMISSION = "club.view_member_pii"


EVENT_SEATS_TAKEN = "event_seats_taken"


def _seats_taken_subquery(event_ref: str = "pk") -> Coalesce:
    seats = (
        Registration.objects.filter(event_id=OuterRef(event_ref), status__in=SEAT_HOLDING)
        .order_by()
        .values("event_id")
        .annotate(seats=Sum("party_size"))
        .values("seats")
    )
    return Coalesce(Subquery(seats, output_field=IntegerField()), Value(0))


def events_with_seats_taken(queryset: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """The same events annotated with the seats confirmed registrations hold (one query)."""
    return queryset.annotate(**{SEATS_TAKEN: _seats_taken_subquery()})


def event_seats_taken(*, event: EventPage) -> int:
    """Seats held by confirmed registrations; read from the list annotation when present."""
    annotated = getattr(event, SEATS_TAKEN, None)
    if annotated is not None:
        return int(annotated)
    # Seats held for payment count too (events.choices.SEAT_HOLDING).
    total = Registration.objects.filter(event_id=event.pk, status__in=SEAT_HOLDING).aggregate(
        seats=Sum("party_size")
    )["seats"]
    return int(total or 0)


def event_seats_left(*, event: EventPage) -> int | None:
    """Capacity minus confirmed seats (never below 0); None when the event has no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - event_seats_taken(event=event), 0)


WAITING_POSITION = "waiting_position"


def _waiting_position_subquery() -> Case:
    """1 + the waiting rows of the same event queued before this one (created_at, pk)."""
    at_or_ahead = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"), status=RegistrationStatus.WAITLISTED
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(
            status=RegistrationStatus.WAITLISTED,
            then=Subquery(at_or_ahead, output_field=IntegerField()),
        ),
        default=None,
        output_field=IntegerField(),
    )


def member_registrations(
    *, member: Member, include_cancelled: bool = False
) -> QuerySet[Registration]:
    """The member's own registrations, soonest event first, each event's seats taken
    annotated (no query per row for `seatsLeft`)."""
    queryset = (
        Registration.objects.filter(member=member)
        .select_related("event")
        .annotate(
            **{
                EVENT_SEATS_TAKEN: _seats_taken_subquery("event_id"),
                WAITING_POSITION: _waiting_position_subquery(),
            }
        )
    )
    if not include_cancelled:
        queryset = queryset.exclude(status=RegistrationStatus.CANCELLED)
    return queryset.order_by("event__starts_at", "pk")


def registration_event(*, registration: Registration) -> EventPage:
    """The registration's event, carrying its seats taken when the list annotated them."""
    event = registration.event
    taken = getattr(registration, EVENT_SEATS_TAKEN, None)
    if taken is not None and getattr(event, SEATS_TAKEN, None) is None:
        setattr(event, SEATS_TAKEN, taken)
    return event


def registration_for_member(*, member: Member, registration_id: int) -> Registration | None:
    """One of the member's own registrations, or None (never someone else's)."""
    return (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, member=member)
        .first()
    )


def waiting_list_position(*, registration: Registration) -> int | None:
    """1 for the head of the waiting list; None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    if hasattr(registration, WAITING_POSITION):
        return getattr(registration, WAITING_POSITION)
    ahead = (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.WAITLISTED,
            created_at__lte=registration.created_at,
        )
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
        .count()
    )
    return ahead


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance report: a registration or a walk-in."""

    kind: str  # "REGISTRATION" or "WALK_IN"
    name: str
    phone: str | None
    party_size: int
    status: str
    registered_at: datetime | None
    checked_in_at: datetime | None


def event_attendance(
    *, actor, event: EventPage, operation: str = "events.attendance"
) -> list[AttendanceRow]:
    """Registrations (confirmed and waiting) and walk-ins of an event, for staff.

    Names and phones are masked unless the reader holds the PII permission; every read
    is written to the audit log with its row count, under `operation` (the admin's
    export says so: "events.attendance.export").
    """
    if not actor.has_perm(ATTENDANCE_PERMISSION):
        raise PermissionDeniedError(_("您没有查看报名名单的权限。"))
    unmasked = actor.has_perm(PII_PERMISSION)

    def name_of(name: str) -> str:
        return name if unmasked else (mask_name(name) or "")

    def phone_of(phone) -> str | None:
        if not phone:
            return None
        return str(phone) if unmasked else mask_phone(phone)

    rows: list[AttendanceRow] = []
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("member__user")
        .order_by("created_at", "pk")
    )
    for r in registrations:
        rows.append(
            AttendanceRow(
                kind="REGISTRATION",
                name=name_of(r.member.display_name),
                phone=phone_of(r.member.user.phone),
                party_size=r.party_size,
                status=r.status,
                registered_at=r.created_at,
                checked_in_at=r.checked_in_at,
            )
        )
    for w in WalkIn.objects.filter(event=event).order_by("recorded_at", "pk"):
        rows.append(
            AttendanceRow(
                kind="WALK_IN",
                name=name_of(w.name),
                phone=phone_of(w.phone),
                party_size=w.party_size,
                status="WALK_IN",
                registered_at=w.recorded_at,
                checked_in_at=w.recorded_at,
            )
        )
    audit_record(
        actor=actor,
        operation=operation,
        target=f"event:{event.pk}",
        row_count=len(rows),
        pii_unmasked=unmasked,
    )
    return rows


def no_registrations() -> QuerySet[Registration]:
    """An empty list of registrations (for callers who are not members)."""
    return Registration.objects.none()
