"""Purchase deposits (诚意金): only for a licensed project in pre-sale; a priority number
in order of successful payment; refundable on request until the project launches."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from content.choices import SalesStatus
from content.models import ProjectPage
from core.errors import DomainError, NotFoundError
from events.errors import raise_all
from payments.choices import DEPOSIT_ACTIVE, DepositStatus, PaymentKind, PaymentStatus
from payments.models import Deposit, DepositCounter, Payment
from payments.services.core import payment_open, payment_refund_start, payment_row_create

# An unpaid deposit is closed (its intent cancelled) after this long; the member may start again.
DEPOSIT_PAYMENT_WINDOW = dt.timedelta(days=1)


def _start_errors(*, member, project: ProjectPage) -> list[DomainError]:
    errors: list[DomainError] = []
    # The licence rule first and alone: never a deposit before the pre-sale licence.
    if not ProjectPage.objects.licensed().filter(pk=project.pk).exists():
        return [
            DomainError(
                "project_slug",
                "DEPOSIT_PROJECT_UNLICENSED",
                _("该楼盘尚未取得预售许可证，暂不接受诚意金。"),
            )
        ]
    if project.sales_status != SalesStatus.PRE_SALE:
        errors.append(DomainError("project_slug", "DEPOSIT_NOT_OPEN", _("该楼盘当前不在认筹期。")))
    if not project.deposit_amount:
        errors.append(
            DomainError("project_slug", "DEPOSIT_NOT_OFFERED", _("该楼盘未开放诚意金登记。"))
        )
    return errors


def deposit_start(*, member, project: ProjectPage) -> Deposit:
    """Start (or resume, while unpaid) the member's deposit for `project`; its payment
    carries the client secret the page pays with. Runs outside a transaction."""
    existing = (
        Deposit.objects.select_related("payment")
        .filter(member=member, project=project, status__in=DEPOSIT_ACTIVE)
        .first()
    )
    if (
        existing is not None
        and existing.status == DepositStatus.PENDING_PAYMENT
        and existing.payment.intent_id
    ):
        return existing  # the same payment again: paying twice is impossible
    deposit = deposit_rows_create(member=member, project=project)
    payment_open(payment=deposit.payment)
    deposit.refresh_from_db()
    return deposit


def deposit_rows_create(*, member, project: ProjectPage) -> Deposit:
    """Check the rules and write the deposit and its payment row (no Stripe call yet)."""
    if member.deleted_at is not None:
        raise DomainError(None, "MEMBER_DELETED", _("该会员已注销。"))
    raise_all(_start_errors(member=member, project=project))
    exists = DomainError(None, "DEPOSIT_EXISTS", _("您已为该楼盘缴纳诚意金。"))
    if Deposit.objects.filter(member=member, project=project, status__in=DEPOSIT_ACTIVE).exists():
        raise exists
    try:
        with transaction.atomic():
            payment = payment_row_create(
                member=member,
                kind=PaymentKind.DEPOSIT,
                amount=project.deposit_amount,
                expires_at=timezone.now() + DEPOSIT_PAYMENT_WINDOW,
            )
            return Deposit.objects.create(
                member=member, project=project, payment=payment, amount=project.deposit_amount
            )
    except IntegrityError:  # a second start at the same moment
        raise exists from None


def _next_priority_number(*, project_id: int) -> int:
    """The project's next number; the counter row stays locked until the caller commits."""
    DepositCounter.objects.get_or_create(project_id=project_id)
    DepositCounter.objects.filter(project_id=project_id).update(last_number=F("last_number") + 1)
    return DepositCounter.objects.get(project_id=project_id).last_number


def deposit_mark_paid(*, payment: Payment, now: dt.datetime) -> str:
    """The deposit's payment succeeded (payment row locked by the caller): number it and
    confirm to the member at once (DOMAIN.md's 6+2 standard asks within three days)."""
    deposit = Deposit.objects.select_for_update().select_related("project").get(payment=payment)
    if deposit.status != DepositStatus.PENDING_PAYMENT:
        payment_refund_start(payment=payment, now=now)
        return "refunding_late_payment"
    deposit.priority_number = _next_priority_number(project_id=deposit.project_id)
    deposit.status = DepositStatus.PAID
    deposit.paid_at = now
    deposit.save(update_fields=["priority_number", "status", "paid_at"])
    _confirm_to_member(deposit=deposit)
    return "numbered"


def _confirm_to_member(*, deposit: Deposit) -> None:
    # Through the notification pipeline: the editors' wording, the member's language and
    # their notification history; by text and by e-mail where the member has each.
    from notifications.models import Channel
    from notifications.services import notify

    user = deposit.member.user
    channels = [
        c for c, address in ((Channel.SMS, user.phone), (Channel.EMAIL, user.email)) if address
    ]
    notify(
        member=deposit.member,
        key="deposit_confirmed",
        channels=channels,
        context={
            "project": deposit.project.title,
            "number": str(deposit.priority_number),
            "amount": f"{deposit.amount / 100:,.2f}",
        },
    )


def deposit_refund_request(*, member, deposit_id: int, now: dt.datetime | None = None) -> Deposit:
    """The member asks for their deposit back; granted until the project launches (while
    it is in pre-sale). The refund is sent to Stripe after commit."""
    now = now or timezone.now()
    not_found = NotFoundError("deposit_id", _("诚意金记录不存在。"), code="DEPOSIT_NOT_FOUND")
    deposit = Deposit.objects.filter(pk=deposit_id, member=member).first()
    if deposit is None:
        raise not_found
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=deposit.payment_id)
        deposit = Deposit.objects.select_for_update().select_related("project").get(pk=deposit.pk)
        if deposit.status != DepositStatus.PAID or payment.status != PaymentStatus.SUCCEEDED:
            raise DomainError(None, "DEPOSIT_NOT_REFUNDABLE", _("该诚意金当前不能申请退款。"))
        if deposit.project.sales_status != SalesStatus.PRE_SALE:
            raise DomainError(
                None, "DEPOSIT_REFUND_CLOSED", _("楼盘已开盘，诚意金退款请联系销售顾问。")
            )
        deposit.status = DepositStatus.REFUND_REQUESTED
        deposit.refund_requested_at = now
        deposit.save(update_fields=["status", "refund_requested_at"])
        payment_refund_start(payment=payment, now=now)
    return deposit
