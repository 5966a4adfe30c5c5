"""Nothing leaves the machine unasked: the admin and the site load nothing from elsewhere.

A page that embeds a third-party URL (an avatar from Gravatar, a font or script from a
CDN) breaks offline and tells that third party who is looking at what — for Gravatar,
a hash of each staff member's e-mail. Links a person may choose to follow (Wagtail's
user guide) are not fetched, so they are allowed.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, project_create

pytestmark = pytest.mark.django_db

URL = re.compile(r"""(?:https?:)?//[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?[^\s"'<>)\\]*""", re.I)
LOCAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}
# XML namespace names are identifiers, never fetched.
NAMESPACES = {
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/1999/xhtml",
    "http://www.sitemaps.org/schemas/sitemap/0.9",
}


def _sidebar_links(script: str) -> set[str]:
    """The `url` of every menu link in the admin sidebar's JSON props."""
    try:
        data = json.loads(script)
    except ValueError:
        return set()
    found: set[str] = set()

    def walk(node, in_link: bool = False) -> None:
        if isinstance(node, dict):
            in_link = in_link or str(node.get("_type", "")).endswith("LinkMenuItem")
            if in_link and isinstance(node.get("url"), str):
                found.add(node["url"])
            for value in node.values():
                walk(value, in_link)
        elif isinstance(node, list):
            for value in node:
                walk(value, in_link)

    walk(data)
    return found


def external_urls(html: str) -> set[str]:
    """URLs on another host that a browser could fetch from this page by itself.

    Looks in every attribute, script and style (text is only read, never fetched), except
    the targets of links: plain `<a>` and the admin sidebar's menu links (Wagtail's user
    guide, opened only when clicked).
    """
    soup = BeautifulSoup(html, "html.parser")
    candidates: list[str] = []
    links: set[str] = set()
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if tag.name == "a" and name == "href":
                links.update(values)
            candidates.extend(values)
        if tag.name in ("script", "style") and tag.string:
            candidates.append(tag.string)
            links.update(_sidebar_links(tag.string))
    found = set()
    for url in (url for text in candidates for url in URL.findall(text)):
        host = url.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
        if host in LOCAL_HOSTS or url in NAMESPACES or url in links:
            continue
        found.add(url)
    return found


def test_no_admin_page_embeds_an_external_url(editorial, site_tree):
    staff = UserFactory(is_staff=True, is_superuser=True, email="boss@example.com")
    UserFactory(is_staff=True, email="editor-with-avatar@example.com")
    client = Client()
    client.force_login(staff)
    paths = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[site_tree.home.pk]),
        reverse("wagtailadmin_pages:edit", args=[site_tree.home.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_account"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippets_content_merchant:list"),
        reverse("club_member:index"),
        reverse("wagtailadmin_reports:locked_pages"),
    ]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if urls := external_urls(response.content.decode()):
            found[path] = urls
    login = Client().get(reverse("wagtailadmin_login"))
    if urls := external_urls(login.content.decode()):
        found["login"] = urls
    assert found == {}


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # the sitemap
def test_no_site_page_embeds_an_external_url(site_tree):
    project_create(site_tree, title="望江台", slug="wangjiang", intro="临江而居")
    client = Client()
    found = {}
    for path in ["/", "/sitemap.xml", "/api/v2/pages/", "/graphql/?query={__typename}"]:
        response = client.get(path)
        assert response.status_code < 500, path
        if urls := external_urls(response.content.decode()):
            found[path] = urls
    assert found == {}
