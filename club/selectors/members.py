"""Reading members: the member's own record, marketing's consent-scoped list, staff detail.

Two doors, never mixed:
- a member reads only their own record, found from their signed-in user (`member_for_user`);
  no member-facing read takes a member id, so one member cannot name another's;
- staff and marketing read through scope-checked selectors that audit every read of
  personal data and never return members without an active marketing consent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from club.masking import mask_email, mask_phone
from club.models import ApiToken, Consent, Member, PurchaseIntent
from club.models.members import MARKETING_VISIBLE
from club.selectors.filters import MemberFilter, as_member_filter
from core.audit import audit_record
from core.errors import NotFoundError, PermissionDeniedError

SCOPE_MEMBERS = ApiToken.SCOPE_MEMBERS
SCOPE_MEMBERS_PII = ApiToken.SCOPE_MEMBERS_PII


def member_for_user(*, user) -> Member | None:
    """The signed-in user's own, non-deleted member record, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    member = getattr(user, "member", None)
    if member is None or member.deleted_at is not None:
        return None
    return member


def scopes_for_user(user) -> frozenset[str]:
    """The member-data scopes a signed-in staff user holds through their permissions."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    scopes = set()
    if user.has_perm("club.view_member"):
        scopes.add(SCOPE_MEMBERS)
        if user.has_perm("club.view_member_pii"):
            scopes.add(SCOPE_MEMBERS_PII)
    return frozenset(scopes)


def _require_scope(scopes: frozenset[str] | set[str], scope: str = SCOPE_MEMBERS) -> None:
    if scope not in scopes:
        raise PermissionDeniedError(_("您没有查看会员数据的权限。"))


def member_contact(*, member: Member, scopes: frozenset[str] | set[str]) -> dict[str, Any]:
    """Phone and e-mail, in clear only for holders of read:members:pii, else masked."""
    phone = member.user.phone
    email = member.user.email
    if SCOPE_MEMBERS_PII in scopes:
        return {"phone": str(phone) if phone else None, "email": email}
    return {"phone": mask_phone(phone), "email": mask_email(email)}


def members_for_marketing(
    *,
    actor,
    scopes: frozenset[str] | set[str],
    filters: MemberFilter | dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> QuerySet[Member]:
    """Members marketing may see: active marketing consent, not deleted, filtered.

    Not audited by itself (the row count is known only once a page is read): the caller
    records the read with `member_read_audit` after materialising the page.
    """
    _require_scope(scopes)
    qs = Member.objects.filter(MARKETING_VISIBLE)
    qs = as_member_filter(filters).apply(qs, today=today)
    return qs.select_related("user", "preferences").order_by("-joined_at", "-pk")


def member_read_audit(
    *,
    actor,
    scopes: frozenset[str] | set[str],
    operation: str,
    filters: MemberFilter | dict[str, Any] | None = None,
    row_count: int,
    target: str = "",
    actor_label: str | None = None,
) -> None:
    """Write the audit entry for one read of member personal data (who, what, how many)."""
    if isinstance(filters, MemberFilter):
        audit_filters = filters.as_audit_dict()
    else:
        audit_filters = dict(filters or {})
    audit_record(
        actor=actor,
        operation=operation,
        target=target,
        filters=audit_filters,
        row_count=row_count,
        pii_unmasked=SCOPE_MEMBERS_PII in scopes,
        actor_label=actor_label,
    )


def member_detail_for_staff(*, actor, member_id: int, operation: str = "member.view") -> Member:
    """One member for a staff screen; the view is audited whatever the outcome shows."""
    scopes = scopes_for_user(actor)
    _require_scope(scopes)
    member = (
        Member.objects.select_related("user", "preferences", "referred_by")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise NotFoundError("member", _("会员不存在。"))
    member_read_audit(
        actor=actor, scopes=scopes, operation=operation, target=f"member:{member.pk}", row_count=1
    )
    return member


def member_consents(*, member: Member) -> QuerySet[Consent]:
    """The member's consent history, newest first."""
    return Consent.objects.filter(member=member).order_by("-granted_at", "-pk")


def member_active_consent_kinds(*, member: Member) -> set[str]:
    return set(
        Consent.objects.filter(member=member, withdrawn_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def member_purchase_intents(*, member: Member) -> QuerySet[PurchaseIntent]:
    return PurchaseIntent.objects.filter(member=member).select_related("project")


def purchase_intents_for_sales(*, actor, project=None) -> QuerySet[PurchaseIntent]:
    """Intents for sales staff (club.view_purchaseintent), newest first."""
    if not actor.has_perm("club.view_purchaseintent"):
        raise PermissionDeniedError(_("您没有查看购房意向的权限。"))
    qs = PurchaseIntent.objects.select_related("member__user", "project")
    if project is not None:
        qs = qs.filter(project=project)
    return qs.order_by("-created_at", "-pk")
