"""Background work of the events domain (django-tasks; the worker runs them).

Services enqueue after commit: `transaction.on_commit(lambda: task.enqueue(...))`.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from events.choices import RegistrationStatus
from events.models import Registration
from events.services.reminders import reminders_send


@task()
def notify_registration_promoted(registration_id: int) -> bool:
    """Tell a member their waiting-list place became a confirmed seat."""
    from notifications.services import notify

    registration = (
        Registration.objects.select_related("event", "member__user")
        .filter(pk=registration_id, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if registration is None or not registration.member.user.phone:
        return False
    starts = timezone.localtime(registration.event.starts_at)
    notify(
        member=registration.member,
        key="event_promoted",
        context={"title": registration.event.title, "date": f"{starts:%m-%d %H:%M}"},
        channels=["SMS"],
    )
    return True


@task()
def send_event_reminders() -> int:
    """Daily: remind tomorrow's participants (idempotent; safe to run more than once)."""
    return reminders_send()
