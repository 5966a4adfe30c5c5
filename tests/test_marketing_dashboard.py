"""营销看板: the marketing dashboard's figures, its permission and its cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from club.models import Member
from club.services import purchase_record
from tests.factories import member_create, project_create, staff_with
from tests.test_no_external_urls import external_urls

pytestmark = pytest.mark.django_db

URL = "/admin/club/dashboard/"
ADMIN = "wagtailadmin.access_admin"


def _joined(member, day: dt.date) -> None:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Member.objects.filter(pk=member.pk).update(joined_at=at)


@pytest.fixture
def marketer():
    return staff_with("club.view_member", ADMIN, username="marketing-dash")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sections(response) -> dict[str, list]:
    return {str(s["title"]): [list(r) for r in s["rows"]] for s in response.context["sections"]}


def test_the_dashboard_figures_match_a_hand_computed_club(marketer, site_tree):
    project = project_create(site_tree, title="望江台", slug="wangjiang-dash")
    sales = staff_with("club.add_purchase", username="sales-dash")
    # four members: three consent to marketing (two in 深圳, one in 广州), one declined
    referrer = member_create(city="深圳")
    referred = member_create(city="深圳", referral_code=referrer.referral_code)
    repeat_buyer = member_create(city="广州")
    declined = member_create(city="广州", marketing_consent=False)
    _joined(referrer, dt.date(2026, 1, 15))
    for member in (referred, repeat_buyer, declined):
        _joined(member, dt.date(2026, 3, 10))
    # three sales of 望江台: one referred, one first purchase, one repeat purchase
    for member, unit, day in (
        (referred, "1-101", dt.date(2026, 4, 1)),
        (repeat_buyer, "1-102", dt.date(2026, 4, 2)),
        (repeat_buyer, "1-103", dt.date(2026, 5, 2)),
    ):
        purchase_record(actor=sales, member=member, project=project, unit=unit, purchased_on=day)

    response = _client(marketer).get(URL)

    assert response.status_code == 200
    sections = _sections(response)
    assert sections["会员城市"] == [["深圳", 2], ["广州", 1]]  # the decliner is not counted
    assert sections["会员增长（按入会月份）"] == [["2026-01", 1, 1], ["2026-03", 2, 3]]
    assert sections["营销授权率"] == [[4, 3, "75%"]]
    # 2 of 3 sales came from a referral or a repeat buyer
    assert sections["推荐与复购（按项目）"] == [["望江台", 3, 1, 1, "66.7%"]]
    assert sum(row[1] for row in sections["会员细分"]) == 3
    body = response.content.decode()
    assert body.count('class="service-chart"') == 5 and body.count('<table class="listing"') == 5
    assert external_urls(body) == set()


def test_the_dashboard_is_refused_without_the_marketing_permission():
    other_staff = staff_with("service.view_complaint", ADMIN, username="service-dash")
    assert _client(other_staff).get(URL).status_code == 403


def test_the_dashboard_is_in_the_menu_of_marketing_only(marketer):
    home = reverse("wagtailadmin_home")
    assert URL in _client(marketer).get(home).content.decode()
    other_staff = staff_with("service.view_complaint", ADMIN, username="service-menu")
    assert URL not in _client(other_staff).get(home).content.decode()


def test_the_dashboard_costs_the_same_queries_for_3_and_13_members(marketer, site_tree):
    client = _client(marketer)
    for city in ("深圳", "广州", "佛山"):
        member_create(city=city)
    client.get(URL)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(10):
        member = member_create(city=f"城市{n}")
        _joined(member, dt.date(2025, 1 + n, 5))
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(_sections(response)["会员城市"]) == 13
    assert len(many) == len(few)


def test_a_member_of_the_marketing_role_opens_the_dashboard(editorial):
    from django.contrib.auth.models import Group

    from club.services.staff import staff_permissions_ensure
    from core.roles import MARKETING
    from tests.factories import UserFactory

    staff_permissions_ensure()
    user = UserFactory(is_staff=True, groups=[MARKETING])
    assert Group.objects.get(name=MARKETING) in user.groups.all()
    assert _client(user).get(URL).status_code == 200
