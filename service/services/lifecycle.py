"""Moving a complaint through its statuses (the table is service.lifecycle), assignment
and the handling record. Each service locks the row, checks the transition, writes the
event and reassesses the severity, in one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError
from service.choices import EventKind, FollowUpOutcome, Severity, Status
from service.lifecycle import transition_check
from service.models import Complaint, Department, FollowUp
from service.permissions import HANDLE
from service.services.common import (
    complaint_lock,
    event_record,
    note_required,
    permission_require,
)
from service.services.severity import complaint_reassess_severity

# DOMAIN.md: closing without a follow-up only after this many documented failed attempts.
FOLLOW_UP_ATTEMPTS_BEFORE_CLOSE = 3


def _move(
    *,
    complaint: Complaint,
    action: str,
    actor: Any,
    kind: str,
    public_note: str = "",
    internal_note: str = "",
    fields: dict[str, Any] | None = None,
) -> Complaint:
    """Apply one transition to a locked complaint: status, timestamps, event, severity."""
    previous = complaint.status
    complaint.status = transition_check(status=previous, action=action)
    for name, value in (fields or {}).items():
        setattr(complaint, name, value)
    complaint.save()
    event_record(
        complaint=complaint,
        kind=kind,
        actor=actor,
        public_note=public_note,
        internal_note=internal_note,
        from_status=previous,
        to_status=complaint.status,
    )
    complaint_reassess_severity(complaint=complaint, actor=actor)
    if complaint.member_id and complaint.status != previous:
        _notify_status(complaint=complaint, public_note=public_note)
    return complaint


def _notify_status(*, complaint: Complaint, public_note: str) -> None:
    """Tell the member their complaint moved on (the public note only, never internal)."""
    from notifications.services import notify

    notify(
        member=complaint.member,
        key="complaint_status_changed",
        context={
            "reference": complaint.reference,
            "status": str(complaint.get_status_display()),
            "note": public_note,
        },
    )


@transaction.atomic
def complaint_acknowledge(*, actor: Any, complaint: Complaint, public_note: str) -> Complaint:
    """The first response to the complainant (what the response clock measures)."""
    permission_require(actor, HANDLE)
    public_note = note_required(public_note, field="public_note")
    complaint = complaint_lock(complaint)
    return _move(
        complaint=complaint,
        action="acknowledge",
        actor=actor,
        kind=EventKind.ACKNOWLEDGED,
        public_note=public_note,
        fields={"acknowledged_at": timezone.now()},
    )


@transaction.atomic
def complaint_assign(
    *, actor: Any, complaint: Complaint, department: Department, handler: Any, note: str = ""
) -> Complaint:
    """Assign to a department and a named handler (who must be able to handle complaints)."""
    permission_require(actor, HANDLE)
    handler = get_user_model().objects.filter(pk=getattr(handler, "pk", None)).first()
    if handler is None or not handler.is_active or not handler.has_perm(HANDLE):
        raise DomainError("handler", "HANDLER_NOT_ELIGIBLE", _("该员工不能处理投诉。"))
    complaint = complaint_lock(complaint)
    if complaint.status == Status.CLOSED:
        raise DomainError("status", "COMPLAINT_CLOSED", _("投诉已关闭。"))
    previous = {"department": complaint.department_id, "handler": complaint.handler_id}
    complaint.department = department
    complaint.handler = handler
    complaint.save(update_fields=["department", "handler", "updated_at"])
    event_record(
        complaint=complaint,
        kind=EventKind.ASSIGNED,
        actor=actor,
        internal_note=note,
        data={
            "from": previous,
            "department": department.pk,
            "department_name": department.name,
            "handler": handler.pk,
            "handler_name": handler.get_full_name() or handler.get_username(),
        },
    )
    complaint_reassess_severity(complaint=complaint, actor=actor)
    return complaint


@transaction.atomic
def complaint_start(
    *, actor: Any, complaint: Complaint, internal_note: str, public_note: str = ""
) -> Complaint:
    """Handling starts: needs a named handler, and the note is the first handling record."""
    permission_require(actor, HANDLE)
    internal_note = note_required(internal_note, field="internal_note")
    complaint = complaint_lock(complaint)
    if complaint.handler_id is None:
        raise DomainError("handler", "HANDLER_REQUIRED", _("请先指定处理人。"))
    return _move(
        complaint=complaint,
        action="start",
        actor=actor,
        kind=EventKind.STARTED,
        public_note=public_note,
        internal_note=internal_note,
        fields={"handling_recorded_at": complaint.handling_recorded_at or timezone.now()},
    )


@transaction.atomic
def complaint_record_handling(
    *, actor: Any, complaint: Complaint, internal_note: str, public_note: str = ""
) -> Complaint:
    """Add to the handling record (《顾客投诉处理记录表》) of an open complaint."""
    permission_require(actor, HANDLE)
    internal_note = note_required(internal_note, field="internal_note")
    complaint = complaint_lock(complaint)
    if complaint.status == Status.CLOSED:
        raise DomainError("status", "COMPLAINT_CLOSED", _("投诉已关闭。"))
    if complaint.handling_recorded_at is None:
        complaint.handling_recorded_at = timezone.now()
        complaint.save(update_fields=["handling_recorded_at", "updated_at"])
    event_record(
        complaint=complaint,
        kind=EventKind.HANDLING_NOTE,
        actor=actor,
        public_note=public_note,
        internal_note=internal_note,
    )
    complaint_reassess_severity(complaint=complaint, actor=actor)
    return complaint


@transaction.atomic
def complaint_resolve(
    *, actor: Any, complaint: Complaint, public_note: str, internal_note: str = ""
) -> Complaint:
    """Handling done: the complainant is told the result and a follow-up task opens."""
    permission_require(actor, HANDLE)
    public_note = note_required(public_note, field="public_note")
    complaint = complaint_lock(complaint)
    now = timezone.now()
    complaint = _move(
        complaint=complaint,
        action="resolve",
        actor=actor,
        kind=EventKind.RESOLVED,
        public_note=public_note,
        internal_note=internal_note,
        fields={"resolved_at": now},
    )
    FollowUp.objects.create(complaint=complaint, created_at=now)
    return complaint


@transaction.atomic
def complaint_reopen(*, actor: Any, complaint: Complaint, reason: str) -> Complaint:
    """Raised again after resolution (二次投诉): back to IN_PROGRESS, at least IMPORTANT.

    The complainant may reopen their own complaint; staff who handle complaints any.
    """
    reason = note_required(reason, field="reason")
    complaint = complaint_lock(complaint)
    member = getattr(actor, "member", None) if actor is not None else None
    own = member is not None and complaint.member_id == member.pk
    if not own:
        try:
            permission_require(actor, HANDLE)
        except PermissionDeniedError:
            raise DomainError(None, "NOT_FOUND", _("未找到该投诉。")) from None
    complaint.follow_ups.filter(completed_at__isnull=True).update(
        outcome=FollowUpOutcome.SUPERSEDED, completed_at=timezone.now()
    )
    complaint.reopen_count += 1
    # A reopening is a new fact: a supervisor's earlier lowering no longer holds it down.
    complaint.severity_override_of = ""
    complaint = _move(
        complaint=complaint,
        action="reopen",
        actor=actor,
        kind=EventKind.REOPENED,
        public_note=reason if own else _("您的投诉已重新进入处理流程。"),
        internal_note="" if own else reason,
        fields={"resolved_at": None, "closed_at": None},
    )
    return complaint


@transaction.atomic
def complaint_close(
    *, actor: Any, complaint: Complaint, public_note: str = "", internal_note: str = ""
) -> Complaint:
    """Close after the follow-up (or 3 documented failed attempts); MAJOR needs its case."""
    permission_require(actor, HANDLE)
    complaint = complaint_lock(complaint)
    transition_check(status=complaint.status, action="close")
    if complaint.severity == Severity.MAJOR and not hasattr(complaint, "case_write_up"):
        raise DomainError(None, "CASE_WRITE_UP_REQUIRED", _("重大投诉须先编写案例才能关闭。"))
    if complaint.status == Status.RESOLVED:
        follow_up = complaint.follow_ups.order_by("-created_at", "-pk").first()
        attempts = follow_up.failed_attempts if follow_up else 0
        if attempts < FOLLOW_UP_ATTEMPTS_BEFORE_CLOSE:
            raise DomainError(
                None,
                "FOLLOW_UP_REQUIRED",
                _("关闭前须完成回访，或记录 3 次未能联系上的回访。"),
            )
        follow_up.outcome = FollowUpOutcome.UNREACHABLE
        follow_up.completed_at = timezone.now()
        follow_up.completed_by = actor
        follow_up.save(update_fields=["outcome", "completed_at", "completed_by"])
    return _move(
        complaint=complaint,
        action="close",
        actor=actor,
        kind=EventKind.CLOSED,
        public_note=public_note,
        internal_note=internal_note,
        fields={"closed_at": timezone.now()},
    )
