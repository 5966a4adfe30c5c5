"""One consent rule through every door: a marketing reader never sees a member who declined
marketing (API, admin list, detail page, exports), contacts are masked without the PII
permission, every read is audited, and booleans read 是/否 (issue 15.1)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from club.services import api_token_create, purchase_intent_register
from core.models import AuditEntry
from core.roles import MARKETING, SALES
from tests.factories import UserFactory, member_create, project_create
from tests.members_api import bearer, data

pytestmark = pytest.mark.django_db


def staff_in(client, group_name: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    return user


@pytest.fixture
def people():
    consenting = member_create(name="王同意", phone="13812340001")
    declined = member_create(name="李拒绝", phone="13812340002", marketing_consent=False)
    return consenting, declined


def export_rows(client, **params) -> list[list[str]]:
    response = client.get(reverse("club_member:index"), {"export": "csv", **params})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_marketing_never_sees_a_declined_member_through_the_api(client, people):
    consenting, declined = people
    marketer = staff_in(client, MARKETING)
    token = api_token_create(user=marketer, scopes=["read:members"])[1]
    found = data(client, "{ members { totalCount edges { node { id phone } } } }", **bearer(token))
    nodes = found["members"]["edges"]
    assert found["members"]["totalCount"] == 1 and len(nodes) == 1
    assert nodes[0]["node"]["phone"] == "138****0001"


def test_marketing_never_sees_a_declined_member_in_the_admin_list(client, people):
    consenting, declined = people
    staff_in(client, MARKETING)
    html = client.get(reverse("club_member:index")).content.decode()
    assert "王**" in html and "李**" not in html
    assert "李拒绝" not in html and "13812340001" not in html
    assert AuditEntry.objects.filter(operation="admin.member.list", row_count=1).count() == 1


def test_marketing_cannot_open_a_declined_members_detail_page(client, people):
    consenting, declined = people
    staff_in(client, MARKETING)
    assert client.get(reverse("club_member:inspect", args=[declined.pk])).status_code == 404
    page = client.get(reverse("club_member:inspect", args=[consenting.pk])).content.decode()
    assert "138****0001" in page and "13812340001" not in page
    assert AuditEntry.objects.filter(operation="member.view").count() == 2


def test_marketing_exports_only_consenting_members_masked_and_audited(client, people):
    staff_in(client, MARKETING)
    rows = export_rows(client)
    assert len(rows) == 2 and rows[1][:2] == ["王**", "138****0001"]
    entry = AuditEntry.objects.get(operation="admin.member.export")
    assert (entry.row_count, entry.pii_unmasked) == (1, False)


def test_marketing_does_not_see_declined_members_purchase_intents(client, people, site_tree):
    project = project_create(site_tree)
    for member in people:
        purchase_intent_register(member=member, project_slug=project.slug)
    staff_in(client, MARKETING)
    html = client.get(reverse("club_purchaseintent:index")).content.decode()
    assert "王**" in html and "李**" not in html and project.title in html


def test_sales_who_call_back_buyers_see_every_member_in_clear(client, people):
    staff_in(client, SALES)
    rows = export_rows(client)
    assert len(rows) == 3 and {"13812340001", "13812340002"} <= {row[1][-11:] for row in rows}
    assert AuditEntry.objects.get(operation="admin.member.export").pii_unmasked is True


def test_booleans_on_the_detail_page_read_yes_or_no_in_chinese(client, people):
    consenting, _declined = people
    staff_in(client, MARKETING)
    page = client.get(
        reverse("club_member:inspect", args=[consenting.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert ">是<" in page.replace("\n", "").replace(" ", "") and "True" not in page
    assert "False" not in page
