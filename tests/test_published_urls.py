"""Every published URL answers: the sitemap's and REST's `html_url` use SITE_BASE_URL, and
each content URL renders a minimal server-side page (title and text, Chinese, nothing
fetched from elsewhere) until the members' site renders them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.factories import article_create, event_create, newsletter_create, project_create

pytestmark = pytest.mark.django_db

BASE = "https://club.example.cn"


@pytest.fixture
def content(settings, site_tree):
    settings.SITE_BASE_URL = BASE
    return {
        "article": article_create(site_tree, intro="欢迎加入万客会，尊享会员礼遇。"),
        "event": event_create(site_tree, intro="业主恳谈会，欢迎参加。"),
        "newsletter": newsletter_create(site_tree, summary="本期会刊介绍新楼盘。"),
        "project": project_create(site_tree, intro="临江而居，配套成熟。"),
        "hidden": project_create(site_tree, licensed=False, intro="尚未取得预售许可证"),
    }


def sitemap_urls(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_every_sitemap_url_answers_with_a_page_never_a_server_error(client, content):
    urls = sitemap_urls(client)
    assert len(urls) >= 9  # home, four sections, four pages
    for url in urls:
        assert url.startswith(BASE + "/"), url
        response = client.get(urlsplit(url).path, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<h1>" in html and 'lang="zh-hans"' in html
        assert "http://" not in html and "https://" not in html  # nothing from a CDN


def test_a_content_page_shows_its_title_and_text_but_never_a_price(client, content):
    project = content["project"]
    html = client.get(urlsplit(project.full_url).path).content.decode()
    assert project.title in html and "临江而居，配套成熟。" in html
    assert "5000000" not in html and "8000000" not in html


def test_an_unlicensed_project_has_no_public_url(client, content):
    hidden = content["hidden"]
    assert hidden.full_url not in sitemap_urls(client)
    response = client.get(urlsplit(hidden.full_url).path, follow=True)
    assert response.status_code in (200, 404)  # the sign-in page, or nothing
    assert hidden.title not in response.content.decode()


def test_rest_html_url_uses_the_site_base_url_and_answers(client, content):
    items = client.get("/api/v2/pages/").json()["items"]
    assert len(items) >= 9
    for item in items:
        html_url = client.get(f"/api/v2/pages/{item['id']}/").json()["meta"]["html_url"]
        assert html_url.startswith(BASE + "/"), html_url
        assert client.get(urlsplit(html_url).path, follow=True).status_code == 200
