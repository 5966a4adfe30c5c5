"""Sales see deposits per project in the admin, by priority number, and export them."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.audit import AuditEntry
from core.roles import SALES
from payments.services import deposit_start
from tests.factories import UserFactory, member_create, project_create, staff_with
from tests.stripe_support import deliver, intent_event, pay

pytestmark = pytest.mark.django_db


def _paid_deposit(stripe_test, client, project, **member_fields):
    deposit = deposit_start(member=member_create(**member_fields), project=project)
    pay(stripe_test, deposit.payment.intent_id)
    deliver(
        client, intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")
    )
    return deposit


def test_sales_list_and_export_deposits_per_project_in_priority_order(
    stripe_test, site_tree, client
):
    project = project_create(site_tree, sales_status="PRE_SALE", deposit_amount=5_000_000)
    _paid_deposit(stripe_test, client, project, name="王小明", phone="+8613800005678")
    _paid_deposit(stripe_test, client, project, name="李四")
    deposit_start(member=member_create(), project=project)  # started, not paid: not listed
    seller = UserFactory(is_staff=True)
    seller.groups.add(Group.objects.get(name=SALES))
    client.force_login(seller)

    page = client.get(reverse("payments_deposit:index"), {"project": project.pk})
    assert page.status_code == 200
    csv = client.get(reverse("payments_deposit:index"), {"export": "csv"})
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()

    assert lines[0].split(",")[:3] == ["楼盘", "排号", "会员"]
    assert len(lines) == 3
    assert lines[1].split(",")[1:3] == ["1", "王小明"] and "50,000.00" in lines[1]
    assert "13800005678" in lines[1]  # sales hold the PII permission: they call back
    xlsx = client.get(reverse("payments_deposit:index"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "李四" in values and project.title in values
    assert AuditEntry.objects.filter(operation="admin.deposit.export").count() == 2


def test_staff_without_the_deposit_permission_see_no_deposits(site_tree, client):
    client.force_login(staff_with("wagtailadmin.access_admin", "club.view_member"))

    response = client.get(reverse("payments_deposit:index"))

    assert response.status_code in (302, 403)
