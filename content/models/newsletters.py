from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLImage, GraphQLInt, GraphQLStreamfield, GraphQLString
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from content.blocks import NewsletterSectionBlock, stream_plain_text
from content.models.base import ClubPage
from content.models.home import SectionIndexPage


class NewsletterIndexPage(SectionIndexPage):
    subpage_types = ["content.NewsletterIssuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("会刊栏目")


class NewsletterIssuePage(ClubPage):
    """One issue of the club magazine (会刊 / 客户通讯)."""

    issue_number = models.PositiveIntegerField(_("期号"))
    published_on = models.DateField(_("出版日期"), default=timezone.localdate)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("本期导读"), blank=True)
    sections = StreamField(
        [("section", NewsletterSectionBlock())], verbose_name=_("栏目"), blank=True
    )

    content_panels = ClubPage.content_panels + [
        FieldPanel("issue_number"),
        FieldPanel("published_on"),
        FieldPanel("cover"),
        FieldPanel("summary"),
        FieldPanel("sections"),
    ]
    graphql_fields = [
        GraphQLInt("issue_number"),
        GraphQLString("published_on"),
        GraphQLImage("cover"),
        GraphQLString("summary"),
        GraphQLStreamfield("sections"),
    ]
    parent_page_types = ["content.NewsletterIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("会刊")
        verbose_name_plural = _("会刊")

    def searchable_parts(self) -> list[str]:
        return super().searchable_parts() + [self.summary, stream_plain_text(self.sections)]

    def clean(self) -> None:
        super().clean()
        duplicate = (
            NewsletterIssuePage.objects.filter(
                issue_number=self.issue_number, locale_id=self.locale_id
            )
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if duplicate:
            from django.core.exceptions import ValidationError

            raise ValidationError({"issue_number": _("该期号已存在。")})
