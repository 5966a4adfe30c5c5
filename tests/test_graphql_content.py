"""The content API over HTTP: projects (pre-licence rule), events, newsletters, previews.

Every test posts JSON to /graphql/ as a real client does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from graphql import parse, validate

from content.models import AdverseFactor, EventPage, UnitType
from portal.graphql.schema import schema
from tests.factories import (
    UserFactory,
    article_create,
    event_create,
    newsletter_create,
    project_create,
)

pytestmark = pytest.mark.django_db

PROJECT_FIELDS = """
  slug name city district salesStatus adverseFactorsReviewed
  presaleLicence { number issuedOn }
  priceRange { minPerSqm maxPerSqm currency }
  unitTypes { name rooms areaSqm }
  adverseFactors { category name distanceM note }
"""
PROJECTS = (
    "query ($first: Int, $after: String, $city: String, $status: ProjectSalesStatus) {"
    " projects(first: $first, after: $after, city: $city, salesStatus: $status) {"
    " totalCount pageInfo { hasNextPage endCursor } edges { cursor node { "
    + PROJECT_FIELDS
    + " } } } }"
)
PROJECT = "query ($slug: String!) { project(slug: $slug) { " + PROJECT_FIELDS + " } }"


def gql(client, query, variables=None, **extra):
    response = client.post(
        "/graphql/",
        {"query": query, "variables": variables or {}},
        content_type="application/json",
        **extra,
    )
    return response, response.json()


def slugs(body, field="projects"):
    return [edge["node"]["slug"] for edge in body["data"][field]["edges"]]


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory())
    return client


# --- the pre-sale licence rule ------------------------------------------------------------


def test_anonymous_visitors_see_only_licensed_projects(client, site_tree):
    licensed = project_create(site_tree, licensed=True)
    project_create(site_tree, licensed=False)

    response, body = gql(client, PROJECTS)

    assert response.status_code == 200, body
    assert slugs(body) == [licensed.slug]
    assert body["data"]["projects"]["totalCount"] == 1


def test_a_licensed_project_shows_its_licence_and_price_range_in_fen(client, site_tree):
    project_create(
        site_tree,
        licensed=True,
        slug="haiyue",
        price_min_per_sqm=5_000_000,
        price_max_per_sqm=8_000_000,
        presale_licence_number="深房许字（2026）第001号",
        presale_licence_date=dt.date(2026, 3, 1),
    )

    _, body = gql(client, PROJECT, {"slug": "haiyue"})

    project = body["data"]["project"]
    assert project["presaleLicence"] == {
        "number": "深房许字（2026）第001号",
        "issuedOn": "2026-03-01",
    }
    assert project["priceRange"] == {
        "minPerSqm": 5_000_000,
        "maxPerSqm": 8_000_000,
        "currency": "CNY",
    }


def test_an_unlicensed_project_is_hidden_from_anonymous_visitors_by_slug(client, site_tree):
    project_create(site_tree, licensed=False, slug="preview-only")

    response, body = gql(client, PROJECT, {"slug": "preview-only"})

    assert response.status_code == 200
    assert body == {"data": {"project": None}}


def test_signed_in_users_preview_unlicensed_projects_without_any_price(member_client, site_tree):
    project_create(site_tree, licensed=True, slug="licensed")
    project_create(site_tree, licensed=False, slug="preview-only", price_min_per_sqm=4_200_000)

    _, listing = gql(member_client, PROJECTS)
    _, single = gql(member_client, PROJECT, {"slug": "preview-only"})

    assert slugs(listing) == ["licensed", "preview-only"]
    preview = single["data"]["project"]
    assert preview["slug"] == "preview-only"
    assert preview["presaleLicence"] is None
    assert preview["priceRange"] is None
    assert "4200000" not in str(listing) + str(single)


def test_a_licensed_project_without_prices_has_no_price_range(client, site_tree):
    project_create(site_tree, slug="no-prices", price_min_per_sqm=None, price_max_per_sqm=None)

    _, body = gql(client, PROJECT, {"slug": "no-prices"})

    assert body["data"]["project"]["presaleLicence"] is not None
    assert body["data"]["project"]["priceRange"] is None


def test_a_blank_licence_number_does_not_count_as_a_licence(client, site_tree):
    project = project_create(site_tree, licensed=False, slug="blank-number")
    # A row written around the model's validation: a date but only spaces as the number.
    type(project).objects.filter(pk=project.pk).update(
        presale_licence_number="   ", presale_licence_date=dt.date(2026, 1, 1)
    )

    _, body = gql(client, PROJECT, {"slug": "blank-number"})

    assert body["data"]["project"] is None


def test_draft_projects_are_not_listed_even_for_members(member_client, site_tree):
    project_create(site_tree, publish=False, slug="draft")

    _, body = gql(member_client, PROJECTS)

    assert slugs(body) == []


def test_projects_filter_by_city_and_sales_status(client, site_tree):
    project_create(site_tree, slug="sz-on-sale", city="深圳", sales_status="ON_SALE")
    project_create(site_tree, slug="sz-sold-out", city="深圳", sales_status="SOLD_OUT")
    project_create(site_tree, slug="gz-on-sale", city="广州", sales_status="ON_SALE")

    _, by_city = gql(client, PROJECTS, {"city": "深圳"})
    _, by_both = gql(client, PROJECTS, {"city": "深圳", "status": "ON_SALE"})

    assert slugs(by_city) == ["sz-on-sale", "sz-sold-out"]
    assert slugs(by_both) == ["sz-on-sale"]
    assert by_both["data"]["projects"]["edges"][0]["node"]["salesStatus"] == "ON_SALE"


def test_an_unknown_sales_status_is_a_validation_error_not_a_crash(client, site_tree):
    response, body = gql(client, "{ projects(salesStatus: BOOMING) { totalCount } }")

    assert response.status_code == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_unit_types_and_adverse_factors_have_the_contract_types(client, site_tree):
    project = project_create(site_tree, slug="with-details")
    UnitType.objects.create(project=project, name="三房", rooms=3, area_sqm="89.50", sort_order=0)
    AdverseFactor.objects.create(
        project=project, category="NOISE", name="高架桥", distance_m=300, sort_order=0
    )

    _, body = gql(client, PROJECT, {"slug": "with-details"})

    project_data = body["data"]["project"]
    assert project_data["unitTypes"] == [{"name": "三房", "rooms": 3, "areaSqm": 89.5}]
    assert project_data["adverseFactors"] == [
        {"category": "NOISE", "name": "高架桥", "distanceM": 300, "note": None}
    ]
    assert project_data["adverseFactorsReviewed"] is True


# --- paging -------------------------------------------------------------------------------


def test_projects_page_with_cursors(client, site_tree):
    for n in range(3):
        project_create(site_tree, slug=f"p{n}")

    _, first_page = gql(client, PROJECTS, {"first": 2})
    cursor = first_page["data"]["projects"]["pageInfo"]["endCursor"]
    _, second_page = gql(client, PROJECTS, {"first": 2, "after": cursor})

    assert slugs(first_page) == ["p0", "p1"]
    assert first_page["data"]["projects"]["pageInfo"]["hasNextPage"] is True
    assert first_page["data"]["projects"]["totalCount"] == 3
    assert slugs(second_page) == ["p2"]
    assert second_page["data"]["projects"]["pageInfo"]["hasNextPage"] is False


def test_a_bad_cursor_is_a_clear_error(client, site_tree):
    response, body = gql(client, PROJECTS, {"after": "not-a-cursor"})

    assert response.status_code == 200
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    assert body["data"] is None


# --- events and newsletters ----------------------------------------------------------------

EVENTS = (
    "query ($upcoming: Boolean, $first: Int) { events(upcoming: $upcoming, first: $first) {"
    " totalCount edges { node { slug title startsAt endsAt venue capacity seatsLeft"
    " registrationDeadline price } } } }"
)


def _move_start(event, when):
    """Time passes: the published event now starts (or started) at `when`."""
    EventPage.objects.filter(pk=event.pk).update(starts_at=when, ends_at=None)


def test_upcoming_events_come_soonest_first_and_past_ones_latest_first(client, site_tree):
    later = event_create(site_tree, slug="later", starts_in=dt.timedelta(days=20))
    sooner = event_create(site_tree, slug="sooner", starts_in=dt.timedelta(days=5))
    long_ago = event_create(site_tree, slug="long-ago")
    recent = event_create(site_tree, slug="recent")
    _move_start(long_ago, timezone.now() - dt.timedelta(days=30))
    _move_start(recent, timezone.now() - dt.timedelta(days=1))

    _, upcoming = gql(client, EVENTS, {"upcoming": True})
    _, past = gql(client, EVENTS, {"upcoming": False})
    _, everything = gql(client, EVENTS)

    assert slugs(upcoming, "events") == [sooner.slug, later.slug]
    assert slugs(past, "events") == [recent.slug, long_ago.slug]
    assert everything["data"]["events"]["totalCount"] == 4


def test_seats_left_is_the_capacity_of_an_event_nobody_registered_for(client, site_tree):
    event_create(site_tree, slug="limited", capacity=30, price=8800)
    event_create(site_tree, slug="unlimited", capacity=None)

    _, limited = gql(client, 'query { event(slug: "limited") { capacity seatsLeft price } }')
    _, unlimited = gql(client, 'query { event(slug: "unlimited") { capacity seatsLeft } }')

    assert limited["data"]["event"] == {"capacity": 30, "seatsLeft": 30, "price": 8800}
    assert unlimited["data"]["event"] == {"capacity": None, "seatsLeft": None}


def test_an_unknown_or_draft_event_is_null(client, site_tree):
    event_create(site_tree, slug="draft-event", publish=False)

    _, draft = gql(client, 'query { event(slug: "draft-event") { slug } }')
    _, unknown = gql(client, 'query { event(slug: "no-such-event") { slug } }')

    assert draft == {"data": {"event": None}}
    assert unknown == {"data": {"event": None}}


def test_newsletters_come_newest_first(client, site_tree):
    newsletter_create(site_tree, slug="spring", issue_number=1, published_on=dt.date(2026, 3, 1))
    newsletter_create(site_tree, slug="summer", issue_number=2, published_on=dt.date(2026, 6, 1))
    newsletter_create(site_tree, slug="unpublished", issue_number=3, publish=False)

    _, body = gql(
        client,
        "{ newsletters { totalCount edges { node { slug title issueNumber publishedOn } } } }",
    )

    assert slugs(body, "newsletters") == ["summer", "spring"]
    assert body["data"]["newsletters"]["edges"][0]["node"]["publishedOn"] == "2026-06-01"


def test_english_visitors_fall_back_to_the_chinese_pages(client, site_tree):
    project_create(site_tree, slug="zh-only")

    _, body = gql(client, PROJECTS, HTTP_ACCEPT_LANGUAGE="en")

    assert slugs(body) == ["zh-only"]


# --- no N+1 -------------------------------------------------------------------------------


def _query_count(client, query):
    with CaptureQueriesContext(connection) as captured:
        response, body = gql(client, query)
    assert response.status_code == 200 and "errors" not in body, body
    return len(captured)


def test_projects_cost_the_same_queries_for_5_and_50(member_client, site_tree):
    for n in range(50):
        project = project_create(site_tree, licensed=n % 2 == 0)
        UnitType.objects.create(project=project, name="两房", rooms=2, area_sqm=75)
        UnitType.objects.create(project=project, name="三房", rooms=3, area_sqm=98)
        AdverseFactor.objects.create(project=project, category="NOISE", name="高速公路")
    query = "{ projects(first: %d) { totalCount edges { node { %s } } } }"

    few = _query_count(member_client, query % (5, PROJECT_FIELDS))
    many = _query_count(member_client, query % (50, PROJECT_FIELDS))

    assert few == many


def test_events_and_newsletters_cost_the_same_queries_for_5_and_50(client, site_tree):
    for n in range(50):
        event_create(site_tree, starts_in=dt.timedelta(days=10 + n))
        newsletter_create(site_tree)
    events = "{ events(first: %d) { edges { node { slug title seatsLeft startsAt } } } }"
    newsletters = "{ newsletters(first: %d) { edges { node { slug issueNumber } } } }"

    assert _query_count(client, events % 5) == _query_count(client, events % 50)
    assert _query_count(client, newsletters % 5) == _query_count(client, newsletters % 50)


# --- grapple's page queries keep the rule -------------------------------------------------


def test_grapple_page_queries_do_not_expose_unlicensed_projects(client, site_tree):
    licensed = project_create(site_tree, slug="licensed")
    hidden = project_create(site_tree, licensed=False, slug="hidden")

    _, listing = gql(client, '{ pages(contentType: "content.ProjectPage") { slug } }')
    _, single = gql(client, '{ page(slug: "hidden") { slug } }')
    _, by_id = gql(client, f"{{ page(id: {hidden.pk}) {{ slug }} }}")
    _, children = gql(client, '{ page(slug: "projects") { children { slug } } }')

    assert listing["data"]["pages"] == [{"slug": licensed.slug}]
    assert single["data"]["page"] is None
    assert by_id["data"]["page"] is None
    assert children["data"]["page"]["children"] == [{"slug": licensed.slug}]


def test_grapple_project_pages_have_no_price_fields(client, site_tree):
    project_create(site_tree, slug="licensed")

    response, body = gql(
        client,
        '{ page(slug: "licensed") { ... on ProjectPage { priceMinPerSqm priceMaxPerSqm } } }',
    )

    assert response.status_code == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_grapples_own_search_field_is_replaced_by_ours(client, site_tree):
    query_type = schema.graphql_schema.query_type
    search = query_type.fields["search"]

    assert str(search.type) == "[SearchResult!]!"
    assert schema.graphql_schema.get_type("Search") is None


# --- headless preview ---------------------------------------------------------------------


def test_a_draft_is_previewed_with_its_token_and_hidden_without(client, site_tree):
    draft = article_create(site_tree, publish=False, slug="draft-news", intro="尚未发布的会员动态")
    token = draft.create_page_preview().token
    query = (
        "query ($token: String, $slug: String) { page(token: $token, slug: $slug) {"
        " title ... on ArticlePage { intro } } }"
    )

    _, with_token = gql(client, query, {"token": token})
    _, without = gql(client, query, {"slug": "draft-news"})
    _, forged = gql(client, query, {"token": f"id={draft.pk}:forged-signature"})

    assert with_token["data"]["page"] == {"title": draft.title, "intro": "尚未发布的会员动态"}
    assert without["data"]["page"] is None
    assert forged["data"]["page"] is None
    assert forged["errors"][0]["extensions"]["code"] == "INVALID_PREVIEW_TOKEN"


# --- the persisted operations the frontend uses --------------------------------------------

OPERATIONS = sorted((Path(settings.BASE_DIR) / "graphql" / "operations").glob("*.graphql"))


def test_there_are_persisted_content_operations():
    names = {path.stem for path in OPERATIONS}
    assert {"ProjectList", "ProjectDetail", "EventList", "NewsletterList", "Search"} <= names


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda path: path.stem)
def test_every_persisted_operation_is_valid_against_the_schema(path):
    errors = validate(schema.graphql_schema, parse(path.read_text(encoding="utf-8")))
    assert errors == []


# --- pagination ---------------------------------------------------------------------------


def test_total_count_costs_a_count_query_only_when_selected(client, site_tree):
    for _ in range(3):
        project_create(site_tree)
    without = _query_count(client, "{ projects(first: 2) { edges { node { slug } } } }")
    with_total = _query_count(
        client, "{ projects(first: 2) { totalCount edges { node { slug } } } }"
    )
    assert with_total == without + 1


def test_has_next_page_is_exact_at_the_end_of_the_list(client, site_tree):
    for _ in range(3):
        project_create(site_tree)
    page = "query ($n: Int, $after: String) { projects(first: $n, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"

    _, body = gql(client, page, {"n": 2})
    first = body["data"]["projects"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"] is True

    _, body = gql(client, page, {"n": 2, "after": first["pageInfo"]["endCursor"]})
    second = body["data"]["projects"]
    assert len(second["edges"]) == 1 and second["pageInfo"]["hasNextPage"] is False

    _, body = gql(client, page, {"n": 3})
    assert body["data"]["projects"]["pageInfo"]["hasNextPage"] is False
