"""Marketing's member API over HTTP: tokens, scopes, masking, consent, audit, statistics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from club.models import ApiToken
from club.selectors import years_before
from club.services import (
    api_token_create,
    api_token_revoke,
    consent_withdraw,
    member_preferences_update,
    member_register,
    purchase_record,
)
from core.models import AuditEntry
from tests.factories import (
    UserFactory,
    member_create,
    member_reader,
    phone_code_create,
    project_create,
)
from tests.members_api import (
    PASSWORD,
    SESSION_BACKEND,
    bearer,
    data,
    error_codes,
    gql,
    grant,
    sign_in,
    user_error_codes,
)

pytestmark = pytest.mark.django_db

MEMBERS = """
query ($filter: MemberFilter, $first: Int, $after: String) {
  members(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { displayName phone email city segment isOwner } }
  }
}
"""
STATS = """
query ($by: MemberDimension!, $filter: MemberFilter) {
  memberStats(groupBy: $by, filter: $filter) { key count }
}
"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Per-token request counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def marketer():
    return member_reader(username="marketing")


@pytest.fixture
def token(marketer):
    """A marketing tool's token with scope read:members (contact details masked)."""
    return api_token_create(user=marketer, scopes=["read:members"])[1]


@pytest.fixture
def pii_token(marketer):
    return api_token_create(user=marketer, scopes=["read:members", "read:members:pii"])[1]


def nodes(body_data) -> list[dict]:
    return [edge["node"] for edge in body_data["members"]["edges"]]


# --- scopes and masking ----------------------------------------------------------------


def test_contact_details_are_masked_without_the_pii_scope(client, token, pii_token):
    member_create(phone="13812345678", email="zhang.san@example.com")

    masked = nodes(data(client, MEMBERS, **bearer(token)))
    assert masked[0]["phone"] == "138****5678" and masked[0]["email"] == "z***@example.com"

    clear = nodes(data(client, MEMBERS, **bearer(pii_token)))
    assert clear[0]["phone"] == "+8613812345678" and clear[0]["email"] == "zhang.san@example.com"


def test_private_profile_fields_are_null_for_marketing(client, pii_token):
    member_create(city="广州")
    query = "{ members { edges { node { city name birthDate referralCode consents { kind } } } } }"

    node = nodes(data(client, query, **bearer(pii_token)))[0]

    assert node == {
        "city": "广州",
        "name": None,
        "birthDate": None,
        "referralCode": None,
        "consents": None,
    }


def test_staff_sessions_read_with_the_scopes_their_permissions_grant(client):
    marketer = UserFactory(username="newcomer")
    member_create(phone="13812345678")
    client.force_login(marketer, backend=SESSION_BACKEND)

    _response, body = gql(client, MEMBERS)
    assert error_codes(body) == ["PERMISSION_DENIED"]

    grant(marketer, "view_member")
    assert nodes(data(client, MEMBERS))[0]["phone"] == "138****5678"
    grant(marketer, "view_member_pii")
    marketer = type(marketer).objects.get(pk=marketer.pk)  # fresh permission cache
    client.force_login(marketer, backend=SESSION_BACKEND)
    assert nodes(data(client, MEMBERS))[0]["phone"] == "+8613812345678"


def test_a_member_cannot_list_other_members(client):
    member = member_create()
    member_create()
    sign_in(client, member)

    response, body = gql(client, MEMBERS)
    assert response.status_code == 200
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None
    _response, body = gql(client, STATS, {"by": "CITY"})
    assert error_codes(body) == ["PERMISSION_DENIED"]
    _response, body = gql(Client(), MEMBERS)
    assert error_codes(body) == ["PERMISSION_DENIED"]


def test_a_token_never_acts_as_a_member(client, marketer):
    member = member_create()
    member.user.user_permissions.add(Permission.objects.get(codename="view_member"))
    raw = api_token_create(user=member.user, scopes=["read:members"])[1]
    sign_in(client, member)  # a session cookie riding along is ignored

    assert data(client, "{ me { id } }", **bearer(raw)) == {"me": None}
    payload = data(
        client,
        'mutation { updateProfile(input: {city: "广州"}) { errors { code } } }',
        **bearer(raw),
    )["updateProfile"]
    assert user_error_codes(payload) == ["PERMISSION_DENIED"]
    member.refresh_from_db()
    assert member.city == "深圳"


def test_bearer_requests_need_no_csrf_token(token):
    member_create()
    browserless = Client(enforce_csrf_checks=True)
    response, body = gql(browserless, MEMBERS, **bearer(token))
    assert response.status_code == 200 and body["data"]["members"]["totalCount"] == 1


# --- refused tokens ---------------------------------------------------------------------


def test_invalid_expired_and_revoked_tokens_are_refused_with_401(client, marketer):
    expired_token, expired = api_token_create(user=marketer, scopes=["read:members"])
    ApiToken.objects.filter(pk=expired_token.pk).update(expires_at=timezone.now())
    revoked_token, revoked = api_token_create(user=marketer, scopes=["read:members"])
    api_token_revoke(token=revoked_token)

    for raw, code in [
        ("wkh_not-a-real-token", "TOKEN_INVALID"),
        ("nonsense", "TOKEN_INVALID"),
        (expired, "TOKEN_EXPIRED"),
        (revoked, "TOKEN_REVOKED"),
    ]:
        response, body = gql(client, MEMBERS, **bearer(raw))
        assert response.status_code == 401, raw
        assert error_codes(body) == [code]
    assert not AuditEntry.objects.exists()


def test_each_token_is_rate_limited_on_its_own(client, marketer, settings):
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 3
    busy = api_token_create(user=marketer, scopes=["read:members"])[1]
    other = api_token_create(user=marketer, scopes=["read:members"])[1]

    statuses = [gql(client, "{ me { id } }", **bearer(busy))[0].status_code for _ in range(4)]

    # a sliding 60 seconds: the fourth request within it is refused, whatever the clock says
    assert statuses == [200, 200, 200, 429]
    response, body = gql(client, "{ me { id } }", **bearer(busy))
    assert response.status_code == 429 and error_codes(body) == ["RATE_LIMITED"]
    assert gql(client, "{ me { id } }", **bearer(other))[0].status_code == 200


# --- consent scoping, filters, paging ----------------------------------------------------


def test_marketing_never_sees_members_without_marketing_consent(client, token):
    keen = member_create(name="愿意接收")
    member_create(name="未同意", marketing_consent=False)

    assert [n["displayName"] for n in nodes(data(client, MEMBERS, **bearer(token)))] == ["愿***"]
    assert data(client, STATS, {"by": "CITY"}, **bearer(token))["memberStats"] == [
        {"key": "深圳", "count": 1}
    ]

    consent_withdraw(member=keen, kind="MARKETING")
    assert data(client, MEMBERS, **bearer(token))["members"]["totalCount"] == 0
    assert data(client, STATS, {"by": "CITY"}, **bearer(token))["memberStats"] == []


def test_filters_and_pages(client, token, site_tree):
    project = project_create(site_tree, slug="bay")
    wanted = [member_create(city="广州") for _ in range(3)]
    member_create(city="深圳")
    for member in wanted[:2]:
        member_preferences_update(member=member, interested_project_slugs=[project.slug])

    by_city = {"city": ["广州"]}
    first = data(client, MEMBERS, {"filter": by_city, "first": 2}, **bearer(token))["members"]
    assert first["totalCount"] == 3 and len(first["edges"]) == 2
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = data(client, MEMBERS, {"filter": by_city, "after": after}, **bearer(token))["members"]
    assert len(rest["edges"]) == 1 and rest["pageInfo"]["hasNextPage"] is False

    interested = {"interestedProject": ["bay"], "segment": ["SOCIAL_NEWCOMER", "PRAGMATIC_FAMILY"]}
    assert (
        data(client, MEMBERS, {"filter": interested}, **bearer(token))["members"]["totalCount"] == 2
    )


def test_an_impossible_age_filter_is_refused_with_a_code(client, token):
    response, body = gql(client, MEMBERS, {"filter": {"ageMin": -1}}, **bearer(token))
    assert response.status_code == 200
    assert error_codes(body) == ["FILTER_INVALID"]


# --- audit ------------------------------------------------------------------------------


def test_every_marketing_read_is_audited_once_with_filters_and_row_count(
    client, marketer, token, pii_token
):
    for _ in range(3):
        member_create(city="广州")
    member_create(city="深圳")

    data(client, MEMBERS, {"filter": {"city": ["广州"]}, "first": 2}, **bearer(token))

    entry = AuditEntry.objects.get()
    assert entry.operation == "members.list"
    assert entry.actor == marketer
    assert entry.filters == {"city": ["广州"]}
    assert entry.row_count == 2
    assert entry.pii_unmasked is False
    assert token[:10] in entry.actor_label

    data(client, MEMBERS, **bearer(pii_token))
    data(client, STATS, {"by": "SEGMENT"}, **bearer(pii_token))
    latest = list(
        AuditEntry.objects.order_by("pk").values_list("operation", "row_count", "pii_unmasked")
    )
    assert latest[1:] == [("members.list", 4, True), ("members.stats", 1, True)]
    # every row names the token it came through, not just its owner
    labels = AuditEntry.objects.order_by("pk").values_list("actor_label", flat=True)
    assert all("[API " in label for label in labels)


# --- statistics ---------------------------------------------------------------------------


def test_member_stats_count_by_segment_city_and_age_band(client, token):
    today = timezone.localdate()
    member_create(city="广州", birth_date=years_before(today, 18))  # 18: band 18-24
    member_create(city="广州", birth_date=years_before(today, 25) + dt.timedelta(days=1))  # 24
    member_create(city="深圳", birth_date=years_before(today, 25))  # 25: band 25-34
    member_create(city="深圳", birth_date=dt.date(1950, 1, 1), children_ages=[10])

    def stats(by, **variables):
        return data(client, STATS, {"by": by, **variables}, **bearer(token))["memberStats"]

    assert stats("CITY") == [{"key": "广州", "count": 2}, {"key": "深圳", "count": 2}]
    assert stats("AGE_BAND") == [
        {"key": "18-24", "count": 2},
        {"key": "25-34", "count": 1},
        {"key": "65+", "count": 1},
    ]
    assert stats("SEGMENT") == [
        {"key": "SOCIAL_NEWCOMER", "count": 3},
        {"key": "CHILD_FOCUSED", "count": 1},
    ]
    assert stats("SEGMENT", filter={"city": ["深圳"]}) == [
        {"key": "CHILD_FOCUSED", "count": 1},
        {"key": "SOCIAL_NEWCOMER", "count": 1},
    ]


def test_referral_attribution_per_project(client, token, site_tree):
    project = project_create(site_tree, slug="bay", title="湾区一号")
    sales = grant(UserFactory(), "add_purchase")
    referrer = member_create()
    friend = member_register(
        name="朋友",
        phone="13700137000",
        sms_code=phone_code_create("13700137000"),
        password=PASSWORD,
        birth_date=dt.date(1988, 1, 1),
        accept_terms=True,
        referral_code=referrer.referral_code,
    )
    purchase_record(actor=sales, member=friend, project=project, unit="1-101")
    purchase_record(actor=sales, member=referrer, project=project, unit="1-102")

    query = """{ referralAttribution { projectSlug projectName purchases referredPurchases
        repeatPurchases referralPoints } }"""
    figures = data(client, query, **bearer(token))["referralAttribution"]

    assert figures == [
        {
            "projectSlug": "bay",
            "projectName": "湾区一号",
            "purchases": 2,
            "referredPurchases": 1,
            "repeatPurchases": 0,
            "referralPoints": 1000,
        }
    ]
    assert AuditEntry.objects.filter(operation="members.referral_attribution").count() == 1


# --- the saved operations -------------------------------------------------------------------


def operation(name: str) -> str:
    return (Path(settings.BASE_DIR) / "graphql" / "operations" / f"{name}.graphql").read_text(
        encoding="utf-8"
    )


def test_the_saved_marketing_operations_run_with_a_token(client, token, site_tree):
    project_create(site_tree, slug="bay")
    member = member_create(city="广州")
    member_preferences_update(member=member, interested_project_slugs=["bay"])

    listed = data(
        client, operation("MarketingMembers"), {"filter": {"city": ["广州"]}}, **bearer(token)
    )
    node = nodes(listed)[0]
    assert node["preferences"]["interestedProjects"] == [
        {"slug": "bay", "name": project_name("bay")}
    ]
    stats = data(client, operation("MemberStats"), {"groupBy": "CITY"}, **bearer(token))
    assert stats["memberStats"] == [{"key": "广州", "count": 1}]
    assert data(client, operation("ReferralAttribution"), **bearer(token)) == {
        "referralAttribution": []
    }


def project_name(slug: str) -> str:
    from content.models import ProjectPage

    return ProjectPage.objects.get(slug=slug).title
