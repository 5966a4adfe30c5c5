from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from content.choices import MerchantCategory


class Merchant(index.Indexed, models.Model):
    """A partner merchant (特约商户) offering members a discount."""

    name = models.CharField(_("商户名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=MerchantCategory.choices)
    offer = models.CharField(_("会员优惠"), max_length=200)
    city = models.CharField(_("城市"), max_length=50, db_index=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    valid_from = models.DateField(_("优惠开始"), null=True, blank=True)
    valid_until = models.DateField(_("优惠截止"), null=True, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("city")]),
        FieldPanel("offer"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("offer"),
        index.FilterField("city"),
    ]

    class Meta:
        verbose_name = _("特约商户")
        verbose_name_plural = _("特约商户")
        ordering = ["city", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("优惠截止日期不能早于开始日期。")})
