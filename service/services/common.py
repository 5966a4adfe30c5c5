"""What every service of the app shares: permission checks, row locks, event rows and the
collection of field errors (a request is answered whole)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError
from service.models import Complaint, ComplaintEvent


def permission_require(actor: Any, perm: str) -> None:
    """Refuse unless `actor` is an active user holding `perm`."""
    if actor is None or not getattr(actor, "is_active", False) or not actor.has_perm(perm):
        raise PermissionDeniedError(_("您没有执行此操作的权限。"))


def complaint_lock(complaint: Complaint) -> Complaint:
    """The complaint's row, re-read and locked until the transaction ends.

    Every status or severity change starts here, so two staff acting at once are
    serialised and the second one sees the first one's result.
    """
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def event_record(
    *,
    complaint: Complaint,
    kind: str,
    actor: Any = None,
    public_note: str = "",
    internal_note: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ComplaintEvent:
    """Append one timeline entry."""
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        public_note=public_note.strip(),
        internal_note=internal_note.strip(),
        from_status=from_status,
        to_status=to_status,
        data=data or {},
        at=at or timezone.now(),
    )


class FieldErrors:
    """Collects every field's error of one request, then raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, error: DomainError) -> None:
        self.errors.setdefault(error.field or "__all__", []).append(
            ValidationError(error.message, code=error.code)
        )

    def check(self, field: str, ok: bool, code: str, message: str) -> None:
        if not ok:
            self.add(DomainError(field, code, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def note_required(note: str, *, field: str = "note") -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError(field, "NOTE_REQUIRED", _("请填写说明。"))
    return note
