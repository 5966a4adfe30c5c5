from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from grapple.models import GraphQLRichText, GraphQLStreamfield
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from content.blocks import BodyBlock, stream_plain_text
from content.models.base import ClubPage


class HomePage(ClubPage):
    """The club's home: a welcome and whatever blocks the editors arrange."""

    intro = RichTextField(_("欢迎语"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("正文"), blank=True)

    content_panels = ClubPage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    graphql_fields = [GraphQLRichText("intro"), GraphQLStreamfield("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")

    def searchable_parts(self) -> list[str]:
        return super().searchable_parts() + [stream_plain_text(self.body)]


class SectionIndexPage(ClubPage):
    """A plain listing page; subclasses fix which children it may hold."""

    intro = models.TextField(_("简介"), blank=True)
    content_panels = ClubPage.content_panels + [FieldPanel("intro")]
    graphql_fields = [GraphQLRichText("intro")]
    parent_page_types = ["content.HomePage"]

    class Meta:
        abstract = True
