"""Writing the audit trail. Every read of member personal data by staff calls this."""

from __future__ import annotations

from typing import Any

from core.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    operation: str,
    target: str = "",
    filters: dict[str, Any] | None = None,
    row_count: int = 0,
    pii_unmasked: bool = False,
    actor_label: str | None = None,
) -> AuditEntry:
    """Append one audit entry. `actor` is a user (or None for a system job)."""
    user = actor if getattr(actor, "pk", None) else None
    label = actor_label or (user.get_username() if user else "system")
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label[:150],
        operation=operation,
        target=target[:200],
        filters=filters or {},
        row_count=row_count,
        pii_unmasked=pii_unmasked,
    )
