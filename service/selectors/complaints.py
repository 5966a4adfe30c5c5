"""Reading complaints: a member's own (public timeline only), the staff queue (behind the
service permission, SLA flags in SQL, constant query count), one complaint by reference
with permission scoping, and the audit trail of staff views.

Permission scoping happens here, once: a member reaches only their own complaints and
never an internal note (the public timeline is built from public notes alone); a user
without `service.view_complaint` gets an empty queue; every staff read of a complaint
writes an audit row (DOMAIN.md: 查看有记录).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import NotFoundError
from core.models import AuditEntry
from service.choices import PUBLIC_EVENT_KINDS, Severity
from service.models import Complaint, ComplaintEvent
from service.permissions import VIEW
from service.selectors.sla import complaints_with_sla, overdue_q

AUDIT_VIEW = "service.complaint.view"
QUEUE_ORDERINGS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "due": ("first_response_due_at", "pk"),
    "overdue": ("-overdue", "first_response_due_at", "pk"),
    # Highest level first (the rank of Severity's order, not the codes' alphabet), then
    # the overdue ones within a level.
    "severity": ("-severity_rank", "-overdue", "first_response_due_at", "pk"),
}


def _severity_rank() -> Case:
    return Case(
        *(When(severity=value, then=Value(rank)) for rank, value in enumerate(Severity.values)),
        default=Value(0),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One public timeline entry: what a complainant may read, nothing more."""

    at: dt.datetime
    kind: str
    note: str


@dataclass
class ComplaintFilter:
    """The staff queue's filters; empty lists and None mean "any"."""

    status: list[str] = field(default_factory=list)
    severity: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    project_ids: list[int] = field(default_factory=list)
    department_ids: list[int] = field(default_factory=list)
    handler_ids: list[int] = field(default_factory=list)
    unassigned: bool | None = None
    overdue: bool | None = None
    ordering: str = "newest"


def _public_q() -> Q:
    """Status changes, and any entry where staff wrote something for the complainant."""
    return Q(kind__in=PUBLIC_EVENT_KINDS) | ~Q(public_note="")


def _public_events() -> Prefetch:
    return Prefetch(
        "events",
        queryset=ComplaintEvent.objects.filter(_public_q()).only(
            "complaint_id", "at", "kind", "public_note"
        ),
        to_attr="public_events",
    )


def complaints_for_member(*, member: Any) -> QuerySet[Complaint]:
    """The member's own complaints, newest first, with their public events prefetched."""
    if member is None:
        return Complaint.objects.none()
    return (
        Complaint.objects.filter(member=member)
        .select_related("project")
        .prefetch_related(_public_events())
    )


def complaint_public_timeline(*, complaint: Complaint) -> list[TimelineEntry]:
    """The complainant's view of the timeline: status changes and entries with a public
    note, each with its public note only."""
    events = getattr(complaint, "public_events", None)
    if events is None:
        events = complaint.events.filter(_public_q()).only("at", "kind", "public_note")
    return [TimelineEntry(at=e.at, kind=e.kind, note=e.public_note) for e in events]


def complaint_for_member(*, member: Any, reference: str) -> Complaint:
    """One of the member's own complaints; any other reference is simply not found."""
    complaint = complaints_for_member(member=member).filter(reference=reference).first()
    if complaint is None:
        raise NotFoundError("reference", _("未找到该投诉。"))
    return complaint


def complaints_for_staff(
    *, actor: Any, filters: ComplaintFilter | None = None, now: dt.datetime | None = None
) -> QuerySet[Complaint]:
    """The staff queue: every complaint for holders of `service.view_complaint`, nothing
    for anyone else. Annotated with the SLA flags; related rows joined, so listing any
    number of rows costs one query."""
    if actor is None or not getattr(actor, "is_active", False) or not actor.has_perm(VIEW):
        return Complaint.objects.none()
    now = now or timezone.now()
    f = filters or ComplaintFilter()
    qs = complaints_with_sla(
        Complaint.objects.select_related("member", "project", "department", "handler"),
        now=now,
    )
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.severity:
        qs = qs.filter(severity__in=f.severity)
    if f.category:
        qs = qs.filter(category__in=f.category)
    if f.project_ids:
        qs = qs.filter(project_id__in=f.project_ids)
    if f.department_ids:
        qs = qs.filter(department_id__in=f.department_ids)
    if f.handler_ids:
        qs = qs.filter(handler_id__in=f.handler_ids)
    if f.unassigned is not None:
        qs = qs.filter(handler__isnull=f.unassigned)
    if f.overdue is True:
        qs = qs.filter(overdue_q(now))
    elif f.overdue is False:
        qs = qs.exclude(overdue_q(now))
    if f.ordering == "severity":
        qs = qs.annotate(severity_rank=_severity_rank())
    return qs.order_by(*QUEUE_ORDERINGS.get(f.ordering, QUEUE_ORDERINGS["newest"]))


def complaint_for_staff(*, actor: Any, reference: str) -> Complaint:
    """One complaint for a staff member entitled to it; the view is audited."""
    complaint = complaints_for_staff(actor=actor).filter(reference=reference).first()
    if complaint is None:
        raise NotFoundError("reference", _("未找到该投诉。"))
    audit_record(actor=actor, operation=AUDIT_VIEW, target=f"complaint:{reference}", row_count=1)
    return complaint


def complaint_by_reference(*, actor: Any, reference: str) -> Complaint:
    """A complaint by reference, scoped to who asks: staff with the service permission see
    any (audited); a member only their own; anyone else nothing."""
    if actor is not None and getattr(actor, "is_active", False) and actor.has_perm(VIEW):
        return complaint_for_staff(actor=actor, reference=reference)
    return complaint_for_member(member=getattr(actor, "member", None), reference=reference)


def complaint_staff_timeline(*, actor: Any, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """Every event with both notes, for staff entitled to the complaint."""
    if actor is None or not actor.has_perm(VIEW):
        return ComplaintEvent.objects.none()
    return complaint.events.select_related("actor").order_by("at", "pk")


def complaint_view_log(*, actor: Any, complaint: Complaint) -> QuerySet[AuditEntry]:
    """Who viewed this complaint and when (the audit rows `complaint_for_staff` writes)."""
    if actor is None or not actor.has_perm(VIEW):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        operation=AUDIT_VIEW, target=f"complaint:{complaint.reference}"
    ).order_by("-at")
