"""Chinese full-text search: segmented text in the index, segmented queries, and the
pre-licence rule; plus what can be checked of the OpenSearch/Elasticsearch path without a
server (index settings, mapping, the document and the query that would be sent).
"""

from __future__ import annotations

import runpy
from copy import deepcopy
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchBaseMapping,
    ElasticsearchBaseSearchBackend,
    ElasticsearchBaseSearchQueryCompiler,
)
from modelsearch.utils import deep_update

from content.selectors import searchable_pages_for
from core.text import segment
from tests.factories import (
    UserFactory,
    article_create,
    event_create,
    newsletter_create,
    project_create,
)

pytestmark = pytest.mark.django_db

SEARCH = "query ($q: String!, $first: Int) { search(query: $q, first: $first) { title url type } }"


def search(client, text, first=None):
    response = client.post(
        "/graphql/",
        {"query": SEARCH, "variables": {"q": text, "first": first}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["search"]


def test_a_word_inside_a_chinese_phrase_is_found(client, site_tree):
    project_create(site_tree, title="海悦府", slug="haiyue", intro="紧邻优质学区房，配套成熟。")

    results = search(client, "学区")

    assert results == [{"title": "海悦府", "url": "/projects/haiyue/", "type": "project"}]


def test_a_query_without_a_hit_returns_an_empty_list(client, site_tree):
    project_create(site_tree, intro="紧邻优质学区房，配套成熟。")

    assert search(client, "殡仪馆") == []
    assert search(client, "，。！") == []  # punctuation only: nothing to look for


def test_every_word_of_the_query_must_match(client, site_tree):
    project_create(site_tree, slug="school", intro="优质学区房")
    project_create(site_tree, slug="park", intro="公园旁的学区")

    results = search(client, "学区 公园")

    assert [r["url"] for r in results] == ["/projects/park/"]


def test_unlicensed_projects_are_found_only_by_signed_in_users(client, site_tree):
    project_create(site_tree, licensed=False, slug="preview", intro="学区房即将预售")

    assert search(client, "学区") == []

    client.force_login(UserFactory())
    assert [r["url"] for r in search(client, "学区")] == ["/projects/preview/"]


def test_results_name_their_type(client, site_tree):
    event_create(site_tree, slug="tea", title="业主茶话会", intro="万客会业主联谊")
    article_create(site_tree, slug="news", title="会员动态", intro="万客会新会员活动")
    newsletter_create(site_tree, slug="issue-9", title="万客会会刊第九期", summary="本期导读")
    project_create(site_tree, slug="estate", title="万客会推荐楼盘")

    results = search(client, "万客")

    assert {(r["type"], r["url"]) for r in results} == {
        ("event", "/events/tea/"),
        ("article", "/news/news/"),
        ("newsletter", "/newsletters/issue-9/"),
        ("project", "/projects/estate/"),
    }


def test_search_sees_a_page_once_it_is_published_and_not_before(client, site_tree):
    draft = article_create(site_tree, publish=False, slug="soon", intro="精装修样板间开放")

    assert search(client, "样板间") == []

    draft.save_revision().publish()
    assert [r["url"] for r in search(client, "样板间")] == ["/news/soon/"]


def test_first_limits_the_results_and_is_capped(client, site_tree):
    for n in range(3):
        article_create(site_tree, slug=f"n{n}", intro="社区文化活动")

    assert len(search(client, "社区", first=2)) == 2
    response = client.post(
        "/graphql/",
        {"query": SEARCH, "variables": {"q": "社区", "first": 101}},
        content_type="application/json",
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "PAGE_SIZE_TOO_LARGE"


# --- the OpenSearch / Elasticsearch path, without a server ----------------------------------


@pytest.fixture
def search_engine_config(monkeypatch):
    """WAGTAILSEARCH_BACKENDS as portal/settings.py builds it when SEARCH_URL is set."""
    monkeypatch.setenv("SEARCH_URL", "http://127.0.0.1:9200")
    namespace = runpy.run_path(str(Path(settings.BASE_DIR) / "portal" / "settings.py"))
    return namespace["WAGTAILSEARCH_BACKENDS"]["default"]


def test_the_search_engine_splits_text_on_whitespace_only(search_engine_config):
    # The backend merges INDEX_SETTINGS into its own settings exactly like this.
    index_settings = deep_update(
        deepcopy(ElasticsearchBaseSearchBackend.settings),
        search_engine_config["INDEX_SETTINGS"],
    )

    analyzers = index_settings["settings"]["analysis"]["analyzer"]
    assert analyzers["default"] == {"tokenizer": "whitespace", "filter": ["lowercase"]}
    assert "edgengram_analyzer" in analyzers  # modelsearch's own analyzers are kept
    assert search_engine_config["BACKEND"].startswith("wagtail.search.backends.")
    assert search_engine_config["INDEX_PREFIX"] == "club_"


def test_segmented_text_is_what_the_search_engine_would_index(site_tree):
    project = project_create(site_tree, title="海悦府", intro="紧邻优质学区房")
    mapping = ElasticsearchBaseMapping(type(project))

    properties = mapping.get_mapping()["properties"]
    document = mapping.get_document(project)

    text_fields = [name for name in properties if name.endswith("search_text")]
    assert text_fields, properties
    # No analyzer of its own: the index's default (whitespace) analyzer applies.
    assert all("analyzer" not in properties[name] for name in text_fields)
    indexed = document[text_fields[0]]
    assert indexed == project.search_text()
    assert {"优质", "学区", "房"} <= set(indexed.split())


def test_the_search_engine_query_carries_segmented_words_and_supported_filters(site_tree):
    project_create(site_tree, licensed=False)  # so that the anonymous scope excludes ids
    scope = searchable_pages_for(user=AnonymousUser())

    compiler = ElasticsearchBaseSearchQueryCompiler(scope, segment("优质学区房"), operator="and")
    query = compiler.get_query()  # raises FilterFieldError for a filter the engine lacks

    match = query["bool"]["must"]
    match = match.get("multi_match") or next(iter(match["match"].values()))
    assert match["query"] == "优质 学区 房"
    assert match["operator"] == "and"
    assert query["bool"]["filter"]


def test_a_title_match_ranks_above_a_mention_in_the_body(client, site_tree):
    article_create(site_tree, title="社区活动回顾", intro="我们参观了云海湾样板间。")
    project_create(site_tree, title="深圳 · 云海湾", intro="滨海大盘")
    hits = search(client, "云海湾")
    assert hits[0]["title"] == "深圳 · 云海湾"
