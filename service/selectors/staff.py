"""Reads the staff screens need besides the queue: who may handle, departments, issue
groups, a member's complaint history (audited) and the contact of a complainant as the
reader may see it.

A complainant's name and phone are personal data: shown in clear only to holders of
`club.view_member_pii` (the permission that unmasks members' contacts everywhere),
masked like a member's (王**, 138****5678) for everyone else.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from core.audit import audit_record
from service.models import Complaint, Department, IssueGroup
from service.permissions import HANDLE, VIEW
from service.selectors.staff_reads import complaint_contact

PII = "club.view_member_pii"
AUDIT_LIST = "service.complaint.list"
AUDIT_MEMBER_HISTORY = "service.member_complaints.view"


def complainant_contact(*, complaint: Complaint, actor: Any) -> dict[str, str]:
    """The complainant's name and phone for `actor` (the one masking rule of
    `complaint_contact`), with blanks rather than None for the admin's templates.
    Members' rows need `member__user` joined (the queue does)."""
    contact = complaint_contact(complaint=complaint, pii=actor is not None and actor.has_perm(PII))
    return {"name": contact["name"] or "", "phone": contact["phone"] or ""}


def complaint_queue_audit(*, actor: Any, filters: dict[str, Any], row_count: int) -> None:
    """One audit row per queue page a staff member reads (who, filters, how many rows)."""
    audit_record(
        actor=actor,
        operation=AUDIT_LIST,
        filters=filters,
        row_count=row_count,
        pii_unmasked=bool(actor is not None and actor.has_perm(PII)),
    )


def complaint_staff_by_pk(*, actor: Any, pk: int) -> Complaint | None:
    """A complaint by id for a staff action (no audit: the action's page is not a view of
    the complainant's data); None without the service permission."""
    if actor is None or not actor.has_perm(VIEW):
        return None
    return Complaint.objects.filter(pk=pk).first()


def complaint_handlers() -> QuerySet:
    """Active users who may handle complaints (directly, by group, or superusers)."""
    perm = Permission.objects.filter(
        content_type__app_label="service", codename=HANDLE.split(".", 1)[1]
    ).first()
    q = Q(is_superuser=True)
    if perm is not None:
        q |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    return get_user_model().objects.filter(q, is_active=True).distinct().order_by("username")


def departments_all() -> QuerySet[Department]:
    return Department.objects.order_by("name")


def issue_groups_by_ids(*, ids: list[int]) -> QuerySet[IssueGroup]:
    return IssueGroup.objects.filter(pk__in=ids)


def complaints_by_pks_for_staff(*, actor: Any, pks: list[Any]) -> QuerySet[Complaint]:
    """Complaints picked in the queue (bulk actions); none without the service permission."""
    if actor is None or not actor.has_perm(VIEW):
        return Complaint.objects.none()
    return Complaint.objects.filter(pk__in=pks).order_by("pk")


def member_complaint_history(*, actor: Any, member: Any) -> list[Complaint]:
    """The member's complaints, newest first, for their admin record: only for holders of
    the service permission (else empty, and nothing audited); the read is audited."""
    if actor is None or not actor.has_perm(VIEW):
        return []
    rows = list(
        Complaint.objects.filter(member=member).select_related("project", "handler", "department")
    )
    audit_record(
        actor=actor,
        operation=AUDIT_MEMBER_HISTORY,
        target=f"member:{member.pk}",
        row_count=len(rows),
    )
    return rows
