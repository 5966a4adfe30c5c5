"""View restrictions in the content API: the same rules, at a cost that does not grow with
the number of restrictions, and related rows fetched only when a client selects them.

Every test posts to /graphql/ as a real client does (content.selectors decides).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content.models import UnitType
from tests.factories import (
    UserFactory,
    article_create,
    event_create,
    newsletter_create,
    project_create,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "projects": "{ projects(first: 50) { edges { node { slug unitTypes { name } } } } }",
    "events": "{ events(first: 50) { edges { node { slug seatsLeft } } } }",
    "newsletters": "{ newsletters(first: 50) { edges { node { slug } } } }",
}


def _post(client, query, variables=None):
    payload = {"query": query, "variables": variables or {}}
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", payload, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body, captured


def _slugs(body, field):
    return [edge["node"]["slug"] for edge in body["data"][field]["edges"]]


def _restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret" if kind == "password" else ""
    )
    restriction.groups.set(groups)
    return restriction


@pytest.fixture
def restricted_content(site_tree):
    """One open page and one page per kind of restriction, in each list."""
    owners = Group.objects.create(name="业主")
    pages = {}
    for name, create in (
        ("project", project_create),
        ("event", event_create),
        ("newsletter", newsletter_create),
    ):
        pages[name, "open"] = create(site_tree, slug=f"{name}-open")
        for kind in ("login", "groups", "password"):
            page = create(site_tree, slug=f"{name}-{kind}")
            _restrict(page, kind, groups=[owners] if kind == "groups" else [])
            pages[name, kind] = page
    return owners, pages


@pytest.mark.parametrize(
    ("who", "admitted"),
    [
        ("anonymous", {"open"}),
        ("member", {"open", "login"}),
        ("owner", {"open", "login", "groups"}),
        ("superuser", {"open", "login", "groups"}),
    ],
)
def test_each_kind_of_view_restriction_admits_exactly_whom_it_names(
    client, restricted_content, who, admitted
):
    owners, _pages = restricted_content
    if who == "member":
        client.force_login(UserFactory())
    elif who == "owner":
        client.force_login(UserFactory(groups=[owners.name]))
    elif who == "superuser":
        client.force_login(UserFactory(is_superuser=True))

    for field, name in (
        ("projects", "project"),
        ("events", "event"),
        ("newsletters", "newsletter"),
    ):
        body, _ = _post(client, LISTS[field])
        assert sorted(_slugs(body, field)) == sorted(f"{name}-{kind}" for kind in admitted)


def test_a_restriction_on_a_section_hides_the_pages_below_it(client, site_tree):
    project_create(site_tree, slug="below-section")
    _restrict(site_tree.projects, "login")

    anonymous, _ = _post(client, LISTS["projects"])
    client.force_login(UserFactory())
    member, _ = _post(client, LISTS["projects"])

    assert _slugs(anonymous, "projects") == []
    assert _slugs(member, "projects") == ["below-section"]


def test_grapple_page_by_url_path_hides_a_restricted_page_from_everyone(client, site_tree):
    article_create(site_tree, slug="members-only-news")
    restriction = _restrict(site_tree.articles, "login")
    query = '{ page(urlPath: "/news/members-only-news/") { slug } }'

    hidden, _ = _post(client, query)
    restriction.delete()
    shown, _ = _post(client, query)

    assert hidden["data"]["page"] is None
    assert shown["data"]["page"] == {"slug": "members-only-news"}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
@pytest.mark.parametrize("field", sorted(LISTS))
def test_lists_cost_the_same_queries_and_sql_with_2000_view_restrictions(
    client, site_tree, restricted_content, field, signed_in
):
    if signed_in:
        client.force_login(UserFactory())
    few_body, few = _post(client, LISTS[field])
    # 2,000 more restrictions, on a page none of the lists shows
    elsewhere = article_create(site_tree)
    PageViewRestriction.objects.bulk_create(
        PageViewRestriction(page=elsewhere, restriction_type="login") for _ in range(2000)
    )

    many_body, many = _post(client, LISTS[field])

    assert many_body == few_body
    assert len(many) == len(few)
    assert [len(q["sql"]) for q in many] == [len(q["sql"]) for q in few]


def test_unit_types_are_fetched_only_when_selected(client, site_tree):
    project = project_create(site_tree)
    UnitType.objects.create(project=project, name="两房", rooms=2, area_sqm=75)
    bare = "{ projects(first: 5) { edges { node { slug } } } }"
    with_units = "{ projects(first: 5) { edges { node { slug ...U } } } } fragment U on Project { unitTypes { name } }"
    detail = "query ($s: String!) { project(slug: $s) { slug %s } }"
    detail_bare = detail.replace("%s", "")
    detail_units = detail.replace("%s", "unitTypes { name }")

    _, bare_queries = _post(client, bare)
    body, unit_queries = _post(client, with_units)
    _, detail_bare_queries = _post(client, detail_bare, {"s": project.slug})
    _, detail_unit_queries = _post(client, detail_units, {"s": project.slug})

    assert body["data"]["projects"]["edges"][0]["node"]["unitTypes"] == [{"name": "两房"}]
    assert len(unit_queries) == len(bare_queries) + 1  # the unit types' prefetch, once
    assert len(detail_unit_queries) == len(detail_bare_queries) + 1
    assert not any('FROM "content_adversefactor"' in q["sql"] for q in unit_queries)


def test_the_locales_are_read_once_per_request(client, site_tree):
    project_create(site_tree)
    event_create(site_tree)
    both = (
        "{ projects { edges { node { slug } } } events { edges { node { slug } } }"
        " newsletters { edges { node { slug } } } }"
    )

    _, captured = _post(client, both)

    locale_reads = [q for q in captured if 'FROM "wagtailcore_locale"' in q["sql"]]
    assert len(locale_reads) == 1


# --- parsed and validated documents are kept -------------------------------------------------


def test_a_validated_document_is_parsed_and_validated_once(client, site_tree):
    from portal.graphql.documents import validated_documents

    query = "{ projects(first: 3) { edges { node { slug } } } }"
    _post(client, query)
    kept = [doc for key, doc in validated_documents._entries.items() if key[-1] == query]
    _post(client, query)
    again = [doc for key, doc in validated_documents._entries.items() if key[-1] == query]

    assert len(kept) == 1 and again[0] is kept[0]


def test_a_document_that_failed_validation_is_not_kept(client):
    from portal.graphql.documents import validated_documents

    query = "{ projects { edges { node { noSuchField } } } }"
    response = client.post("/graphql/", {"query": query}, content_type="application/json")

    assert response.status_code == 400
    assert not any(key[-1] == query for key in validated_documents._entries)


def test_introspection_validated_for_staff_is_still_refused_to_anonymous_clients(client, settings):
    settings.DEBUG = False
    query = "{ __schema { queryType { name } } }"
    client.force_login(UserFactory(is_staff=True))
    staff = client.post("/graphql/", {"query": query}, content_type="application/json")
    client.logout()
    anonymous = client.post("/graphql/", {"query": query}, content_type="application/json")

    assert staff.status_code == 200
    assert anonymous.status_code == 400


def test_the_document_cache_keeps_only_the_most_recently_used():
    from portal.graphql.documents import DocumentCache

    cache = DocumentCache(max_size=2)
    for key in ("a", "b"):
        cache.put(key, object())
    cache.get("a")  # "b" is now the least recently used
    cache.put("c", object())

    assert len(cache) == 2
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None


def test_the_benchmark_peer_is_not_installed_in_the_application(settings):
    # The stock peer of `make bench` lives in portal.bench.settings alone.
    assert not any("bench" in app for app in settings.INSTALLED_APPS)
    assert settings.ROOT_URLCONF == "portal.urls"
