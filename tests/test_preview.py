"""The admin preview points at SITE_BASE_URL and answers there with the draft."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

from content.editorial import REVIEWERS
from tests.admin_pages import client_for, edit_url, form_data
from tests.factories import UserFactory, article_create

pytestmark = pytest.mark.django_db


def test_the_admin_preview_opens_the_draft_on_the_site_base_url(settings, site_tree, editorial):
    settings.SITE_BASE_URL = "http://127.0.0.1:8123"
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": settings.SITE_BASE_URL + "/preview"},
    }
    article = article_create(site_tree, title="草稿预览")
    reviewer = client_for(UserFactory(groups=[REVIEWERS]))
    data = form_data(reviewer, edit_url(article), type(article), title="草稿预览（修改中）")
    preview_url = f"/admin/pages/{article.pk}/edit/preview/"
    assert reviewer.post(preview_url, data).json()["is_valid"]

    frame = unescape(reviewer.get(preview_url + "?mode=").content.decode())
    client_url = re.search(r'src="([^"]+/preview/\?[^"]+)"', frame).group(1)
    assert client_url.startswith("http://127.0.0.1:8123/preview/?")

    split = urlsplit(client_url)
    response = client_for(UserFactory()).get(f"{split.path}?{split.query}")
    assert response.status_code == 200
    assert "草稿预览（修改中）" in response.content.decode()


def test_a_forged_preview_token_finds_nothing(client, site_tree):
    response = client.get("/preview/?content_type=content.articlepage&token=id=1:forged")
    assert response.status_code == 404
