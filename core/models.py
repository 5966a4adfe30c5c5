"""The identity every person has in the system, and the audit trail of data access."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class ClubUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{self.model.USERNAME_FIELD: username})


class User(AbstractUser):
    """Staff and members alike. Members sign in with phone or e-mail; staff with a username.

    Phone numbers are stored in E.164 (+8613800138000). Both phone and e-mail are optional
    but unique when present, which is why they are nullable rather than blank.
    """

    email = models.EmailField(_("电子邮箱"), unique=True, null=True, blank=True)
    phone = PhoneNumberField(_("手机号"), region="CN", unique=True, null=True, blank=True)
    email_verified_at = models.DateTimeField(_("邮箱验证时间"), null=True, blank=True)

    objects = ClubUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        swappable = "AUTH_USER_MODEL"

    def save(self, *args, **kwargs):
        if self.email == "":
            self.email = None
        if self.email:
            self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """One read or change of personal data by staff, marketing or an API token.

    Append-only: rows are never updated or deleted by the application.
    """

    # Written on every read of member data: keep Wagtail's reference index out of that path.
    wagtail_reference_index_ignore = True

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人标识"), max_length=150)
    operation = models.CharField(_("操作"), max_length=100, db_index=True)
    target = models.CharField(_("对象"), max_length=200, blank=True)
    filters = models.JSONField(_("条件"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("记录数"), default=0)
    pii_unmasked = models.BooleanField(_("明文个人信息"), default=False)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.operation} ({self.row_count})"
