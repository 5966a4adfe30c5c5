"""Owners, referrals (points ledger), purchase intents, attribution, API tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.management import call_command

from club.models import ApiToken, PointsLedgerEntry
from club.selectors import (
    member_owns_project,
    member_points_balance,
    purchase_intents_for_sales,
    referral_attribution_by_project,
)
from club.services import (
    api_token_create,
    api_token_revoke,
    api_token_throttle,
    api_token_verify,
    points_adjust,
    purchase_intent_register,
    purchase_record,
    referral_link,
)
from core.errors import DomainError
from core.models import AuditEntry
from tests.factories import UserFactory, member_create, member_reader, project_create

pytestmark = pytest.mark.django_db
READ = frozenset({"read:members"})


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def sales():
    return staff_with("add_purchase", "view_purchaseintent", "add_pointsledgerentry")


def test_recording_a_purchase_makes_the_member_an_owner_of_that_project(site_tree, sales):
    project = project_create(site_tree)
    other = project_create(site_tree)
    member = member_create()
    purchase_record(actor=sales, member=member, project=project, unit="3-1201", price=250_000_000)
    member.refresh_from_db()
    assert member.is_owner
    assert member_owns_project(member=member, project=project)
    assert not member_owns_project(member=member, project=other)


def test_a_unit_is_sold_once_and_only_sales_may_record(site_tree, sales):
    project = project_create(site_tree)
    purchase_record(actor=sales, member=member_create(), project=project, unit="1-101")
    with pytest.raises(DomainError) as exc:
        purchase_record(actor=sales, member=member_create(), project=project, unit="1-101")
    assert exc.value.code == "UNIT_ALREADY_SOLD"
    with pytest.raises(DomainError) as exc:
        purchase_record(actor=staff_with(), member=member_create(), project=project, unit="1-102")
    assert exc.value.code == "PERMISSION_DENIED"


def test_a_referred_members_purchase_credits_the_referrer_once(site_tree, sales, settings):
    settings.CLUB_REFERRAL_POINTS = 500
    project = project_create(site_tree)
    referrer = member_create()
    friend = member_create(referral_code=referrer.referral_code)
    purchase_record(actor=sales, member=friend, project=project, unit="5-501")
    purchase_record(actor=sales, member=member_create(), project=project, unit="5-502")
    assert member_points_balance(member=referrer) == 500
    assert member_points_balance(member=friend) == 0
    entry = PointsLedgerEntry.objects.get()
    assert entry.reason == "REFERRAL_PURCHASE" and entry.purchase.member == friend


def test_the_points_ledger_is_append_only(site_tree, sales):
    member = member_create()
    entry = points_adjust(actor=sales, member=member, points=50, note="活动奖励")
    entry.points = 5000
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    points_adjust(actor=sales, member=member, points=-20, note="更正")
    assert member_points_balance(member=member) == 30


def test_referral_link_carries_the_code():
    member = member_create()
    assert referral_link(member).endswith(f"/?ref={member.referral_code}")


def test_purchase_intent_per_project_is_registered_and_updated(site_tree, sales):
    project = project_create(site_tree, licensed=False)  # intents are taken before the licence
    member = member_create()
    purchase_intent_register(member=member, project_slug=project.slug, rooms=[3], budget_max=1)
    intent = purchase_intent_register(
        member=member, project_slug=project.slug, rooms=[2, 3], purchase_timeframe="NOW"
    )
    assert intent.rooms == [2, 3] and intent.purchase_timeframe == "NOW"
    assert list(purchase_intents_for_sales(actor=sales, project=project)) == [intent]
    with pytest.raises(DomainError) as exc:
        purchase_intent_register(member=member, project_slug="nowhere")
    assert exc.value.code == "PROJECT_NOT_FOUND"
    with pytest.raises(DomainError) as exc:
        purchase_intents_for_sales(actor=staff_with())
    assert exc.value.code == "PERMISSION_DENIED"


def test_referral_attribution_by_project_counts_referred_and_repeat_purchases(site_tree, sales):
    first, second = project_create(site_tree), project_create(site_tree)
    referrer = member_create()
    friend = member_create(referral_code=referrer.referral_code)
    purchase_record(
        actor=sales, member=referrer, project=first, unit="A1", purchased_on=dt.date(2025, 1, 1)
    )
    purchase_record(
        actor=sales, member=referrer, project=second, unit="B1", purchased_on=dt.date(2026, 1, 1)
    )
    purchase_record(actor=sales, member=friend, project=second, unit="B2")
    rows = {r["project_slug"]: r for r in referral_attribution_by_project(actor=sales, scopes=READ)}
    assert rows[first.slug] == {
        "project_slug": first.slug,
        "project_title": first.title,
        "purchases": 1,
        "referred_purchases": 0,
        "repeat_purchases": 0,
        "referred_or_repeat_purchases": 0,
        "referral_points": 0,
    }
    assert rows[second.slug]["purchases"] == 2
    assert rows[second.slug]["referred_purchases"] == 1
    assert rows[second.slug]["repeat_purchases"] == 1
    assert rows[second.slug]["referred_or_repeat_purchases"] == 2  # one sale each, not both
    assert rows[second.slug]["referral_points"] == 1000
    assert AuditEntry.objects.filter(operation="members.referral_attribution").exists()


def test_api_tokens_are_hashed_scoped_expiring_and_revocable():
    user = member_reader()
    token, raw = api_token_create(user=user, scopes="read:members:pii")
    assert raw.startswith("wkh_") and raw not in token.digest
    assert token.scopes == ["read:members", "read:members:pii"]
    assert api_token_verify(raw=raw) == token
    with pytest.raises(DomainError) as exc:
        api_token_verify(raw=raw + "x")
    assert exc.value.code == "TOKEN_INVALID"
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    with pytest.raises(DomainError) as exc:
        api_token_verify(raw=raw)
    assert exc.value.code == "TOKEN_EXPIRED"
    fresh, fresh_raw = api_token_create(user=user, scopes=["read:members"])
    api_token_revoke(token=fresh)
    with pytest.raises(DomainError) as exc:
        api_token_verify(raw=fresh_raw)
    assert exc.value.code == "TOKEN_REVOKED"
    with pytest.raises(DomainError) as exc:
        api_token_create(user=user, scopes=["write:everything"])
    assert exc.value.code == "SCOPE_INVALID"


def test_api_tokens_are_rate_limited_per_token(settings):
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 3
    cache.clear()
    busy, _raw = api_token_create(user=member_reader(), scopes=["read:members"])
    quiet, _raw = api_token_create(user=member_reader(), scopes=["read:members"])
    for _i in range(3):
        api_token_throttle(token=busy)
    with pytest.raises(DomainError) as exc:
        api_token_throttle(token=busy)
    assert exc.value.code == "RATE_LIMITED"
    api_token_throttle(token=quiet)


def test_create_api_token_command_prints_the_token_on_its_last_line(capsys):
    member_reader(username="mkt")
    call_command("create_api_token", "mkt", "--scopes", "read:members,read:members:pii")
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    token = api_token_verify(raw=last_line)
    assert token.user.username == "mkt"
    assert set(token.scopes) == {"read:members", "read:members:pii"}
