"""API tokens for marketing tools, and SMS one-time codes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.choices import SmsPurpose


class ApiToken(models.Model):
    """A bearer token held by a marketing tool; only its SHA-256 digest is stored.

    Tokens are 256-bit random strings, so a fast digest is enough (no salt or slow hash is
    needed against guessing); `prefix` is kept in clear to recognise a token in lists.
    """

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    SCOPE_MEMBERS = "read:members"
    SCOPE_MEMBERS_PII = "read:members:pii"
    SCOPES = (SCOPE_MEMBERS, SCOPE_MEMBERS_PII)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("所属用户"),
        on_delete=models.CASCADE,
        related_name="club_api_tokens",
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    scopes = models.JSONField(_("权限范围"), default=list)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("过期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("吊销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class SmsCode(models.Model):
    """A one-time code sent by SMS; only its digest is stored. Used once, then spent."""

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    phone = models.CharField(_("手机号"), max_length=20)
    purpose = models.CharField(_("用途"), max_length=20, choices=SmsPurpose.choices)
    digest = models.CharField(_("摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"], name="club_sms_lookup")]

    def __str__(self) -> str:
        return f"{self.phone} {self.purpose}"
