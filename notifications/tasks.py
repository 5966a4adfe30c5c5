"""Delivering one notification; retried with the club's backoff (club.tasks)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from club.sms import send_sms
from club.tasks import _retry
from notifications.models import Channel, Notification, NotificationStatus


@task()
def notification_deliver(*, notification_id: int, attempt: int = 1) -> str:
    # Claim the row: a second run of the same task (a retry, a duplicate) sends nothing.
    claimed = Notification.objects.filter(
        pk=notification_id, status=NotificationStatus.QUEUED
    ).update(status=NotificationStatus.SENT, attempts=attempt)
    if not claimed:
        return "done already"
    row = Notification.objects.get(pk=notification_id)
    try:
        if row.channel == Channel.EMAIL:
            send_mail(
                subject=row.subject,
                message=row.body,
                from_email=None,
                recipient_list=[row.recipient],
            )
        else:
            send_sms(phone=row.recipient, text=row.body)
    except Exception as error:  # the gateway refused or timed out: back to the queue
        failed = attempt >= 5
        Notification.objects.filter(pk=row.pk).update(
            status=NotificationStatus.FAILED if failed else NotificationStatus.QUEUED,
            error=repr(error)[:300],
        )
        _retry(notification_deliver, attempt=attempt, error=error, notification_id=row.pk)
        return "retrying"
    Notification.objects.filter(pk=row.pk).update(sent_at=timezone.now())
    return "sent"
