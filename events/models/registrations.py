"""Registrations (报名), the per-event seat lock, and walk-ins (现场登记)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.choices import RegistrationStatus


class SeatLock(models.Model):
    """One row per event, locked (SELECT ... FOR UPDATE) by every write that moves seats.

    Locking this row rather than the page row keeps editors' page saves and registrations
    from waiting on each other, as pretix locks its quotas rather than its events.
    """

    wagtail_reference_index_ignore = True

    event = models.OneToOneField(
        "content.EventPage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("活动名额锁")
        verbose_name_plural = _("活动名额锁")

    def __str__(self) -> str:
        return f"seats of event {self.event_id}"


class Registration(models.Model):
    """A member's registration for an event, for a party of `party_size` (本人在内).

    REGISTERED holds seats; WAITLISTED waits in (`created_at`, `pk`) order; CANCELLED keeps
    the history. A member has at most one non-cancelled registration per event.
    """

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "content.EventPage",
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    member = models.ForeignKey(
        "club.Member",
        verbose_name=_("会员"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    party_size = models.PositiveSmallIntegerField(
        _("人数（含本人）"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    # The random half of the signed ticket code (events.services.tickets).
    ticket_token = models.CharField(_("票号"), max_length=32, unique=True)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒发送时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="events_one_active_registration_per_member",
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="events_party_size_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="events_reg_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.member_id} {self.status} ×{self.party_size}"


class WalkIn(models.Model):
    """Someone who came without registering, recorded by staff at the door."""

    wagtail_reference_index_ignore = True

    event = models.ForeignKey(
        "content.EventPage",
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="walk_ins",
    )
    name = models.CharField(_("姓名"), max_length=100)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    party_size = models.PositiveSmallIntegerField(
        _("人数"), default=1, validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("现场登记")
        verbose_name_plural = _("现场登记")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_size__gte=1), name="events_walk_in_party_size_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.name} ×{self.party_size}"
