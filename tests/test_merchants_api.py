"""Partner merchants (特约商户), a member benefit, are served by GraphQL and REST alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from content.models import Merchant

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchants(db):
    today = timezone.localdate()
    year = dt.timedelta(days=365)
    return [
        Merchant.objects.create(name="海岸线粤菜馆", category="DINING", city="深圳", offer="9 折"),
        Merchant.objects.create(
            name="小树苗少儿英语",
            category="EDUCATION",
            city="深圳",
            offer="立减 500 元",
            valid_from=today - year,
            valid_until=today + year,
        ),
        Merchant.objects.create(name="申城书局", category="SHOPPING", city="上海", offer="85 折"),
        Merchant.objects.create(
            name="已过期的商户",
            category="DINING",
            city="深圳",
            offer="过期",
            valid_until=today - dt.timedelta(days=1),
        ),
    ]


def gql(client, query):
    return client.post("/graphql/", {"query": query}, content_type="application/json").json()


def test_merchants_are_listed_in_graphql_with_valid_offers_only(client, merchants):
    body = gql(
        client,
        '{ merchants(city: "深圳", first: 10) { totalCount edges { node { name category offer } } } }',
    )
    assert "errors" not in body, body
    connection = body["data"]["merchants"]
    assert connection["totalCount"] == 2
    assert [e["node"]["name"] for e in connection["edges"]] == ["小树苗少儿英语", "海岸线粤菜馆"]


def test_merchants_filter_by_category(client, merchants):
    body = gql(client, "{ merchants(category: SHOPPING) { edges { node { name city } } } }")
    assert body["data"]["merchants"]["edges"] == [{"node": {"name": "申城书局", "city": "上海"}}]


def test_merchants_are_served_by_the_rest_api(client, merchants):
    listing = client.get("/api/v2/merchants/?city=深圳")
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert sorted(item["name"] for item in items) == ["小树苗少儿英语", "海岸线粤菜馆"]
    detail = client.get(f"/api/v2/merchants/{items[0]['id']}/").json()
    assert detail["offer"] and detail["city"] == "深圳"
    expired = merchants[3]
    assert client.get(f"/api/v2/merchants/{expired.pk}/").status_code == 404


def test_grapples_snippet_query_answers_merchants_in_the_same_type(client, merchants):
    body = gql(client, "{ snippets { __typename ... on Merchant { name offer } } }")
    assert "errors" not in body, body
    assert {"__typename": "Merchant", "name": "申城书局", "offer": "85 折"} in body["data"][
        "snippets"
    ]
