"""The member (会员) and the history of staff segment overrides.

Sized for millions of members on PostgreSQL: everything marketing filters or groups on
(segment, city, birth date, join time, purchase timeframe, marketing consent, owner flag)
lives on the member row itself, maintained by the services, so that marketing queries never
need a join. Most marketing reads are restricted to members with an active marketing consent,
so the indexes that serve them are partial indexes on that flag.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from club.choices import Education, Gender, IncomeBand, PurchaseTimeframe, Segment

# Exactly the selector's condition (club.selectors.members_for_marketing): PostgreSQL uses a
# partial index only when the query implies the index's condition.
MARKETING_VISIBLE = Q(has_marketing_consent=True, deleted_at__isnull=True)


class Member(models.Model):
    """A club member's profile. Contact details (phone, e-mail) live on `core.User`."""

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.PROTECT,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=100)
    gender = models.CharField(_("性别"), max_length=12, choices=Gender.choices, blank=True)
    # Nullable only so that an anonymised (deleted) member can drop it.
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    city = models.CharField(_("城市"), max_length=50, blank=True)
    employer = models.CharField(_("工作单位"), max_length=200, blank=True)
    education = models.CharField(
        _("教育程度"), max_length=24, choices=Education.choices, blank=True
    )

    # Household answers (家庭情况), from which the segment is derived (club/segments.py).
    # Children's ages are stored as answered, with the answer date, so that the current ages
    # can be computed later (a child who was 17 is 18 a year on).
    children_ages = models.JSONField(_("子女年龄"), default=list, blank=True)
    elderly_at_home = models.BooleanField(_("与老人同住"), null=True, blank=True)
    income_band = models.CharField(
        _("家庭年收入"), max_length=12, choices=IncomeBand.choices, blank=True
    )
    household_answered_on = models.DateField(_("家庭情况填写日期"), null=True, blank=True)

    # Segment: `segment` is the effective value (the override when present, otherwise the
    # derived one); marketing filters and groups on it.
    segment = models.CharField(_("客户细分"), max_length=20, choices=Segment.choices, blank=True)
    segment_derived = models.CharField(
        _("推导细分"), max_length=20, choices=Segment.choices, blank=True
    )
    segment_override = models.CharField(
        _("人工指定细分"), max_length=20, choices=Segment.choices, blank=True
    )

    joined_at = models.DateTimeField(_("入会时间"))
    # Denormalised from Preferences / Consent / Purchase by the services for marketing.
    purchase_timeframe = models.CharField(
        _("购房时间"), max_length=20, choices=PurchaseTimeframe.choices, blank=True
    )
    has_marketing_consent = models.BooleanField(_("同意营销推送"), default=False)
    is_owner = models.BooleanField(_("业主"), default=False)

    referral_code = models.CharField(_("推荐码"), max_length=12, unique=True)
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("推荐人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )

    # Set when the member deleted their account: personal data is gone, the row stays so
    # that complaints and payments remain attached to the pseudonym.
    deleted_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    pseudonym = models.CharField(_("化名"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        permissions = [
            ("view_member_pii", _("查看会员明文手机号与邮箱")),
            ("override_segment", _("人工调整客户细分")),
            # Sales call back every buyer; marketing sees only members who consented.
            ("view_unconsented_member", _("查看未同意营销的会员")),
        ]
        indexes = [
            models.Index(fields=["joined_at"], name="club_member_joined"),
            models.Index(fields=["city"], name="club_member_city"),
            models.Index(fields=["segment"], name="club_member_segment"),
            # Partial indexes for marketing reads, which only ever see consenting members.
            models.Index(
                fields=["segment", "city"],
                name="club_mkt_segment_city",
                condition=MARKETING_VISIBLE,
            ),
            models.Index(fields=["city"], name="club_mkt_city", condition=MARKETING_VISIBLE),
            models.Index(
                fields=["birth_date"],
                name="club_mkt_birth",
                condition=MARKETING_VISIBLE,
            ),
            models.Index(
                fields=["joined_at"],
                name="club_mkt_joined",
                condition=MARKETING_VISIBLE,
            ),
            models.Index(
                fields=["purchase_timeframe"],
                name="club_mkt_timeframe",
                condition=MARKETING_VISIBLE,
            ),
            models.Index(fields=["is_owner"], name="club_mkt_owner", condition=MARKETING_VISIBLE),
        ]

    def __str__(self) -> str:
        # A row fetched by a staff read (club.selectors.audited) carries the name as that
        # reader may see it (王** without the PII permission), so every generic place the
        # admin prints a member (titles, breadcrumbs, menus) masks it too.
        shown = getattr(self, "contact", None)
        if shown is not None:
            return shown["name"] or ""
        return self.pseudonym if self.deleted_at else self.name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def display_name(self) -> str:
        return str(self)


class SegmentOverride(models.Model):
    """Append-only record of each staff override of a member's segment (who, when, why)."""

    # Member records are not content: keep Wagtail's reference index off their write path.
    wagtail_reference_index_ignore = True

    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.CASCADE, related_name="segment_overrides"
    )
    previous_segment = models.CharField(
        _("原细分"), max_length=20, choices=Segment.choices, blank=True
    )
    # Blank: the override was cleared and the derived segment applies again.
    segment = models.CharField(_("指定细分"), max_length=20, choices=Segment.choices, blank=True)
    reason = models.TextField(_("原因"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("细分调整记录")
        verbose_name_plural = _("细分调整记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.previous_segment or '-'} → {self.segment or '-'}"
