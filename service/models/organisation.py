"""Who handles complaints, and the working-day calendar's staff-maintained exceptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A department complaints are assigned to; its head hears of HOT complaints.

    `receives_major_reports` marks the quality department and management: DOMAIN.md has
    every MAJOR complaint reported to them within one working day. `is_intake` marks the
    customer-service centre, whose head hears of HOT complaints nobody was assigned yet.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("部门邮箱"), blank=True)
    receives_major_reports = models.BooleanField(_("接收重大投诉报告"), default=False)
    is_intake = models.BooleanField(_("客服中心"), default=False)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def notification_addresses(self) -> list[str]:
        """The department mailbox and its head's address, whichever exist."""
        addresses = [self.email] if self.email else []
        if self.head_id and self.head.email and self.head.email not in addresses:
            addresses.append(self.head.email)
        return addresses


class WorkingCalendarOverride(models.Model):
    """A date whose working status staff set by hand.

    The calendar package knows the State Council's holiday schedule only for the years it
    was released for; the schedule for next year is published each November. Staff enter
    those dates here (a holiday, or an adjusted working day 调休 on a weekend). A row wins
    over the package for its date.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("工作日") if self.is_working_day else _("休息日")
        return f"{self.date:%Y-%m-%d} {kind} {self.name}".strip()
