from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLImage, GraphQLStreamfield, GraphQLString
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from content.blocks import BodyBlock, stream_plain_text
from content.models.base import ClubPage
from content.models.home import SectionIndexPage


class ArticleIndexPage(SectionIndexPage):
    subpage_types = ["content.ArticlePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("新闻栏目")


class ArticlePage(ClubPage):
    """Club news (会员动态)."""

    date = models.DateField(_("日期"), default=timezone.localdate)
    intro = models.TextField(_("摘要"), max_length=300, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = ClubPage.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("cover"),
        FieldPanel("body"),
    ]
    graphql_fields = [
        GraphQLString("date"),
        GraphQLString("intro"),
        GraphQLImage("cover"),
        GraphQLStreamfield("body"),
    ]
    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("新闻")
        verbose_name_plural = _("新闻")

    def searchable_parts(self) -> list[str]:
        return super().searchable_parts() + [self.intro, stream_plain_text(self.body)]
