"""Registering for an event, cancelling, and promoting the waiting list.

Seats: every write that moves seats first locks the event's `SeatLock` row, then counts
the seats held by REGISTERED rows, so two registrations can never both take the last seat.

Waiting list rule ("earliest request that fits"): seats go, in order of registration, to
the earliest waiting party that fits in the seats left. A party too large for the seats
left keeps its place at the head of the list and is promoted as soon as enough seats are
free; smaller parties behind it that do fit are promoted meanwhile, so no seat stays empty
while someone who fits is waiting. A new registration is served by the same rule: the
list is served first, then the newcomer is confirmed if their party still fits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from club.selectors import member_owns_project
from content.choices import EventAudience
from core.errors import DomainError, NotFoundError
from events.choices import SEAT_HOLDING, RegistrationStatus
from events.errors import raise_all
from events.models import Registration, SeatLock

if TYPE_CHECKING:
    from club.models import Member
    from content.models import EventPage


_ACTIVE = [*SEAT_HOLDING, RegistrationStatus.WAITLISTED]


def registration_deadline(*, event: EventPage) -> dt.datetime:
    """Registration and cancellation close at the deadline, or at the start without one."""
    return event.registration_deadline or event.starts_at


def _audience_error(*, event: EventPage, member: Member) -> DomainError | None:
    if event.audience == EventAudience.PROJECT_OWNERS:
        project = event.audience_project
        if project is None or not member_owns_project(member=member, project=project):
            return DomainError(None, "AUDIENCE_OWNERS_ONLY", _("本活动仅限指定项目的业主报名。"))
    elif event.audience == EventAudience.SEGMENT and (
        not event.audience_segment or member.segment != event.audience_segment
    ):
        return DomainError(None, "AUDIENCE_SEGMENT_ONLY", _("本活动仅限指定客户群体的会员报名。"))
    return None


def _registration_errors(
    *, event: EventPage, member: Member, party_size: int, now: dt.datetime
) -> list[DomainError]:
    errors: list[DomainError] = []
    if party_size < 1:
        errors.append(DomainError("party_size", "PARTY_SIZE_INVALID", _("报名人数至少为 1。")))
    elif party_size > event.max_party_size or (
        event.capacity is not None and party_size > event.capacity
    ):
        limit = min(event.max_party_size, event.capacity or event.max_party_size)
        errors.append(
            DomainError(
                "party_size",
                "PARTY_TOO_LARGE",
                _("每份报名最多 %(limit)d 人（含本人）。") % {"limit": limit},
            )
        )
    if now > registration_deadline(event=event):
        errors.append(DomainError(None, "REGISTRATION_CLOSED", _("报名已截止。")))
    audience = _audience_error(event=event, member=member)
    if audience is not None:
        errors.append(audience)
    return errors


def _lock_seats(*, event: EventPage) -> EventPage:
    """Take the event's seat lock for the rest of the transaction (created on first use).

    Returns the event as it is now (capacity may have been edited meanwhile); only the
    lock row is locked, not the page's rows.
    """
    SeatLock.objects.get_or_create(event_id=event.pk)
    lock = (
        SeatLock.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(event_id=event.pk)
    )
    return lock.event


def _seats_taken(*, event_id: int) -> int:
    total = Registration.objects.filter(event_id=event_id, status__in=SEAT_HOLDING).aggregate(
        seats=Sum("party_size")
    )["seats"]
    return int(total or 0)


def _new_ticket_token() -> str:
    return secrets.token_hex(8).upper()


def seat_status(*, event: EventPage) -> str:
    """The status a seat is given: confirmed, or for a paid event held until it is paid."""
    return RegistrationStatus.PENDING_PAYMENT if event.price else RegistrationStatus.REGISTERED


def _promote(*, event: EventPage, now: dt.datetime) -> list[Registration]:
    """Serve the waiting list by the rule above; call with the seat lock held."""
    free = None if event.capacity is None else event.capacity - _seats_taken(event_id=event.pk)
    promoted: list[Registration] = []
    waiting = Registration.objects.filter(
        event_id=event.pk, status=RegistrationStatus.WAITLISTED
    ).order_by("created_at", "pk")
    for registration in waiting:
        if free is not None and free <= 0:
            break
        if free is None or registration.party_size <= free:
            registration.status = seat_status(event=event)
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            promoted.append(registration)
            if free is not None:
                free -= registration.party_size
    return promoted


def _notify_promoted(promoted: list[Registration]) -> None:
    from events.tasks import notify_registration_promoted

    for registration in promoted:
        pk = registration.pk
        transaction.on_commit(lambda pk=pk: notify_registration_promoted.enqueue(pk))


def _notify_confirmed(registration: Registration) -> None:
    from notifications.services import notify

    starts = timezone.localtime(registration.event.starts_at)
    notify(
        member=registration.member,
        key="event_confirmed",
        context={"title": registration.event.title, "date": f"{starts:%m-%d %H:%M}"},
    )


def _require_live(event: EventPage) -> None:
    if not event.live:
        raise NotFoundError("event", _("活动不存在或已下线。"), code="EVENT_NOT_FOUND")


def event_register(
    *, member: Member, event: EventPage, party_size: int = 1, now: dt.datetime | None = None
) -> Registration:
    """Register the member's party: confirmed if it fits, otherwise on the waiting list.

    Refused, with every reason at once, when the party is larger than the event allows,
    the deadline has passed, or the member is outside the event's audience. A member holds
    at most one non-cancelled registration per event (ALREADY_REGISTERED).
    """
    now = now or timezone.now()
    if member.deleted_at is not None:
        raise DomainError(None, "MEMBER_DELETED", _("该会员已注销。"))
    _require_live(event)
    raise_all(_registration_errors(event=event, member=member, party_size=party_size, now=now))
    with transaction.atomic():
        event = _lock_seats(event=event)
        _require_live(event)
        # Checked again on the locked, current event: an editor may have changed it.
        raise_all(_registration_errors(event=event, member=member, party_size=party_size, now=now))
        if Registration.objects.filter(
            event_id=event.pk, member=member, status__in=_ACTIVE
        ).exists():
            raise DomainError(None, "ALREADY_REGISTERED", _("您已报名本活动。"))
        promoted = _promote(event=event, now=now)
        fits = event.capacity is None or (
            party_size <= event.capacity - _seats_taken(event_id=event.pk)
        )
        if not fits and not event.waiting_list_enabled:
            raise DomainError(None, "EVENT_FULL", _("活动名额已满。"))
        registration = Registration.objects.create(
            event=event,
            member=member,
            party_size=party_size,
            status=seat_status(event=event) if fits else RegistrationStatus.WAITLISTED,
            ticket_token=_new_ticket_token(),
        )
        _notify_promoted(promoted)
        if registration.status == RegistrationStatus.REGISTERED:
            _notify_confirmed(registration)
    return registration


def event_registration_cancel(
    *, member: Member, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Cancel the member's own registration until the deadline; freed seats go to the list.

    Promoted members are told by a message sent after commit.
    """
    now = now or timezone.now()
    if registration.member_id != member.pk:
        raise NotFoundError("registration", _("报名记录不存在。"), code="REGISTRATION_NOT_FOUND")
    with transaction.atomic():
        event = _lock_seats(event=registration.event)
        if now > registration_deadline(event=event):
            raise DomainError(None, "CANCELLATION_CLOSED", _("报名已截止，不能再取消。"))
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise DomainError(None, "ALREADY_CANCELLED", _("该报名已取消。"))
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        _notify_promoted(_promote(event=event, now=now))
    return registration


def waiting_list_promote(*, event: EventPage, now: dt.datetime | None = None) -> list[Registration]:
    """Serve the waiting list now (e.g. after an editor raised the capacity)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_seats(event=event)
        promoted = _promote(event=event, now=now)
        _notify_promoted(promoted)
    return promoted
