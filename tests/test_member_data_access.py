"""One door for reading members: scoped, masked and audited whoever asks and however."""

from __future__ import annotations

import csv
import io
import logging
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from club.selectors import members_for_marketing
from club.services import (
    api_token_create,
    api_token_throttle,
    api_token_verify,
    purchase_intent_register,
    purchase_record,
    referral_link,
)
from core.errors import DomainError
from core.models import AuditEntry
from tests.factories import UserFactory, member_create, member_reader, project_create
from tests.members_api import bearer, error_codes, gql

pytestmark = pytest.mark.django_db
READ = frozenset({"read:members"})


def staff_client(client, *codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    return user


def listed_names(response) -> str:
    return response.content.decode()


# --- reads are audited by the selector itself (issue 22.2) ---------------------------------


def test_every_way_of_fetching_marketing_rows_is_audited_once(django_user_model):
    marketer = member_reader()
    member_create()
    member_create()
    # Django's iterator() skips the result cache; it is still one audited read
    list(members_for_marketing(actor=marketer, scopes=READ).iterator())
    members_for_marketing(actor=marketer, scopes=READ).first()
    # counting reads no personal data: not audited
    assert members_for_marketing(actor=marketer, scopes=READ).count() == 2

    assert list(AuditEntry.objects.order_by("pk").values_list("row_count", flat=True)) == [2, 1]


def test_the_member_list_export_is_audited_masked_and_has_a_row_per_member(client):
    member_create(name="王小明", phone="13812345678", city="深圳")
    member_create(name="李四", phone="13812345679")
    staff_client(client, "view_member")

    response = client.get(reverse("club_member:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert len(rows) == 3 and all(any(cell for cell in row) for row in rows)
    assert rows[2][:2] == ["王**", "138****5678"] or rows[1][:2] == ["王**", "138****5678"]
    assert "13812345678" not in str(rows) and "王小明" not in str(rows)
    entry = AuditEntry.objects.get(operation="admin.member.export")
    assert (entry.row_count, entry.pii_unmasked) == (2, False)

    xlsx = client.get(reverse("club_member:index"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 3 and "深圳" in [cell.value for cell in sheet[2] + sheet[3]]
    assert AuditEntry.objects.filter(operation="admin.member.export").count() == 2


def test_opening_the_member_list_writes_one_audit_row(client):
    member_create()
    staff_client(client, "view_member")
    client.get(reverse("club_member:index"))
    assert AuditEntry.objects.filter(operation="admin.member.list").count() == 1


# --- masked means masked in the admin search (issue 20.5) -----------------------------------


def test_a_marketer_cannot_confirm_a_masked_phone_by_searching_for_it(client):
    member_create(name="王小明", phone="13912340002")
    staff_client(client, "view_member")
    for candidate in ["13912340001", "13912340002", "139****0002", "+86 139 1234 0002"]:
        response = client.get(reverse("club_member:index"), {"q": candidate})
        # no row answers: a hit and a miss look the same
        assert len(response.context["object_list"]) == 0, candidate


def test_staff_with_the_pii_permission_find_only_exact_full_contacts(client):
    member_create(name="王小明", phone="13912340002", email="wxm@example.com")
    staff_client(client, "view_member", "view_member_pii")
    found = client.get(reverse("club_member:index"), {"q": "139 1234 0002"}).content.decode()
    assert "+8613912340002" in found
    for partial in ["1391234", "139****0002", "wxm@example"]:
        html = client.get(reverse("club_member:index"), {"q": partial}).content.decode()
        assert "+8613912340002" not in html, partial


def test_repeated_contact_searches_that_find_nobody_raise_an_alert(client, settings, caplog):
    settings.MEMBER_SEARCH_MISS_LIMIT = 3
    member_create(phone="13912340002")
    staff = staff_client(client, "view_member")
    for n in range(2):
        client.get(reverse("club_member:index"), {"q": f"1391234000{n + 3}"})
    assert not AuditEntry.objects.filter(operation="alert.member.search_misses").exists()

    with caplog.at_level(logging.WARNING, logger="club.security"):
        client.get(reverse("club_member:index"), {"q": "13912340009"})

    alert = AuditEntry.objects.get(operation="alert.member.search_misses")
    assert alert.actor == staff and alert.filters["misses"] == 3
    assert "enumeration" in caplog.text


def test_searching_by_name_still_works_without_the_pii_permission(client):
    member_create(name="王小明")
    member_create(name="李四")
    staff_client(client, "view_member")
    html = client.get(reverse("club_member:index"), {"q": "小明"}).content.decode()
    assert "王**" in html and "李*" not in html


# --- a token is never wider than its owner (issue 20.6) -------------------------------------


def test_a_token_cannot_be_issued_beyond_its_owners_permissions():
    editor = UserFactory(username="editor")
    with pytest.raises(DomainError) as exc:
        api_token_create(user=editor, scopes=["read:members:pii"])
    assert exc.value.code == "SCOPE_EXCEEDS_OWNER"
    with pytest.raises(CommandError, match="SCOPE_EXCEEDS_OWNER"):
        call_command("create_api_token", "editor", "--scopes", "read:members:pii")
    marketer = member_reader(pii=False)
    api_token_create(user=marketer, scopes=["read:members"])
    with pytest.raises(DomainError) as exc:
        api_token_create(user=marketer, scopes=["read:members", "read:members:pii"])
    assert exc.value.code == "SCOPE_EXCEEDS_OWNER"


def test_a_token_stops_working_when_its_owner_leaves_the_group(client):
    member_create(phone="13812345678")
    seller = UserFactory(username="seller", groups=["销售"])
    raw = api_token_create(user=seller, scopes=["read:members:pii"])[1]
    query = "{ members { edges { node { phone } } } }"
    assert gql(client, query, **bearer(raw))[0].status_code == 200

    seller.groups.remove(Group.objects.get(name="销售"))

    response, body = gql(client, query, **bearer(raw))
    assert response.status_code == 401 and error_codes(body) == ["TOKEN_EXCEEDS_OWNER"]
    with pytest.raises(DomainError) as exc:
        api_token_verify(raw=raw)
    assert exc.value.code == "TOKEN_EXCEEDS_OWNER"


@pytest.mark.parametrize(
    "scopes", [["read:members,read:members:pii"], ["read:members", "read:members:pii"]]
)
def test_create_api_token_takes_scopes_with_commas_or_spaces(scopes, capsys):
    member_reader(username="mkt")
    call_command("create_api_token", "mkt", "--scopes", *scopes)
    token = api_token_verify(raw=capsys.readouterr().out.strip().splitlines()[-1])
    assert token.scopes == ["read:members", "read:members:pii"]


# --- the token rate limit slides (issue 20.9) -----------------------------------------------


def test_the_token_rate_limit_holds_across_a_minute_boundary(settings):
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 120
    token = api_token_create(user=member_reader(), scopes=["read:members"])[0]
    start = 1_800_000_000 - 1.1  # 1.1 s before a minute boundary
    for _request in range(120):
        api_token_throttle(token=token, now=start)
    with pytest.raises(DomainError) as exc:
        api_token_throttle(token=token, now=start + 2.2)  # the next minute, 2.2 s later
    assert exc.value.code == "RATE_LIMITED"


def test_the_token_rate_limit_frees_up_once_requests_are_a_minute_old(settings):
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 120
    token = api_token_create(user=member_reader(), scopes=["read:members"])[0]
    start = 1_800_000_000 - 1.0
    for _request in range(60):
        api_token_throttle(token=token, now=start)
    for _request in range(60):
        api_token_throttle(token=token, now=start + 30)
    for _request in range(60):  # the first sixty have slid out of the last minute
        api_token_throttle(token=token, now=start + 61)
    with pytest.raises(DomainError):
        api_token_throttle(token=token, now=start + 61)


# --- spreadsheets and the sales list (issues 20.9, 23.7) -----------------------------------


def test_member_input_never_runs_as_a_formula_in_the_intent_export(client, site_tree):
    member = member_create(name='=HYPERLINK("http://evil.example","点我")')
    project = project_create(site_tree)
    purchase_intent_register(
        member=member, project_slug=project.slug, note="=1+2", budget_max=300_000_000
    )
    staff_client(client, "view_purchaseintent", "view_member", "view_member_pii")
    response = client.get(reverse("club_purchaseintent:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["会员"].startswith("'=HYPERLINK(") and row["备注"] == "'=1+2"


def test_the_sales_list_and_export_show_yuan_and_labels(client, site_tree):
    member = member_create()
    project = project_create(site_tree)
    purchase_intent_register(
        member=member,
        project_slug=project.slug,
        budget_max=300_000_000,
        purchase_timeframe="WITHIN_3_MONTHS",
    )
    staff_client(client, "view_purchaseintent")
    html = client.get(reverse("club_purchaseintent:index")).content.decode()
    assert "3,000,000.00" in html and "300000000" not in html
    assert re.search(r"<td[^>]*>\s*3 个月内\s*</td>", html)
    body = b"".join(
        client.get(reverse("club_purchaseintent:index"), {"export": "csv"}).streaming_content
    ).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert (row["预算上限（元）"], row["购房时间"]) == ("3,000,000.00", "3 个月内")


def test_the_points_ledger_is_visible_in_the_admin(client, site_tree):
    referrer = member_create()
    friend = member_create(referral_code=referrer.referral_code)
    sales = UserFactory(groups=["销售"])
    purchase_record(actor=sales, member=friend, project=project_create(site_tree), unit="1-1")

    staff_client(client, "view_pointsledgerentry")
    html = client.get(reverse("club_pointsledger:index")).content.decode()
    assert "推荐购房奖励" in html and "1000" in html

    staff_client(client, "view_member")
    record = client.get(reverse("club_member:inspect", args=[referrer.pk])).content.decode()
    assert "余额 1000" in record and "推荐购房奖励" in record


def test_the_points_ledger_needs_its_permission(client):
    staff_client(client, "view_member")
    assert client.get(reverse("club_pointsledger:index")).status_code in (302, 403)


# --- referral links (issue 23.7) -------------------------------------------------------------


def test_a_referral_link_opens_a_page_that_exists_on_the_configured_site(client, settings):
    settings.SITE_BASE_URL = "https://club.example.com"
    member = member_create()
    link = referral_link(member)
    assert link == f"https://club.example.com/?ref={member.referral_code}"
    assert client.get(link.removeprefix(settings.SITE_BASE_URL)).status_code == 200
