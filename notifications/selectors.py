"""Reading notification history: the member's own, and staff's (audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from club.models import Member
from core.audit import audit_record
from notifications.models import Notification

HISTORY_LIMIT = 100


def member_notifications(*, member: Member) -> QuerySet[Notification]:
    """The member's own history, newest first (the last HISTORY_LIMIT)."""
    return Notification.objects.filter(member=member).order_by("-created_at", "-pk")[:HISTORY_LIMIT]


def notifications_for_staff(*, actor: Any, member: Member) -> list[Notification]:
    """A member's history as service staff see it; every read is written to the audit log."""
    rows = list(member_notifications(member=member))
    audit_record(
        actor=actor,
        operation="notifications.member_history",
        target=f"member:{member.pk}",
        row_count=len(rows),
        pii_unmasked=True,
    )
    return rows
