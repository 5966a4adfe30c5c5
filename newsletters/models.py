"""Subscriptions, sends, per-recipient deliveries and the suppression list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from club.choices import NewsletterTopic
from newsletters.choices import (
    DeliveryStatus,
    Language,
    SendStatus,
    SubscriptionStatus,
    SuppressionReason,
)


class Subscription(models.Model):
    """A member's subscription to one topic; CONFIRMED only through the e-mailed link."""

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        "club.Member",
        verbose_name=_("会员"),
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
    )
    topic = models.CharField(_("主题"), max_length=20, choices=NewsletterTopic.choices)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    # The language the member reads the magazine in; the same on all their rows.
    language = models.CharField(
        _("语言"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    requested_at = models.DateTimeField(_("申请时间"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("退订时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会刊订阅")
        verbose_name_plural = _("会刊订阅")
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="newsletters_one_per_topic")
        ]
        indexes = [
            models.Index(
                fields=["member", "topic"],
                name="newsletters_sub_confirmed",
                condition=Q(status="CONFIRMED"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.topic} {self.status}"


class Suppression(models.Model):
    """An address never mailed again: hard bounce, spam complaint, or staff decision."""

    email = models.EmailField(_("邮箱"), unique=True)  # stored lower-case
    reason = models.CharField(_("原因"), max_length=20, choices=SuppressionReason.choices)
    detail = models.TextField(_("说明"), blank=True)
    provider_event_id = models.CharField(_("服务商事件号"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("退信屏蔽")
        verbose_name_plural = _("退信屏蔽")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class NewsletterSend(models.Model):
    """One sending of one issue to one audience; keeps the exact version that went out."""

    issue = models.ForeignKey(
        "content.NewsletterIssuePage",
        verbose_name=_("会刊"),
        on_delete=models.PROTECT,
        related_name="sends",
    )
    # {"kind": "SEGMENT", "value": "CHILD_FOCUSED"}: see newsletters.audiences.
    audience = models.JSONField(_("受众"))
    # Blank: everyone with a confirmed subscription to any topic.
    topic = models.CharField(_("主题"), max_length=20, choices=NewsletterTopic.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=SendStatus.choices, default=SendStatus.SCHEDULED
    )
    scheduled_at = models.DateTimeField(_("计划发送时间"))
    # The rendered issue per language at the moment the send was created (the archive).
    snapshot = models.JSONField(_("发送版本"), default=dict)
    # Keyset cursor: the last member id queued into deliveries; queuing resumes after it.
    queued_up_to = models.BigIntegerField(default=0)
    queue_complete = models.BooleanField(default=False)
    total = models.PositiveIntegerField(_("收件人数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会刊发送")
        verbose_name_plural = _("会刊发送")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "scheduled_at"], name="newsletters_send_due")]

    def __str__(self) -> str:
        return f"{self.issue} → {self.audience}"


class Delivery(models.Model):
    """One recipient of one send; unique per (send, member) so nobody gets it twice."""

    wagtail_reference_index_ignore = True

    send = models.ForeignKey(NewsletterSend, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey("club.Member", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("投递记录")
        verbose_name_plural = _("投递记录")
        constraints = [
            models.UniqueConstraint(fields=["send", "member"], name="newsletters_once_per_member")
        ]
        indexes = [models.Index(fields=["send", "status", "id"], name="newsletters_delivery_todo")]

    def __str__(self) -> str:
        return f"{self.send_id}/{self.member_id} {self.status}"
