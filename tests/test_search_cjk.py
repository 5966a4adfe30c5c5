"""Chinese search finds any word of the text, not only the words jieba's dictionary cuts.

jieba reads 收房验房 as 收房验/房 and 滨江大平层 as 滨江/大平/层, so a search for 验房 or
平层 found nothing by words alone. Character bigrams of every CJK run are indexed beside
the words (core.text) and match when the words do not; word matches rank first. The same
terms reach the database backends (SQLite FTS5, PostgreSQL) and OpenSearch.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from modelsearch.backends.elasticsearchbase import (
    ElasticsearchBaseMapping,
    ElasticsearchBaseSearchQueryCompiler,
)

from content.choices import AdverseFactorCategory
from content.models import AdverseFactor, UnitType
from content.selectors import searchable_pages_for
from core.text import bigram_terms, bigrams, segment
from tests.factories import article_create, project_create
from tests.test_search import search

pytestmark = pytest.mark.django_db


def test_cjk_runs_become_marked_bigrams_and_other_runs_stay_whole():
    assert bigram_terms("收房验房") == ["cjk收房", "cjk房验", "cjk验房"]
    assert bigram_terms("3号楼A座，Wi-Fi") == ["3", "cjk号楼", "a", "座", "wi", "fi"]
    assert bigram_terms("，。！") == []


@pytest.mark.parametrize(
    ("title", "query"),
    [("收房验房注意事项", "验房"), ("滨江大平层品鉴会", "平层")],
)
def test_a_word_the_dictionary_cuts_differently_is_still_found(client, site_tree, title, query):
    # given a title in which jieba does not see the query as a word
    assert query not in segment(title).split()
    article_create(site_tree, slug="tips", title=title, intro="会员服务")

    # then its characters find it
    assert [hit["title"] for hit in search(client, query)] == [title]


def test_pages_containing_the_word_rank_above_pages_containing_only_its_characters(
    client, site_tree
):
    # the bigram-only page mentions 验房 in its title and twice more, the word page once
    article_create(
        site_tree, slug="handover", title="收房验房注意事项", intro="收房验房十个要点，收房验房"
    )
    article_create(site_tree, slug="process", title="交付流程", intro="验房流程与常见问题。")

    hits = search(client, "验房")

    assert [hit["url"] for hit in hits] == ["/news/process/", "/news/handover/"]


def test_every_bigram_of_the_query_must_occur(client, site_tree):
    article_create(site_tree, slug="handover", title="收房验房注意事项", intro="会员服务")

    assert search(client, "验房公园") == []
    assert search(client, "房验收") == []  # 房验 occurs, 验收 does not


def test_first_counts_word_and_bigram_matches_together(client, site_tree):
    article_create(site_tree, slug="a", title="验房流程", intro="会员服务")
    article_create(site_tree, slug="b", title="收房验房注意事项", intro="会员服务")
    article_create(site_tree, slug="c", title="二次收房验房", intro="会员服务")

    assert [hit["url"] for hit in search(client, "验房", first=2)][0] == "/news/a/"
    assert len(search(client, "验房", first=2)) == 2
    assert len(search(client, "验房", first=3)) == 3


def _project_near_a_viaduct(site_tree):
    return project_create(
        site_tree,
        slug="riverside",
        title="滨江花园",
        district="海珠区",
        address="滨江东路188号",
        intro="江景住宅",
        adverse_factors=[
            AdverseFactor(
                category=AdverseFactorCategory.NOISE,
                name="沙河西路高架桥",
                distance_m=260,
                note="施工期间设置临时围挡。",
            )
        ],
        unit_types=[UnitType(name="A 户型 三房两厅", rooms=3, area_sqm=89)],
    )


@pytest.mark.parametrize("query", ["噪音", "高架桥", "围挡", "海珠区", "滨江东路", "三房两厅"])
def test_a_project_is_found_by_its_place_layout_and_surroundings(client, site_tree, query):
    _project_near_a_viaduct(site_tree)

    assert [hit["url"] for hit in search(client, query)] == ["/projects/riverside/"]


def test_a_project_is_not_found_by_the_examples_of_its_factor_categories(client, site_tree):
    # the NOISE label lists 机场 as an example; this project has a viaduct, not an airport
    _project_near_a_viaduct(site_tree)

    assert search(client, "机场") == []


def test_prices_stay_out_of_the_search_index(site_tree):
    project = project_create(site_tree, price_min_per_sqm=5_123_400, price_max_per_sqm=8_765_400)

    indexed = " ".join([project.search_title(), project.search_text(), project.search_bigrams()])

    assert "5123400" not in indexed and "8765400" not in indexed
    assert "51234" not in indexed and "87654" not in indexed


# --- the OpenSearch / Elasticsearch path, without a server ----------------------------------


def test_the_search_engine_indexes_the_bigrams_with_the_whitespace_analyzer(site_tree):
    article = article_create(site_tree, title="收房验房注意事项")
    mapping = ElasticsearchBaseMapping(type(article))

    properties = mapping.get_mapping()["properties"]
    document = mapping.get_document(article)

    [field] = [name for name in properties if name.endswith("search_bigrams")]
    assert "analyzer" not in properties[field]  # the index default: whitespace, lowercase
    assert "_all_text" in properties[field]["copy_to"]
    assert "cjk验房" in document[field].split()


def test_the_search_engine_query_for_bigrams_carries_the_marked_terms(site_tree):
    scope = searchable_pages_for(user=AnonymousUser())

    compiler = ElasticsearchBaseSearchQueryCompiler(scope, bigrams("验房流程"), operator="and")
    match = compiler.get_query()["bool"]["must"]
    match = match.get("multi_match") or next(iter(match["match"].values()))

    assert match["query"] == "cjk验房 cjk房流 cjk流程"
    assert match["operator"] == "and"
