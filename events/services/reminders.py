"""The reminder the day before (活动前一天提醒), sent once per registration."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from events.choices import RegistrationStatus
from events.models import Registration
from notifications.services import notify


def _tomorrow_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Tomorrow in the club's time zone (Asia/Shanghai), as an aware half-open interval."""
    today = timezone.localtime(now).date()
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, start + dt.timedelta(days=1)


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind every confirmed registration for an event starting tomorrow; returns how many.

    Each registration is claimed by setting `reminded_at` where it is still empty, so a
    second run, or two workers at once, never send a reminder twice.
    """
    now = now or timezone.now()
    start, end = _tomorrow_bounds(now)
    due = (
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            event__live=True,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
        )
        .select_related("event", "member__user")
        .order_by("pk")
    )
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        phone = registration.member.user.phone
        if not phone:
            continue
        starts = timezone.localtime(registration.event.starts_at)
        notify(
            member=registration.member,
            key="event_reminder",
            context={
                "title": registration.event.title,
                "time": f"{starts:%H:%M}",
                "venue": registration.event.venue or _("活动现场"),
            },
            channels=["SMS"],
            now=True,
        )
        sent += 1
    return sent
