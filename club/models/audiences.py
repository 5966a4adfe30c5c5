"""Saved audiences: marketing's named, versioned filters over members (like smart groups).

An audience stores conditions, never member ids: it is evaluated in SQL each time it is
used (club.selectors.audiences), so a newsletter send, an export and the live count all
mean the same people at that moment. Each change of the conditions bumps `version` and
keeps the previous conditions in `AudienceRevision`, so a send can say which version it used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.Model):
    wagtail_reference_index_ignore = True

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    # The AudienceFilter's conditions in snake_case (club.selectors.audiences).
    conditions = models.JSONField(_("筛选条件"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("受众")
        verbose_name_plural = _("受众")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AudienceRevision(models.Model):
    """The conditions an audience had at one version, and who set them."""

    wagtail_reference_index_ignore = True

    audience = models.ForeignKey(
        Audience, verbose_name=_("受众"), on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("版本"))
    conditions = models.JSONField(_("筛选条件"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("受众版本")
        verbose_name_plural = _("受众版本")
        constraints = [
            models.UniqueConstraint(fields=["audience", "version"], name="club_audience_version")
        ]

    def __str__(self) -> str:
        return f"{self.audience} v{self.version}"
