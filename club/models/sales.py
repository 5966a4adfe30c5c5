"""Purchases (owners), purchase intents (意向登记) and the referral points ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from club.choices import LedgerReason, PurchaseTimeframe
from club.models.members import Member


class Purchase(models.Model):
    """A unit bought by a member, recorded by sales; the member becomes an owner (业主)."""

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="purchases"
    )
    project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("楼盘"),
        on_delete=models.PROTECT,
        related_name="purchases",
    )
    unit = models.CharField(_("房号"), max_length=50)
    price = models.BigIntegerField(_("成交总价（分）"), null=True, blank=True)
    purchased_on = models.DateField(_("签约日期"))
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    # Snapshot at recording time, so attribution does not change if the referrer is edited.
    referred_by = models.ForeignKey(
        Member,
        verbose_name=_("推荐人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_purchases",
    )

    class Meta:
        verbose_name = _("购房记录")
        verbose_name_plural = _("购房记录")
        ordering = ["-purchased_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "unit"], name="club_unit_sold_once")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.unit}"


class PurchaseIntent(models.Model):
    """Purchase-intent registration (购房意向登记): one per member and project, updatable."""

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="purchase_intents"
    )
    project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("楼盘"),
        on_delete=models.CASCADE,
        related_name="purchase_intents",
    )
    rooms = models.JSONField(_("意向居室"), default=list, blank=True)
    area_min = models.PositiveIntegerField(_("最小面积（㎡）"), null=True, blank=True)
    area_max = models.PositiveIntegerField(_("最大面积（㎡）"), null=True, blank=True)
    budget_max = models.BigIntegerField(_("总价预算上限（分）"), null=True, blank=True)
    purchase_timeframe = models.CharField(
        _("购房时间"), max_length=20, choices=PurchaseTimeframe.choices, blank=True
    )
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("购房意向")
        verbose_name_plural = _("购房意向")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "project"], name="club_one_intent_per_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.project}"


class PointsLedgerEntry(models.Model):
    """Append-only points ledger: a balance is the sum of a member's entries.

    Entries are never updated or deleted; a correction is a new ADJUSTMENT entry.
    """

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="points_entries"
    )
    points = models.IntegerField(_("积分"))
    reason = models.CharField(_("原因"), max_length=20, choices=LedgerReason.choices)
    purchase = models.ForeignKey(
        Purchase,
        verbose_name=_("关联购房"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_entries",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("积分流水")
        verbose_name_plural = _("积分流水")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase", "reason"],
                condition=models.Q(reason="REFERRAL_PURCHASE"),
                name="club_one_referral_credit_per_purchase",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.points:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Points ledger entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Points ledger entries are append-only.")
