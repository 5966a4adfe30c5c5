"""StreamField blocks shared by every page type, in one module (as in bakerydemo)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("级别"), choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("小标题")


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("说明"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("图片")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引文"))
    attribution = blocks.CharBlock(label=_("出处"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("引用")


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("按钮文字"), max_length=40)
    page = blocks.PageChooserBlock(label=_("链接页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    class Meta:
        icon = "link"
        label = _("行动按钮")


class BodyBlock(blocks.StreamBlock):
    """The body of any content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("段落"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"]
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


class NewsletterSectionBlock(blocks.StructBlock):
    """One section (栏目) of a club magazine issue."""

    title = blocks.CharBlock(label=_("栏目名称"), max_length=80)
    body = BodyBlock(label=_("内容"))

    class Meta:
        icon = "doc-full"
        label = _("栏目")


def stream_plain_text(value) -> str:
    """All readable text of a StreamField value, for search indexing."""
    parts: list[str] = []

    def walk(item) -> None:
        if item is None:
            return
        if hasattr(item, "source"):  # RichText
            from django.utils.html import strip_tags

            parts.append(strip_tags(item.source))
        elif isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict) or hasattr(item, "items"):
            for sub in item.values():
                walk(sub)
        elif isinstance(item, list | tuple) or hasattr(item, "__iter__"):
            for sub in item:
                walk(getattr(sub, "value", sub))

    walk(value)
    return " ".join(p for p in parts if p)
