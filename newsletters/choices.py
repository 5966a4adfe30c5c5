from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionStatus(models.TextChoices):
    PENDING = "PENDING", _("待确认")
    CONFIRMED = "CONFIRMED", _("已订阅")
    UNSUBSCRIBED = "UNSUBSCRIBED", _("已退订")


class SendStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("定时待发")
    SENDING = "SENDING", _("发送中")
    PAUSED = "PAUSED", _("已暂停")
    DONE = "DONE", _("已完成")
    CANCELLED = "CANCELLED", _("已取消")


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", _("待发送")
    # Claimed by a worker and handed to the mail server; a row left here by a crash is
    # never sent again (at most once), see newsletters.services.sending.
    SENDING = "SENDING", _("发送中")
    SENT = "SENT", _("已发送")
    FAILED = "FAILED", _("发送失败")
    SKIPPED = "SKIPPED", _("已跳过")


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "HARD_BOUNCE", _("硬退信")
    COMPLAINT = "COMPLAINT", _("垃圾邮件投诉")
    MANUAL = "MANUAL", _("人工屏蔽")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"
