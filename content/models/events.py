from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLBoolean, GraphQLInt, GraphQLStreamfield, GraphQLString
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from content import rules
from content.blocks import BodyBlock, stream_plain_text
from content.choices import EventAudience
from content.models.base import ClubPage
from content.models.home import SectionIndexPage
from core.errors import DomainError
from core.vocabulary import Segment


class EventIndexPage(SectionIndexPage):
    subpage_types = ["content.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("活动栏目")


class EventPage(ClubPage):
    """A club event (联谊活动 / 社区文化活动). Its notice goes out at least 3 days ahead."""

    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    city = models.CharField(_("城市"), max_length=50, blank=True)
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限名额")
    )
    registration_deadline = models.DateTimeField(_("报名截止"), null=True, blank=True)
    max_party_size = models.PositiveSmallIntegerField(
        _("每人最多携带人数（含本人）"), default=2, validators=[MinValueValidator(1)]
    )
    audience = models.CharField(
        _("参加对象"),
        max_length=20,
        choices=EventAudience.choices,
        default=EventAudience.ALL_MEMBERS,
    )
    audience_project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("业主所属项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience_segment = models.CharField(
        _("客户细分"), max_length=20, choices=Segment.choices, blank=True
    )
    price = models.PositiveIntegerField(
        _("费用（分）"), default=0, help_text=_("以分为单位，0 表示免费")
    )
    waiting_list_enabled = models.BooleanField(_("启用候补名单"), default=True)
    intro = models.TextField(_("活动简介"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("活动方案"), blank=True)

    content_panels = ClubPage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("registration_deadline"),
            ],
            heading=_("时间"),
        ),
        MultiFieldPanel([FieldPanel("city"), FieldPanel("venue")], heading=_("地点")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_party_size")]),
                FieldPanel("waiting_list_enabled"),
                FieldPanel("price"),
            ],
            heading=_("报名"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("audience_project"),
                FieldPanel("audience_segment"),
            ],
            heading=_("参加对象"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    graphql_fields = [
        GraphQLString("starts_at"),
        GraphQLString("ends_at"),
        GraphQLString("city"),
        GraphQLString("venue"),
        GraphQLInt("capacity"),
        GraphQLString("registration_deadline"),
        GraphQLInt("max_party_size"),
        GraphQLString("audience"),
        GraphQLInt("price"),
        GraphQLBoolean("waiting_list_enabled"),
        GraphQLString("intro"),
        GraphQLStreamfield("body"),
    ]
    parent_page_types = ["content.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        permissions = [
            ("publish_event_late", _("可在活动开始前不足三天发布活动（需记录）")),
        ]

    def searchable_parts(self) -> list[str]:
        return super().searchable_parts() + [
            self.city,
            self.venue,
            self.intro,
            stream_plain_text(self.body),
        ]

    @property
    def is_free(self) -> bool:
        return not self.price

    def clean(self) -> None:
        super().clean()
        errors = rules.event_consistency_errors(self)
        if errors:
            raise ValidationError(
                {e.field: ValidationError(e.message, code=e.code) for e in errors}
            )

    def publish_errors(self, *, user=None, now: datetime | None = None) -> list[DomainError]:
        return rules.event_publish_errors(self, user=user, now=now)

    def after_publication(self, *, user=None, now: datetime | None = None) -> None:
        from content.services import event_late_publication_record

        event_late_publication_record(event=EventPage.objects.get(pk=self.pk), user=user)


class EventPublicationOverride(models.Model):
    """A record that an event was published less than 3 days ahead, by whom and when."""

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="publication_overrides",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL
    )
    published_at = models.DateTimeField(_("发布时间"))
    starts_at = models.DateTimeField(_("活动开始时间"))
    hours_before_start = models.IntegerField(_("距开始小时数"))

    class Meta:
        verbose_name = _("活动提前发布豁免记录")
        verbose_name_plural = _("活动提前发布豁免记录")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.event} @ {self.published_at:%Y-%m-%d %H:%M}"
