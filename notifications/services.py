"""Sending a notification: render it in the member's language, record it, deliver after commit.

Transactional messages (a complaint's progress, an event seat) go out without marketing
consent; the suppression list (hard bounces, spam complaints) still applies to e-mail.
Every message is a `Notification` row first, so the member and service staff can see the
history, and the delivery task can retry without sending twice (it sends only QUEUED rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import translation

from club.models import Member
from club.tasks import enqueue_on_commit
from notifications.models import (
    Channel,
    Notification,
    NotificationKey,
    NotificationStatus,
    NotificationTemplate,
)
from notifications.texts import DEFAULTS

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _fill(text: str, context: dict[str, str]) -> str:
    """Replace `{{ name }}` placeholders; plain substitution, nothing an editor can run."""
    return _PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), "")), str(text))


def member_language(member: Member) -> str:
    from newsletters.selectors import member_language as newsletter_language

    return newsletter_language(member=member)


def notification_render(*, key: str, language: str, context: dict[str, str]) -> dict:
    """{"subject", "body", "sms"} of `key` in `language`: the editors' words, else ours."""
    suffix = "en" if language == "en" else "zh"
    template = NotificationTemplate.objects.filter(key=key).first()
    subject, body, sms = DEFAULTS[key]
    with translation.override(language):
        words = {"subject": str(subject), "body": str(body), "sms": str(sms)}
    if template is not None:
        for part in ("subject", "body", "sms"):
            edited = getattr(template, f"{part}_{suffix}")
            if edited.strip():
                words[part] = edited
    return {part: _fill(text, context) for part, text in words.items()}


def notify(
    *,
    member: Member,
    key: str,
    context: dict[str, str] | None = None,
    channels: Iterable[str] | None = None,
    now: bool = False,
) -> list[Notification]:
    """Notify a member; `channels` None: e-mail when they have an address, else SMS.

    Delivery is a task enqueued after commit; `now=True` delivers in this process at
    once, for callers that are themselves background tasks.
    """
    from newsletters.selectors import email_suppressed

    if key not in NotificationKey.values:
        raise ValueError(f"unknown notification {key!r}")
    user = member.user
    email, phone = user.email or "", str(user.phone or "")
    if channels is None:
        channels = [Channel.EMAIL] if email else [Channel.SMS]
    language = member_language(member)
    words = notification_render(
        key=key, language=language, context={"name": member.name, **(context or {})}
    )
    rows = []
    for channel in channels:
        address = email if channel == Channel.EMAIL else phone
        blocked = not address or member.deleted_at is not None
        if channel == Channel.EMAIL and address and email_suppressed(email=address):
            blocked = True
        row = Notification.objects.create(
            member=member,
            key=key,
            channel=channel,
            recipient=address,
            subject=words["subject"] if channel == Channel.EMAIL else "",
            body=words["body"] if channel == Channel.EMAIL else words["sms"],
            status=NotificationStatus.SKIPPED if blocked else NotificationStatus.QUEUED,
        )
        rows.append(row)
        if not blocked:
            from notifications.tasks import notification_deliver

            if now:
                notification_deliver.call(notification_id=row.pk)
            else:
                enqueue_on_commit(notification_deliver, notification_id=row.pk)
    return rows


def notifications_export(member: Member) -> list[dict]:
    """The member's notification history, for their data export (PIPL)."""
    return [
        {
            "key": row.key,
            "channel": row.channel,
            "status": row.status,
            "subject": row.subject,
            "body": row.body,
            "created_at": row.created_at.isoformat(),
        }
        for row in Notification.objects.filter(member=member).order_by("created_at", "pk")
    ]


def notifications_erase(member: Member) -> None:
    """The texts name the member and their addresses: a deleted account keeps none."""
    Notification.objects.filter(member=member).delete()
