"""Payments through Stripe PaymentIntents, deposits with priority numbers, webhook events.

Money is an integer number of 分 (CNY minor units) everywhere: in these rows, in the
PaymentIntent's `amount`, in the API. Yuan appear only in spreadsheets (club's `yuan`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from payments.choices import DEPOSIT_ACTIVE, DepositStatus, PaymentKind, PaymentStatus


class Payment(models.Model):
    """One PaymentIntent of ours: what it is for, how much, and where it stands.

    The row is written (with its idempotency key) before Stripe is asked, so a retried
    request or a crash between the two never creates a second intent for the same thing.
    """

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        "club.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=PaymentKind.choices)
    amount = models.PositiveIntegerField(_("金额（分）"))
    currency = models.CharField(_("币种"), max_length=3, default="cny")
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        db_index=True,
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=64, unique=True)
    intent_id = models.CharField(_("支付单号"), max_length=255, unique=True, null=True)
    client_secret = models.CharField(max_length=255, blank=True)
    # The paid event's held seat this pays for (tickets only).
    registration = models.OneToOneField(
        "events.Registration",
        verbose_name=_("活动报名"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment",
    )
    expires_at = models.DateTimeField(_("保留截止"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    succeeded_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    failure_code = models.CharField(max_length=100, blank=True)
    refund_id = models.CharField(max_length=255, blank=True)
    refund_requested_at = models.DateTimeField(_("申请退款时间"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("支付")
        verbose_name_plural = _("支付")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="payments_open_holds")]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}分 {self.status}"


class Deposit(models.Model):
    """A member's purchase deposit (诚意金) for a project in pre-sale.

    `priority_number` (排号) is given when the payment succeeds, in order of payment, per
    project, from `DepositCounter`: never reused, never skipped.
    """

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        "club.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="deposits"
    )
    project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("楼盘"),
        on_delete=models.PROTECT,
        related_name="deposits",
    )
    payment = models.OneToOneField(
        Payment, verbose_name=_("支付"), on_delete=models.PROTECT, related_name="deposit"
    )
    amount = models.PositiveIntegerField(_("金额（分）"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=DepositStatus.choices,
        default=DepositStatus.PENDING_PAYMENT,
        db_index=True,
    )
    priority_number = models.PositiveIntegerField(_("排号"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    paid_at = models.DateTimeField(_("支付时间"), null=True, blank=True)
    refund_requested_at = models.DateTimeField(_("申请退款时间"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("退款时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("诚意金")
        verbose_name_plural = _("诚意金")
        ordering = ["project_id", "priority_number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "priority_number"], name="payments_one_priority_number"
            ),
            models.UniqueConstraint(
                fields=["member", "project"],
                condition=Q(status__in=DEPOSIT_ACTIVE),
                name="payments_one_active_deposit_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}#{self.priority_number or '-'} {self.status}"


class DepositCounter(models.Model):
    """The last priority number given per project; incremented under its row lock in the
    same transaction as the deposit it numbers, so numbers have no gap and no twin."""

    wagtail_reference_index_ignore = True

    project = models.OneToOneField(
        "content.ProjectPage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.project_id}: {self.last_number}"


class WebhookEvent(models.Model):
    """A Stripe event received, by its id: the unique key makes processing exactly-once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    created = models.DateTimeField(_("Stripe 创建时间"), null=True)
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    outcome = models.CharField(_("处理结果"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Stripe 事件")
        verbose_name_plural = _("Stripe 事件")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
