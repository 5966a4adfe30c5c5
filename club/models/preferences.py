"""A member's stated preferences (偏好), one row per member."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from club.choices import PurchaseTimeframe
from club.models.members import Member


class Preferences(models.Model):
    """What a member is looking for and how they want to be contacted.

    `purchase_timeframe` is copied onto the member row by the preferences service, because
    marketing filters and groups on it.
    """

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.OneToOneField(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="preferences"
    )
    interested_projects = models.ManyToManyField(
        "content.ProjectPage",
        verbose_name=_("关注楼盘"),
        blank=True,
        related_name="interested_preferences",
    )
    rooms = models.JSONField(_("意向居室"), default=list, blank=True)
    area_min = models.PositiveIntegerField(_("最小面积（㎡）"), null=True, blank=True)
    area_max = models.PositiveIntegerField(_("最大面积（㎡）"), null=True, blank=True)
    budget_max = models.BigIntegerField(_("总价预算上限（分）"), null=True, blank=True)
    purchase_timeframe = models.CharField(
        _("购房时间"), max_length=20, choices=PurchaseTimeframe.choices, blank=True
    )
    email_opt_in = models.BooleanField(_("接收邮件"), default=False)
    sms_opt_in = models.BooleanField(_("接收短信"), default=False)
    wechat_opt_in = models.BooleanField(_("接收微信消息"), default=False)
    newsletter_topics = models.JSONField(_("会刊订阅主题"), default=list, blank=True)
    event_interests = models.JSONField(_("活动兴趣"), default=list, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("会员偏好")
        verbose_name_plural = _("会员偏好")

    def __str__(self) -> str:
        return str(self.member)
