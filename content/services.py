"""Writes in the content domain used by every front (admin setup, demo data, tests)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale, Page, Site

from content.models import (
    ArticleIndexPage,
    EventIndexPage,
    HomePage,
    NewsletterIndexPage,
    ProjectIndexPage,
)


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    articles: ArticleIndexPage
    newsletters: NewsletterIndexPage
    events: EventIndexPage
    projects: ProjectIndexPage


_SECTIONS = [
    ("articles", ArticleIndexPage, "会员动态", "news"),
    ("newsletters", NewsletterIndexPage, "万客会会刊", "newsletters"),
    ("events", EventIndexPage, "会员活动", "events"),
    ("projects", ProjectIndexPage, "楼盘资讯", "projects"),
]


@transaction.atomic
def site_tree_ensure(*, hostname: str = "localhost", port: int = 80) -> SiteTree:
    """Make sure the club's home page and its four sections exist, in zh-Hans; idempotent.

    Replaces Wagtail's placeholder "Welcome" page with the club's HomePage as the default
    site root.
    """
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")
    # A flushed database (e.g. after a transactional test) has no tree root at all.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        # Wagtail's fresh database has a placeholder "Welcome" page (and a site on it).
        for placeholder in Page.objects.filter(depth=2, slug="home"):
            if placeholder.specific_class is Page and placeholder.numchild == 0:
                placeholder.delete()
        home = HomePage(title="万客会", slug="home", locale=locale, intro="<p>欢迎来到万客会。</p>")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="万客会"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "万客会"
        site.save()
    sections = {}
    for key, model, title, slug in _SECTIONS:
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(title=title, slug=slug, locale=locale)
            home.add_child(instance=page)
            page.save_revision().publish()
        sections[key] = page
    return SiteTree(home=home, **sections)
