"""Keeping a complaint's severity where the rules put it (service.severity), issue groups,
and the supervisor's right to lower a level.

Severity is only ever raised automatically. `complaint_reassess_severity` runs after every
change a service makes and from the periodic task; when it raises a complaint to HOT or
MAJOR it enqueues the notification after commit. Lowering is a separate, permissioned
service that records the reason and what the engine computed at the time, so the engine
does not undo the decision until new facts call for more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from service.choices import OPEN_STATUSES, EventKind, Severity
from service.models import Complaint, IssueGroup
from service.permissions import HANDLE, SUPERVISE
from service.services.common import complaint_lock, event_record, permission_require
from service.severity import Assessment, severity_assess

NOTIFIED_LEVELS = (Severity.HOT, Severity.MAJOR)


def complaint_assess(*, complaint: Complaint, now: dt.datetime | None = None) -> Assessment:
    """What the engine says of `complaint` now, reading its issue group from the database."""
    group: list[Complaint] = []
    if complaint.issue_group_id:
        group = list(
            Complaint.objects.filter(issue_group_id=complaint.issue_group_id).exclude(
                pk=complaint.pk
            )
        )
    return severity_assess(complaint=complaint, group=group, now=now or timezone.now())


def complaint_reassess_severity(
    *, complaint: Complaint, actor: Any = None, now: dt.datetime | None = None
) -> bool:
    """Raise `complaint`'s severity to what the rules call for; True if it was raised.

    Call with the complaint's row locked (the services do). Never lowers. After a
    supervisor lowered it, raises only past the level the engine computed back then.
    """
    assessment = complaint_assess(complaint=complaint, now=now)
    computed = assessment.severity
    if complaint.severity_override_of and Severity.rank(computed) <= Severity.rank(
        complaint.severity_override_of
    ):
        return False
    if Severity.rank(computed) <= Severity.rank(complaint.severity):
        return False
    previous = complaint.severity
    complaint.severity = computed
    complaint.severity_override_of = ""
    complaint.save(update_fields=["severity", "severity_override_of", "updated_at"])
    event_record(
        complaint=complaint,
        kind=EventKind.SEVERITY_RAISED,
        actor=actor,
        data={"from": previous, "to": computed, "reasons": list(assessment.reasons)},
        at=now,
    )
    if computed in NOTIFIED_LEVELS:
        from service.tasks import complaint_notify_escalation

        complaint_id = complaint.pk
        transaction.on_commit(lambda: complaint_notify_escalation.enqueue(complaint_id, computed))
    return True


def complaint_lower_severity(
    *, actor: Any, complaint: Complaint, severity: str, reason: str
) -> Complaint:
    """A supervisor lowers a severity, giving the reason (recorded on the timeline)."""
    permission_require(actor, SUPERVISE)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", "REASON_REQUIRED", _("下调级别须填写原因。"))
    if severity not in Severity.values:
        raise DomainError("severity", "SEVERITY_INVALID", _("请选择有效的级别。"))
    with transaction.atomic():
        complaint = complaint_lock(complaint)
        if Severity.rank(severity) >= Severity.rank(complaint.severity):
            raise DomainError("severity", "SEVERITY_NOT_LOWER", _("只能选择比当前更低的级别。"))
        previous = complaint.severity
        computed = complaint_assess(complaint=complaint).severity
        complaint.severity = severity
        complaint.severity_override_of = Severity.highest(computed, severity)
        complaint.save(update_fields=["severity", "severity_override_of", "updated_at"])
        event_record(
            complaint=complaint,
            kind=EventKind.SEVERITY_LOWERED,
            actor=actor,
            internal_note=reason,
            data={"from": previous, "to": severity, "computed": computed},
        )
    return complaint


FLAG_FIELDS = ("legal_action", "media_exposure", "may_escalate", "needs_outside_support")


def complaint_flags_set(
    *,
    actor: Any,
    complaint: Complaint,
    note: str,
    people_count: int | None = None,
    caused_by_us: bool | None = None,
    **flags: bool,
) -> Complaint:
    """Staff record the facts the severity engine reads (legal action, media exposure, may
    escalate, needs outside support, number of people, whether a delay is our fault);
    the engine runs straight after. `note` says why, for the timeline."""
    permission_require(actor, HANDLE)
    unknown = set(flags) - set(FLAG_FIELDS)
    if unknown:
        raise TypeError(f"unknown flags: {sorted(unknown)}")
    note = (note or "").strip()
    if not note:
        raise DomainError("note", "NOTE_REQUIRED", _("请填写说明。"))
    if people_count is not None and people_count < 1:
        raise DomainError("people_count", "INVALID_PEOPLE_COUNT", _("人数至少为 1。"))
    with transaction.atomic():
        complaint = complaint_lock(complaint)
        changes = dict(flags)
        if people_count is not None:
            changes["people_count"] = people_count
        if caused_by_us is not None:
            changes["caused_by_us"] = caused_by_us
        changed = {k: v for k, v in changes.items() if getattr(complaint, k) != v}
        for name, value in changed.items():
            setattr(complaint, name, value)
        if changed:
            complaint.save(update_fields=[*changed, "updated_at"])
        event_record(
            complaint=complaint,
            kind=EventKind.FLAGS_CHANGED,
            actor=actor,
            internal_note=note,
            data=changed,
        )
        complaint_reassess_severity(complaint=complaint, actor=actor)
    return complaint


def issue_group_create(*, actor: Any, complaint: Complaint, title: str = "") -> IssueGroup:
    """Start an issue group from one complaint (its project and category)."""
    permission_require(actor, HANDLE)
    with transaction.atomic():
        group = IssueGroup.objects.create(
            title=(title or complaint.title).strip()[:200],
            project_id=complaint.project_id,
            category=complaint.category,
            created_by=actor,
        )
        complaint_link_to_group(actor=actor, complaint=complaint, group=group)
    return group


def complaint_link_to_group(*, actor: Any, complaint: Complaint, group: IssueGroup) -> Complaint:
    """Staff judge `complaint` to be about `group`'s issue; every complaint of the group is
    reassessed (a third different complainant makes them all HOT)."""
    permission_require(actor, HANDLE)
    with transaction.atomic():
        complaint = complaint_lock(complaint)
        if complaint.issue_group_id == group.pk:
            return complaint
        complaint.issue_group = group
        complaint.save(update_fields=["issue_group", "updated_at"])
        event_record(
            complaint=complaint,
            kind=EventKind.LINKED_TO_GROUP,
            actor=actor,
            data={"group": group.pk, "title": group.title},
        )
        # Lock the whole group in a stable order, then reassess each member.
        members = list(
            Complaint.objects.select_for_update().filter(issue_group=group).order_by("pk")
        )
        for member in members:
            complaint_reassess_severity(complaint=member, actor=actor)
    complaint.refresh_from_db()
    return complaint


def complaints_reassess_open(*, now: dt.datetime | None = None) -> int:
    """Reassess every complaint the time rules can still affect; how many were raised.

    Run periodically (service.tasks): "unresolved after a week / a month" happens with
    nobody touching the complaint. Each complaint is reassessed in its own transaction
    with its row locked, so a long run never holds many locks.
    """
    now = now or timezone.now()
    raised = 0
    candidates = (
        Complaint.objects.filter(status__in=OPEN_STATUSES, caused_by_us=True)
        .exclude(severity=Severity.MAJOR)
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for pk in list(candidates):
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            if complaint_reassess_severity(complaint=complaint, now=now):
                raised += 1
    return raised
