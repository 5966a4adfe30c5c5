"""The members admin: audited list and detail, masking, override, purchase, intents, tokens."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from club.models import ApiToken
from club.services import api_token_create, api_token_verify, purchase_intent_register
from core.models import AuditEntry
from tests.factories import UserFactory, member_create, member_reader, project_create

pytestmark = pytest.mark.django_db


def staff_client(client, *codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    return user


@pytest.fixture
def member():
    return member_create(name="王小明", phone="13812345678", email="wxm@example.com")


def test_member_list_masks_names_and_phones_and_is_audited(client, member):
    staff = staff_client(client, "view_member")
    response = client.get(reverse("club_member:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王**" in html and "138****5678" in html
    assert "王小明" not in html and "13812345678" not in html
    entry = AuditEntry.objects.get(operation="admin.member.list")
    assert (entry.actor, entry.row_count, entry.pii_unmasked) == (staff, 1, False)


def test_staff_with_the_pii_permission_see_phones_in_clear(client, member):
    staff_client(client, "view_member", "view_member_pii")
    html = client.get(reverse("club_member:index")).content.decode()
    assert "+8613812345678" in html


def test_member_search_finds_a_phone_typed_in_any_format(client, member):
    member_create(name="李四")
    staff_client(client, "view_member", "view_member_pii")
    html = client.get(reverse("club_member:index"), {"q": "138 1234 5678"}).content.decode()
    assert "王小明" in html and "李四" not in html


def test_opening_a_member_is_audited_and_masked(client, member):
    staff = staff_client(client, "view_member")
    response = client.get(reverse("club_member:inspect", args=[member.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "w***@example.com" in html and "wxm@example.com" not in html
    entry = AuditEntry.objects.get(operation="member.view")
    assert (entry.actor, entry.target) == (staff, f"member:{member.pk}")


def test_staff_without_member_permissions_cannot_list_or_open(client, member):
    staff_client(client)
    assert client.get(reverse("club_member:index")).status_code in (302, 403)
    assert client.get(reverse("club_member:inspect", args=[member.pk])).status_code in (302, 403)


def test_no_generic_edit_or_delete_routes_for_members(member):
    from django.urls import NoReverseMatch

    for name in ("club_member:edit", "club_member:delete", "club_member:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[member.pk]) if name != "club_member:add" else reverse(name)


def test_segment_override_through_the_admin_is_recorded(client, member):
    staff = staff_client(client, "view_member", "override_segment")
    url = reverse("club_member_segment", args=[member.pk])
    response = client.post(url, {"segment": "ELDER_CARE", "reason": "与父母同住，电话回访确认"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.segment == "ELDER_CARE"
    assert member.segment_overrides.get().actor == staff
    # a missing reason is shown on the form, nothing changes
    response = client.post(url, {"segment": "AFFLUENT_FAMILY", "reason": ""})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.segment == "ELDER_CARE"


def test_recording_a_purchase_in_the_admin_makes_an_owner(client, member, site_tree):
    project = project_create(site_tree)
    staff_client(client, "view_member", "add_purchase")
    response = client.post(
        reverse("club_member_purchase", args=[member.pk]),
        {"project": project.pk, "unit": "8-808", "price_yuan": "3500000"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_owner
    assert member.purchases.get().price == 350_000_000


def test_action_views_need_their_permission(client, member):
    staff_client(client, "view_member")
    # Wagtail answers a permission refusal in the admin by redirecting to the dashboard
    for name in ("club_member_segment", "club_member_purchase"):
        response = client.get(reverse(name, args=[member.pk]))
        assert response.status_code in (302, 403) and response.get("Location") != reverse(
            name, args=[member.pk]
        )


def test_sales_list_and_export_intents_with_masked_names_and_phones(client, member, site_tree):
    project = project_create(site_tree)
    purchase_intent_register(member=member, project_slug=project.slug, rooms=[3])
    staff_client(client, "view_purchaseintent")
    assert client.get(reverse("club_purchaseintent:index")).status_code == 200
    csv = client.get(reverse("club_purchaseintent:index"), {"export": "csv"})
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "王**" in body and "138****5678" in body and project.title in body
    assert "王小明" not in body
    xlsx = client.get(reverse("club_purchaseintent:index"), {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert "王**" in values and "138****5678" in values and "王小明" not in values
    assert AuditEntry.objects.filter(operation="admin.intent.export").count() == 2


def test_tokens_are_issued_shown_once_and_revoked_in_the_admin(client):
    staff = staff_client(client, "add_apitoken", "change_apitoken", "view_apitoken")
    marketer = member_reader(username="mkt-tool", pii=False)
    response = client.post(
        reverse("club_apitoken:add"),
        {
            "user": marketer.pk,
            "name": "BI 工具",
            "scopes_choice": ["read:members"],
            "expires_in_days": 30,
        },
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.created_by == staff and token.scopes == ["read:members"]
    raw = re.search(r"wkh_[A-Za-z0-9_-]{43}", response.content.decode()).group()
    assert api_token_verify(raw=raw) == token
    assert raw not in client.get(reverse("club_apitoken:index")).content.decode()
    response = client.post(reverse("club_apitoken_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == staff


def test_admin_forms_and_pages_render(client, member, site_tree):
    project_create(site_tree)
    staff_client(
        client,
        "view_member",
        "override_segment",
        "add_purchase",
        "view_purchaseintent",
        "add_apitoken",
        "view_apitoken",
        "change_apitoken",
    )
    token, _raw = api_token_create(user=member_reader(), scopes=["read:members"])
    for url in [
        reverse("club_member_segment", args=[member.pk]),
        reverse("club_member_purchase", args=[member.pk]),
        reverse("club_purchaseintent:index"),
        reverse("club_apitoken:index"),
        reverse("club_apitoken:add"),
        reverse("club_apitoken:inspect", args=[token.pk]),
        reverse("club_apitoken_revoke", args=[token.pk]),
        reverse("club_member:index") + "?segment=CHILD_FOCUSED&is_owner=true",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_deleted_member_is_shown_under_the_pseudonym(client, member):
    from club.services import member_account_delete

    member_account_delete(member=member)
    # Only readers of every member (sales) see deleted ones; marketing sees consenting members.
    staff_client(client, "view_member", "view_member_pii", "view_unconsented_member")
    html = client.get(reverse("club_member:inspect", args=[member.pk])).content.decode()
    assert "已注销会员" in html and "王小明" not in html


def test_marketing_and_sales_groups_hold_their_member_permissions():
    from django.contrib.auth.models import Group

    from core.roles import MARKETING, SALES

    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"view_member", "override_segment"} <= codenames(MARKETING)
    assert "view_member_pii" not in codenames(MARKETING)
    assert "view_unconsented_member" not in codenames(MARKETING)
    assert {"view_member", "view_member_pii", "add_purchase"} <= codenames(SALES)
