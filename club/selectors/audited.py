"""The one door for staff and marketing reads of member personal data.

A read of members by anyone but the member themself is a queryset of this class. The
queryset is lazy like any other (callers filter, order and page it), but the moment its
rows are fetched it
- masks each member's phone and e-mail for the reader's scopes (`member.contact`, the
  only contact a staff or API screen shows), and
- writes one audit row (who, operation, filters, how many rows, whether PII was in clear).
So no caller (a GraphQL resolver, an admin list, detail or export) can read rows without
their masking and their audit row. Counting (`count()`, `exists()`) reads no personal data
and is not audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from club.masking import mask_email, mask_name, mask_phone
from club.models import ApiToken
from core.audit import audit_record

SCOPE_MEMBERS = ApiToken.SCOPE_MEMBERS
SCOPE_MEMBERS_PII = ApiToken.SCOPE_MEMBERS_PII
# Held only through the club.view_unconsented_member permission (sales), never by an API
# token: without it a reader sees only members with an active marketing consent.
SCOPE_MEMBERS_UNCONSENTED = "read:members:unconsented"


def member_contact(*, member, scopes: frozenset[str] | set[str]) -> dict[str, Any]:
    """Name, phone and e-mail, in clear only for holders of read:members:pii, else masked.

    The masking rule, written once: every screen and API that shows another person's
    name or contact gets it from here (through the audited read below). The name is
    personal data like the phone: 王** without the PII permission. An erased member is
    shown under their pseudonym, which identifies nobody.
    """
    phone = member.user.phone
    email = member.user.email
    pii = SCOPE_MEMBERS_PII in scopes
    if member.deleted_at is not None:
        name = member.pseudonym
    else:
        name = member.name if pii else mask_name(member.name)
    if pii:
        return {"name": name, "phone": str(phone) if phone else None, "email": email}
    return {"name": name, "phone": mask_phone(phone), "email": mask_email(email)}


@dataclass(frozen=True)
class MemberRead:
    """Who reads, with which scopes, and how the audit log describes the read."""

    actor: Any
    scopes: frozenset[str]
    operation: str
    filters: dict[str, Any] = field(default_factory=dict)
    target: str = ""
    actor_label: str | None = None
    # Dotted path from a row to its member ("" when the rows are members).
    member_path: str = ""

    def member_of(self, row):
        for attr in filter(None, self.member_path.split(".")):
            row = getattr(row, attr)
        return row

    def record(self, rows: list) -> None:
        for row in rows:
            if hasattr(row, "_meta"):  # model rows only; values() rows carry no contact
                member = self.member_of(row)
                member.contact = member_contact(member=member, scopes=self.scopes)
        audit_record(
            actor=self.actor,
            operation=self.operation,
            target=self.target,
            filters=self.filters,
            row_count=len(rows),
            pii_unmasked=SCOPE_MEMBERS_PII in self.scopes,
            actor_label=self.actor_label,
        )


class AuditedReadQuerySet(QuerySet):
    """A queryset whose every fetch of rows is masked and audited (see module docstring)."""

    _member_read: MemberRead | None = None

    def audited_as(self, read: MemberRead) -> AuditedReadQuerySet:
        clone = self._chain()
        clone._member_read = read
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._member_read = self._member_read
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._member_read is not None:
            self._member_read.record(self._result_cache)

    def iterator(self, chunk_size=None):
        # Django's iterator() bypasses the result cache (and so the audit): read through it.
        self._fetch_all()
        yield from self._result_cache


def audited_read(queryset: QuerySet, read: MemberRead) -> AuditedReadQuerySet:
    """`queryset` as an audited read: same rows, masked and audited when fetched."""
    audited = AuditedReadQuerySet(
        model=queryset.model, query=queryset.query.chain(), using=queryset._db
    )
    audited._prefetch_related_lookups = queryset._prefetch_related_lookups
    return audited.audited_as(read)
