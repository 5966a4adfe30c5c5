"""The suppression list: addresses that bounced hard or complained are never mailed again."""

from __future__ import annotations

from newsletters.choices import SuppressionReason
from newsletters.models import Suppression


def suppression_add(
    *, email: str, reason: str, detail: str = "", provider_event_id: str = ""
) -> Suppression | None:
    """Suppress an address (idempotent: the first reason is kept); None for no address."""
    email = (email or "").strip().lower()
    if not email or reason not in SuppressionReason.values:
        return None
    row, _created = Suppression.objects.get_or_create(
        email=email,
        defaults={
            "reason": reason,
            "detail": detail[:2000],
            "provider_event_id": provider_event_id[:200],
        },
    )
    return row
