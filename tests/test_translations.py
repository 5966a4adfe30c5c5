"""Translated pages: found by locale, each at its own URL, and no English tree of Chinese
placeholders (issue: editorial integrity, translations)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from content.editorial import EDITORS, REVIEWERS
from content.models import ArticlePage
from tests.admin_pages import client_for, create_url, form_data
from tests.factories import UserFactory, article_create

pytestmark = pytest.mark.django_db
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def editor(editorial):
    return UserFactory(groups=[EDITORS])


@pytest.fixture
def reviewer(editorial):
    return UserFactory(groups=[REVIEWERS])


def translate(user, page, *, subtree: bool) -> Locale:
    english = Locale.objects.get(language_code="en")
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    data = {"locales": [english.pk]}
    if subtree:
        data["include_subtree"] = "on"
    assert client_for(user).post(url, data).status_code == 302
    return english


def publish_translation(page, english, title):
    translation = page.get_translation(english).specific
    translation.title = title
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def gql(client, query, **extra):
    return client.post(
        "/graphql/", {"query": query}, content_type="application/json", **extra
    ).json()


@pytest.fixture
def translated(site_tree, editor):
    article = article_create(site_tree, slug="pujiang-blossom", title="浦江花开")
    english = translate(editor, site_tree.home, subtree=True)
    for page in (site_tree.home, site_tree.articles):
        publish_translation(page, english, {"home": "Club", "news": "News"}[page.slug])
    return article, publish_translation(article, english, "Pujiang Blossom")


def test_a_translated_page_is_found_by_slug_in_the_callers_language(client, translated):
    query = '{ page(slug: "pujiang-blossom") { title } }'

    default = gql(client, query)
    english = gql(client, query, HTTP_ACCEPT_LANGUAGE="en")
    explicit = gql(client, '{ page(slug: "pujiang-blossom", locale: "en") { title } }')

    assert "errors" not in default and "errors" not in english and "errors" not in explicit
    assert default["data"]["page"]["title"] == "浦江花开"
    assert english["data"]["page"]["title"] == "Pujiang Blossom"
    assert explicit["data"]["page"]["title"] == "Pujiang Blossom"


def test_a_page_and_its_translation_have_their_own_urls(client, translated):
    chinese, english = translated

    assert chinese.url != english.url
    assert english.url.startswith("/en/")
    assert "浦江花开" in client.get(chinese.url).content.decode()
    assert "Pujiang Blossom" in client.get(english.url).content.decode()


def test_translating_one_page_leaves_no_english_placeholder_with_a_chinese_title(client, site_tree):
    article = article_create(site_tree, title="会员招募")
    english = Locale.objects.get(language_code="en")
    # Wagtail makes the untranslated parents live aliases: Chinese titles in the English tree
    article.copy_for_translation(english, copy_parents=True)
    publish_translation(article, english, "Join the club")

    listing = client.get("/api/v2/pages/?locale=en").json()["items"]
    grapple = gql(client, "{ pages { title } }", HTTP_ACCEPT_LANGUAGE="en")["data"]["pages"]

    assert [item["title"] for item in listing] == ["Join the club"]
    english_titles = {p["title"] for p in grapple} - {
        p.title for p in site_tree.home.get_descendants(inclusive=True).live()
    }
    assert english_titles == {"Join the club"}


def test_a_chinese_page_created_after_translation_adds_no_english_page(site_tree, editor, reviewer):
    english = translate(editor, site_tree.home, subtree=True)
    client = client_for(reviewer)
    url = create_url(ArticlePage, site_tree.articles)
    data = form_data(client, url, ArticlePage, title="新春联谊", slug="spring-party")
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302

    assert not ArticlePage.objects.filter(locale=english, title="新春联谊").exists()
