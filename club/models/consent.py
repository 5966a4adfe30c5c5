"""Consents under China's PIPL: separate, versioned, timestamped, withdrawable."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from club.choices import ConsentKind
from club.models.members import Member


class Consent(models.Model):
    """One grant of one kind of consent at one version; withdrawal stamps `withdrawn_at`.

    Rows are never deleted: the history proves what the member agreed to and when. At most
    one row per (member, kind) is active (not withdrawn) at a time.
    """

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ConsentKind.choices)
    version = models.CharField(_("版本"), max_length=20)
    granted_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, default="WEB")

    class Meta:
        verbose_name = _("授权同意")
        verbose_name_plural = _("授权同意")
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind"],
                condition=Q(withdrawn_at__isnull=True),
                name="club_one_active_consent_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
