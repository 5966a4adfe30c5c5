"""Notification templates (editable in both languages) and each member's notification history."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class NotificationKey(models.TextChoices):
    WELCOME = "welcome", _("入会欢迎")
    COMPLAINT_RECEIVED = "complaint_received", _("投诉受理")
    COMPLAINT_STATUS_CHANGED = "complaint_status_changed", _("投诉状态变更")
    EVENT_CONFIRMED = "event_confirmed", _("活动报名确认")
    EVENT_PROMOTED = "event_promoted", _("活动候补转正")
    EVENT_REMINDER = "event_reminder", _("活动提醒")
    DEPOSIT_CONFIRMED = "deposit_confirmed", _("诚意金确认")


class Channel(models.TextChoices):
    EMAIL = "EMAIL", _("邮件")
    SMS = "SMS", _("短信")


class NotificationStatus(models.TextChoices):
    QUEUED = "QUEUED", _("待发送")
    SENT = "SENT", _("已发送")
    FAILED = "FAILED", _("发送失败")
    SKIPPED = "SKIPPED", _("未发送")


class NotificationTemplate(models.Model):
    """The words of one notification; a blank field falls back to the built-in text.

    Placeholders are written `{{ name }}`; each notification lists the ones it offers.
    """

    key = models.CharField(_("通知"), max_length=40, choices=NotificationKey.choices, unique=True)
    subject_zh = models.CharField(_("邮件标题（中文）"), max_length=200, blank=True)
    body_zh = models.TextField(_("邮件正文（中文）"), blank=True)
    sms_zh = models.CharField(_("短信（中文）"), max_length=300, blank=True)
    subject_en = models.CharField(_("邮件标题（英文）"), max_length=200, blank=True)
    body_en = models.TextField(_("邮件正文（英文）"), blank=True)
    sms_en = models.CharField(_("短信（英文）"), max_length=300, blank=True)

    panels = [
        FieldPanel("key"),
        MultiFieldPanel(
            [FieldPanel("subject_zh"), FieldPanel("body_zh"), FieldPanel("sms_zh")],
            heading=_("中文"),
        ),
        MultiFieldPanel(
            [FieldPanel("subject_en"), FieldPanel("body_en"), FieldPanel("sms_en")],
            heading=_("英文"),
        ),
    ]

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")

    def __str__(self) -> str:
        return self.get_key_display()


class Notification(models.Model):
    """One message to one member on one channel, as rendered: the member's history."""

    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        "club.Member", verbose_name=_("会员"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("通知"), max_length=40, choices=NotificationKey.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.QUEUED,
    )
    recipient = models.CharField(_("收件地址"), max_length=254, blank=True)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"))
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知记录")
        verbose_name_plural = _("通知记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="notifications_history")]

    def __str__(self) -> str:
        return f"{self.key} → {self.member_id} ({self.channel})"
