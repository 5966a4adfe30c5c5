"""Every read of the payments domain: a member's deposits and payments, sales' lists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from club.selectors.audited import AuditedReadQuerySet, MemberRead, audited_read
from club.selectors.members import scopes_for_user
from core.errors import PermissionDeniedError
from payments.models import Deposit, Payment


def member_deposits(*, member) -> QuerySet[Deposit]:
    """The member's own deposits, newest first."""
    return (
        Deposit.objects.filter(member=member)
        .select_related("project", "payment")
        .order_by("-created_at", "-pk")
    )


def no_deposits() -> QuerySet[Deposit]:
    return Deposit.objects.none()


def registration_payment(*, registration) -> Payment | None:
    """The payment of a paid event's registration, if any (one query)."""
    return Payment.objects.filter(registration_id=registration.pk).first()


def payment_client_secret(*, payment: Payment | None) -> str | None:
    """The secret the member's page confirms the payment with, while it can be paid."""
    if payment is None or payment.status != "PENDING" or not payment.client_secret:
        return None
    return payment.client_secret


def deposits_for_sales(
    *,
    actor,
    project=None,
    operation: str = "admin.deposit.list",
    filters: dict[str, Any] | None = None,
) -> AuditedReadQuerySet[Deposit]:
    """Deposits for sales staff (payments.view_deposit), by project then priority number.

    An audited read, like purchase intents: each member's contact is masked for the viewer
    and the read is written to the audit trail.
    """
    if not actor.has_perm("payments.view_deposit"):
        raise PermissionDeniedError(_("您没有查看诚意金的权限。"))
    qs = Deposit.objects.select_related("member__user", "project", "payment").exclude(
        priority_number__isnull=True
    )
    if project is not None:
        qs = qs.filter(project=project)
    read = MemberRead(
        actor=actor,
        scopes=scopes_for_user(actor),
        operation=operation,
        filters=dict(filters or {}),
        member_path="member",
    )
    return audited_read(qs.order_by("project_id", "priority_number"), read)
