"""The REST API v2 pages listing: view restrictions decided as for GraphQL, at a cost that
neither the number of restrictions nor the number of projects listed changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content.models import AdverseFactor, UnitType
from tests.factories import UserFactory, article_create, project_create

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v2/pages/?type=content.ProjectPage&fields=city,unit_types,adverse_factors"


def _get(client, url=PROJECTS):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return [item["meta"]["slug"] for item in response.json()["items"]], captured


def _restrict(page, kind, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret" if kind == "password" else ""
    )
    restriction.groups.set(groups)


@pytest.mark.parametrize(
    ("who", "admitted"),
    [
        ("anonymous", {"open"}),
        ("member", {"open", "login"}),
        ("owner", {"open", "login", "groups"}),
    ],
)
def test_the_listing_admits_exactly_whom_each_restriction_names(client, site_tree, who, admitted):
    owners = Group.objects.create(name="业主")
    project_create(site_tree, slug="open")
    for kind in ("login", "groups", "password"):
        _restrict(project_create(site_tree, slug=kind), kind, groups=[owners])
    if who == "member":
        client.force_login(UserFactory())
    elif who == "owner":
        client.force_login(UserFactory(groups=[owners.name]))

    listed, _ = _get(client)

    assert set(listed) == admitted


def test_the_listing_costs_the_same_queries_and_sql_with_2000_view_restrictions(client, site_tree):
    project_create(site_tree, slug="open")
    _restrict(project_create(site_tree, slug="closed"), "login")
    _get(client)  # the site and its root paths are cached from here on
    few_slugs, few = _get(client)
    elsewhere = article_create(site_tree)
    PageViewRestriction.objects.bulk_create(
        PageViewRestriction(page=elsewhere, restriction_type="login") for _ in range(2000)
    )

    many_slugs, many = _get(client)

    assert many_slugs == few_slugs == ["open"]
    assert len(many) == len(few)
    assert [len(q["sql"]) for q in many] == [len(q["sql"]) for q in few]


def test_the_listing_costs_the_same_queries_for_1_and_8_projects(client, site_tree):
    def add_project():
        project = project_create(site_tree)
        UnitType.objects.create(project=project, name="两房", rooms=2, area_sqm=75)
        AdverseFactor.objects.create(project=project, category="NOISE", name="高速公路")

    add_project()
    _get(client)  # the site and its root paths are cached from here on
    one, one_queries = _get(client)
    for _ in range(7):
        add_project()
    eight, eight_queries = _get(client)

    assert (len(one), len(eight)) == (1, 8)
    assert len(eight_queries) == len(one_queries)
