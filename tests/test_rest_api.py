"""Wagtail's REST API v2 and the sitemap keep the pre-licence rule: no unlicensed project for
anonymous clients, no price for anyone before the licence, no raw price column at all.
"""

from __future__ import annotations

import pytest

from content.models import AdverseFactor, UnitType
from tests.factories import UserFactory, project_create

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v2/pages/?type=content.ProjectPage&fields=*"


def slugs(response):
    return [item["meta"]["slug"] for item in response.json()["items"]]


def test_anonymous_listing_leaves_out_unlicensed_projects(client, site_tree):
    project_create(site_tree, slug="licensed")
    project_create(site_tree, licensed=False, slug="preview")

    all_pages = client.get("/api/v2/pages/")
    projects = client.get(PROJECTS)

    assert all_pages.status_code == 200
    assert "preview" not in [item["meta"]["slug"] for item in all_pages.json()["items"]]
    assert slugs(projects) == ["licensed"]


def test_anonymous_detail_of_an_unlicensed_project_is_not_found(client, site_tree):
    hidden = project_create(site_tree, licensed=False, slug="preview")

    assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404
    assert client.get("/api/v2/pages/find/?html_path=/projects/preview/").status_code == 404


def test_a_licensed_project_shows_its_price_range_but_no_raw_price_columns(client, site_tree):
    project = project_create(
        site_tree, slug="licensed", price_min_per_sqm=5_000_000, price_max_per_sqm=8_000_000
    )

    detail = client.get(f"/api/v2/pages/{project.pk}/").json()

    assert detail["price_range"] == {
        "min_per_sqm": 5_000_000,
        "max_per_sqm": 8_000_000,
        "currency": "CNY",
    }
    assert detail["presale_licence"]["number"] == project.presale_licence_number
    assert "price_min_per_sqm" not in detail
    assert "price_max_per_sqm" not in detail


@pytest.mark.parametrize(
    "query",
    [
        "fields=price_min_per_sqm",
        "price_min_per_sqm=5000000",
        "order=price_max_per_sqm",
    ],
)
def test_raw_price_columns_cannot_be_requested_filtered_or_ordered(client, site_tree, query):
    project_create(site_tree, slug="licensed")

    response = client.get(f"/api/v2/pages/?type=content.ProjectPage&{query}")

    assert response.status_code == 400


def test_signed_in_users_see_the_preview_without_any_price(client, site_tree):
    hidden = project_create(site_tree, licensed=False, slug="preview", price_min_per_sqm=4_200_000)
    client.force_login(UserFactory())

    listing = client.get(PROJECTS)
    detail = client.get(f"/api/v2/pages/{hidden.pk}/")

    assert slugs(listing) == ["preview"]
    assert detail.status_code == 200
    assert detail.json()["price_range"] is None
    assert detail.json()["presale_licence"] is None
    assert "4200000" not in listing.content.decode() + detail.content.decode()


def test_project_details_carry_unit_types_and_adverse_factors(client, site_tree):
    project = project_create(site_tree, slug="licensed")
    UnitType.objects.create(project=project, name="三房", rooms=3, area_sqm="89.50")
    AdverseFactor.objects.create(project=project, category="NOISE", name="高架桥", distance_m=300)

    detail = client.get(f"/api/v2/pages/{project.pk}/").json()

    assert detail["unit_types"] == [
        {"name": "三房", "rooms": 3, "area_sqm": 89.5, "orientation": ""}
    ]
    assert detail["adverse_factors"] == [
        {"category": "NOISE", "name": "高架桥", "distance_m": 300, "note": ""}
    ]


def test_the_sitemap_leaves_out_unlicensed_projects(client, site_tree):
    project_create(site_tree, slug="licensed")
    project_create(site_tree, licensed=False, slug="preview")

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "/projects/licensed/" in sitemap
    assert "/projects/preview/" not in sitemap
