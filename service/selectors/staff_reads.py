"""The staff queue as an audited read: complainants' contacts masked without the PII
permission, and one audit row per fetch — club's one door for personal data
(club.selectors.audited), applied to complaints.

A complaint's complainant is a member (contact as `member_contact` shows it) or a guest
(name and mobile masked the same way, 王** and 138****5678, unless the reader holds
`club.view_member_pii`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from club.masking import mask_name, mask_phone
from club.selectors.audited import SCOPE_MEMBERS_PII, audited_read, member_contact
from core.audit import audit_record
from service.models import Complaint
from service.selectors.complaints import ComplaintFilter, complaints_for_staff

PII_PERMISSION = "club.view_member_pii"
AUDIT_LIST = "service.complaints.list"


def complaint_contact(*, complaint: Complaint, pii: bool) -> dict[str, str | None]:
    """The complainant's name and mobile as this reader may see them."""
    if complaint.member_id:
        contact = member_contact(
            member=complaint.member, scopes={SCOPE_MEMBERS_PII} if pii else set()
        )
        return {"name": contact["name"], "phone": contact["phone"]}
    phone = str(complaint.guest_phone) if complaint.guest_phone else None
    if pii:
        return {"name": complaint.guest_name or None, "phone": phone}
    return {"name": mask_name(complaint.guest_name), "phone": mask_phone(phone)}


@dataclass(frozen=True)
class ComplaintRead:
    """Who reads the queue, how the audit log describes it; `record` runs on each fetch."""

    actor: Any
    pii: bool
    filters: dict[str, Any] = field(default_factory=dict)
    actor_label: str | None = None

    def record(self, rows: list) -> None:
        for row in rows:
            if isinstance(row, Complaint):
                row.contact = complaint_contact(complaint=row, pii=self.pii)
        audit_record(
            actor=self.actor,
            operation=AUDIT_LIST,
            filters=self.filters,
            row_count=len(rows),
            pii_unmasked=self.pii,
            actor_label=self.actor_label,
        )


def complaints_for_staff_read(
    *, actor: Any, filters: ComplaintFilter | None = None, audit_filters: dict | None = None
) -> QuerySet[Complaint]:
    """The staff queue (`complaints_for_staff`: nothing without service.view_complaint),
    masked and audited when its rows are fetched; one query whatever the page size."""
    queryset = complaints_for_staff(actor=actor, filters=filters)
    if not (actor is not None and getattr(actor, "is_active", False)) or queryset.query.is_empty():
        return queryset
    return audited_read(
        queryset.select_related("member__user"),
        ComplaintRead(
            actor=actor, pii=actor.has_perm(PII_PERMISSION), filters=dict(audit_filters or {})
        ),
    )
