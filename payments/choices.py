from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentKind(models.TextChoices):
    TICKET = "TICKET", _("活动门票")
    DEPOSIT = "DEPOSIT", _("诚意金")


class PaymentStatus(models.TextChoices):
    PENDING = "PENDING", _("待支付")
    SUCCEEDED = "SUCCEEDED", _("已支付")
    FAILED = "FAILED", _("支付失败")
    CANCELLED = "CANCELLED", _("已取消")
    REFUND_PENDING = "REFUND_PENDING", _("退款中")
    REFUNDED = "REFUNDED", _("已退款")


class DepositStatus(models.TextChoices):
    PENDING_PAYMENT = "PENDING_PAYMENT", _("待支付")
    PAID = "PAID", _("已支付")
    REFUND_REQUESTED = "REFUND_REQUESTED", _("退款中")
    REFUNDED = "REFUNDED", _("已退款")
    CANCELLED = "CANCELLED", _("已取消")


# A member has at most one deposit per project in these states.
DEPOSIT_ACTIVE = (
    DepositStatus.PENDING_PAYMENT,
    DepositStatus.PAID,
    DepositStatus.REFUND_REQUESTED,
)
