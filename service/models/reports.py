"""The monthly and quarterly complaint statistics, frozen when they fall due."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintStatistics(models.Model):
    """A period's statistics as they stood when the worker computed them.

    DOMAIN.md's supervision standards want the monthly statistics ready by the 28th and a
    public summary of common complaints by the 30th. The live report (service.selectors.
    reports) changes as complaints are closed; this row keeps the figures that were
    reported, and links the public summary drafted from them (an ArticlePage draft an
    editor reviews and publishes — never published automatically).
    """

    period = models.CharField(_("统计期"), max_length=7, unique=True)  # 2026-10 or 2026-Q4
    computed_at = models.DateTimeField(_("生成时间"))
    figures = models.JSONField(_("统计数据"), default=dict)
    summary_page = models.ForeignKey(
        "content.ArticlePage",
        verbose_name=_("公示稿"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary_drafted_at = models.DateTimeField(_("公示稿生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉统计")
        verbose_name_plural = _("投诉统计")
        ordering = ["-period"]

    def __str__(self) -> str:
        return self.period
