"""Follow-up (回访) after resolution, the complainant's rating, and the case write-up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.text import segment
from service.choices import EventKind, FollowUpOutcome, Status
from service.lifecycle import transition_check
from service.models import CaseWriteUp, Complaint, FollowUp
from service.permissions import HANDLE
from service.services.common import (
    FieldErrors,
    complaint_lock,
    event_record,
    note_required,
    permission_require,
)
from service.services.severity import complaint_reassess_severity

MAX_COMMENT = 2000


def _rating_check(rating: int | None, *, required: bool) -> None:
    if rating is None and not required:
        return
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError("rating", "RATING_INVALID", _("请选择 1 到 5 分的满意度。"))


def _open_follow_up(complaint: Complaint) -> FollowUp:
    follow_up = (
        complaint.follow_ups.filter(completed_at__isnull=True).order_by("-created_at").first()
    )
    if follow_up is None:  # resolved before follow-ups were recorded: open one now
        follow_up = FollowUp.objects.create(complaint=complaint, created_at=timezone.now())
    return follow_up


@transaction.atomic
def complaint_follow_up_record(
    *,
    actor: Any,
    complaint: Complaint,
    reached: bool,
    internal_note: str,
    rating: int | None = None,
    comment: str = "",
) -> Complaint:
    """Staff record a follow-up call: reached (optionally with the satisfaction the
    complainant gave), or a failed attempt documented by its note."""
    permission_require(actor, HANDLE)
    internal_note = note_required(internal_note, field="internal_note")
    _rating_check(rating, required=False)
    complaint = complaint_lock(complaint)
    if complaint.status != Status.RESOLVED:
        transition_check(status=complaint.status, action="follow_up")
    follow_up = _open_follow_up(complaint)
    if not reached:
        follow_up.failed_attempts += 1
        follow_up.save(update_fields=["failed_attempts"])
        event_record(
            complaint=complaint,
            kind=EventKind.FOLLOW_UP_ATTEMPT,
            actor=actor,
            internal_note=internal_note,
            data={"attempt": follow_up.failed_attempts},
        )
        return complaint
    now = timezone.now()
    follow_up.outcome = FollowUpOutcome.RATED if rating else FollowUpOutcome.REACHED
    follow_up.rating = rating
    follow_up.comment = (comment or "").strip()[:MAX_COMMENT]
    follow_up.completed_at = now
    follow_up.completed_by = actor
    follow_up.save()
    previous = complaint.status
    complaint.status = transition_check(status=previous, action="follow_up")
    complaint.save(update_fields=["status", "updated_at"])
    event_record(
        complaint=complaint,
        kind=EventKind.FOLLOWED_UP,
        actor=actor,
        public_note=_("感谢您接受回访。"),
        internal_note=internal_note,
        from_status=previous,
        to_status=complaint.status,
        data={"rating": rating} if rating else {},
    )
    complaint_reassess_severity(complaint=complaint, actor=actor)
    return complaint


@transaction.atomic
def complaint_rate(
    *, member: Any, complaint: Complaint, rating: int, comment: str = ""
) -> Complaint:
    """The complainant rates the handling 1–5 with a comment; this is the follow-up when
    no call happened yet. Own complaints only; once per resolution."""
    _rating_check(rating, required=True)
    complaint = complaint_lock(complaint)
    if member is None or complaint.member_id != member.pk:
        raise DomainError(None, "NOT_FOUND", _("未找到该投诉。"))
    if complaint.status not in (Status.RESOLVED, Status.FOLLOWED_UP):
        raise DomainError("status", "NOT_RATABLE", _("投诉解决后才能评价。"))
    follow_up = complaint.follow_ups.order_by("-created_at", "-pk").first()
    if follow_up is not None and follow_up.rating is not None:
        raise DomainError("rating", "ALREADY_RATED", _("您已评价过本次处理。"))
    if follow_up is None or follow_up.outcome == FollowUpOutcome.SUPERSEDED:
        follow_up = _open_follow_up(complaint)
    now = timezone.now()
    follow_up.rating = rating
    follow_up.comment = (comment or "").strip()[:MAX_COMMENT]
    follow_up.outcome = FollowUpOutcome.RATED
    follow_up.completed_at = follow_up.completed_at or now
    follow_up.save()
    previous = complaint.status
    if previous == Status.RESOLVED:
        complaint.status = transition_check(status=previous, action="follow_up")
        complaint.save(update_fields=["status", "updated_at"])
    event_record(
        complaint=complaint,
        kind=EventKind.RATED,
        actor=member.user,
        public_note=_("感谢您的评价。"),
        from_status=previous,
        to_status=complaint.status,
        data={"rating": rating},
        at=now,
    )
    return complaint


CASE_FIELDS = ("cause", "handling", "result", "lessons", "corrective_actions")
_CASE_LABELS = {
    "cause": gettext_lazy("原因"),
    "handling": gettext_lazy("处理过程"),
    "result": gettext_lazy("处理结果"),
    "lessons": gettext_lazy("经验教训"),
    "corrective_actions": gettext_lazy("纠正措施"),
}


@transaction.atomic
def case_write_up(
    *,
    actor: Any,
    complaint: Complaint,
    cause: str,
    handling: str,
    result: str,
    lessons: str,
    corrective_actions: str,
) -> CaseWriteUp:
    """Write (or revise) the case (案例) of a complaint: all five parts are required.

    Required before a MAJOR complaint closes; any complaint may have one for the library.
    """
    permission_require(actor, HANDLE)
    values = {
        "cause": cause,
        "handling": handling,
        "result": result,
        "lessons": lessons,
        "corrective_actions": corrective_actions,
    }
    values = {k: (v or "").strip() for k, v in values.items()}
    errors = FieldErrors()
    for name, value in values.items():
        errors.check(
            name, bool(value), "REQUIRED", _("请填写%(label)s。") % {"label": _CASE_LABELS[name]}
        )
    errors.raise_if_any()
    complaint = complaint_lock(complaint)
    search_text = segment(" ".join([complaint.title, complaint.description, *values.values()]))
    case, created = CaseWriteUp.objects.update_or_create(
        complaint=complaint,
        defaults={**values, "search_text": search_text, "author": actor},
    )
    event_record(
        complaint=complaint,
        kind=EventKind.CASE_WRITTEN,
        actor=actor,
        data={"created": created},
    )
    return case
