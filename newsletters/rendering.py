"""Rendering an issue for e-mail: once per language per send, then a light wrapper per recipient.

The issue body (sections, images, links) is rendered when the send is created and stored
on it (`NewsletterSend.snapshot`): that is the archived version, and per recipient only the
small wrapper (greeting, unsubscribe link) is rendered around it. Mail clients ignore most
CSS and resolve no relative URL, so the layout is tables with inline styles and every link
and image is absolute (`absolutise`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Locale

from content.blocks import stream_plain_text
from newsletters.choices import Language

_RELATIVE = re.compile(r'(\s(?:src|href)=")/(?!/)')


def absolutise(html: str) -> str:
    """Make root-relative links and image sources absolute (mail clients need a host)."""
    return _RELATIVE.sub(lambda m: f"{m.group(1)}{settings.SITE_BASE_URL.rstrip('/')}/", html)


def _issue_in(issue, language: str):
    """The issue's translation in `language` when one is live, else the issue itself."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or issue.locale_id == locale.pk:
        return issue
    translated = issue.get_translation_or_none(locale)
    return translated.specific if translated is not None and translated.live else issue


def issue_snapshot(issue) -> dict:
    """{language: {"subject", "html", "text"}}: the issue as it goes out, in each language."""
    snapshot = {}
    for language in Language.values:
        page = _issue_in(issue, language)
        with translation.override(language):
            context = {"page": page, "base_url": settings.SITE_BASE_URL.rstrip("/")}
            html = absolutise(render_to_string("newsletters/email/issue_body.html", context))
            sections = [
                (block.value["title"], stream_plain_text(block.value["body"]))
                for block in page.sections
            ]
            text = render_to_string(
                "newsletters/email/issue_body.txt", {**context, "sections": sections}
            )
            subject = render_to_string("newsletters/email/subject.txt", {"page": page}).strip()
        snapshot[language] = {"subject": subject, "html": html, "text": text.strip()}
    return snapshot


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str
    text: str


def render_for_recipient(
    *, snapshot: dict, language: str, name: str, unsubscribe_url: str
) -> RenderedMessage:
    """The e-mail one member receives, in their language (Chinese when unknown)."""
    version = snapshot.get(language) or snapshot[Language.ZH_HANS]
    if language not in snapshot:
        language = Language.ZH_HANS
    context = {
        "name": name,
        "body_html": mark_safe(version["html"]),  # noqa: S308 - rendered by our template
        "body_text": version["text"],
        "subject": version["subject"],
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override(language):
        html = get_template("newsletters/email/message.html").render(context)
        text = get_template("newsletters/email/message.txt").render(context)
    return RenderedMessage(subject=version["subject"], html=html, text=text)


def plain(html: str) -> str:
    return strip_tags(html)
