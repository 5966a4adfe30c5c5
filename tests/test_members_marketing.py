"""Marketing reads: consent scoping, filters, masking per scope, audit rows, statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from club.masking import mask_email, mask_phone
from club.models import Member
from club.selectors import (
    MemberFilter,
    member_contact,
    member_detail_for_staff,
    member_for_user,
    member_stats,
    members_for_marketing,
    scopes_for_user,
)
from club.services import consent_withdraw, member_account_delete, member_preferences_update
from core.errors import DomainError
from core.models import AuditEntry
from tests.factories import UserFactory, member_create, project_create
from tests.members_api import data, error_codes, gql, sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)
READ = frozenset({"read:members"})
READ_PII = frozenset({"read:members", "read:members:pii"})


@pytest.fixture
def marketer():
    return UserFactory(username="marketing")


def listed(actor, scopes=READ, **filters) -> list[Member]:
    return list(members_for_marketing(actor=actor, scopes=scopes, filters=filters, today=TODAY))


def test_phone_and_email_masks():
    assert mask_phone("+8613812345678") == "138****5678"
    assert mask_email("zhang.san@example.com") == "z***@example.com"
    assert mask_phone(None) is None and mask_email("") is None


def test_marketing_never_sees_members_without_marketing_consent(marketer):
    keen = member_create(marketing_consent=True)
    member_create(marketing_consent=False)
    withdrawn = member_create(marketing_consent=True)
    consent_withdraw(member=withdrawn, kind="MARKETING")
    deleted = member_create(marketing_consent=True)
    member_account_delete(member=deleted)
    assert listed(marketer) == [keen]
    stats = member_stats(actor=marketer, scopes=READ, group_by="CITY", today=TODAY)
    assert stats == [{"key": "深圳", "count": 1}]


def test_without_the_read_scope_nothing_is_returned(marketer):
    with pytest.raises(DomainError) as exc:
        listed(marketer, scopes=frozenset())
    assert exc.value.code == "PERMISSION_DENIED"


def test_names_and_contacts_are_masked_without_the_pii_scope_and_clear_with_it():
    member = member_create(name="李四光", phone="13812345678", email="li.si@example.com")
    assert member_contact(member=member, scopes=READ) == {
        "name": "李**",
        "phone": "138****5678",
        "email": "l***@example.com",
    }
    assert member_contact(member=member, scopes=READ_PII) == {
        "name": "李四光",
        "phone": "+8613812345678",
        "email": "li.si@example.com",
    }


def test_session_scopes_come_from_permissions():
    plain = UserFactory()
    assert scopes_for_user(plain) == frozenset()
    assert scopes_for_user(AnonymousUser()) == frozenset()
    plain.user_permissions.add(Permission.objects.get(codename="view_member"))
    assert scopes_for_user(type(plain).objects.get(pk=plain.pk)) == READ
    plain.user_permissions.add(Permission.objects.get(codename="view_member_pii"))
    assert scopes_for_user(type(plain).objects.get(pk=plain.pk)) == READ_PII


def test_filters_by_segment_city_timeframe_owner_and_project(site_tree, marketer):
    project = project_create(site_tree)
    young = member_create(city="深圳", birth_date=dt.date(2000, 1, 1), today=TODAY)
    family = member_create(city="广州", children_ages=[5], today=TODAY)
    member_preferences_update(
        member=family, interested_project_slugs=[project.slug], purchase_timeframe="NOW"
    )
    assert listed(marketer, segment=["SOCIAL_NEWCOMER"]) == [young]
    assert listed(marketer, city=["广州"]) == [family]
    assert listed(marketer, purchase_timeframe=["NOW"]) == [family]
    assert listed(marketer, interested_project=[project.slug]) == [family]
    assert listed(marketer, is_owner=True) == []
    with pytest.raises(DomainError) as exc:
        listed(marketer, segment=["VIP"])
    assert exc.value.code == "FILTER_INVALID"


def test_age_filters_are_inclusive_at_both_ends(marketer):
    turns_30_today = member_create(birth_date=dt.date(1996, 6, 15))
    turns_30_tomorrow = member_create(birth_date=dt.date(1996, 6, 16))
    assert listed(marketer, age_min=30) == [turns_30_today]
    assert listed(marketer, age_max=29) == [turns_30_tomorrow]
    assert set(listed(marketer, age_min=29, age_max=30)) == {turns_30_today, turns_30_tomorrow}


def test_join_date_filters(marketer):
    early = member_create()
    late = member_create()
    Member.objects.filter(pk=early.pk).update(
        joined_at=timezone.make_aware(dt.datetime(2026, 1, 31, 23, 30))
    )
    Member.objects.filter(pk=late.pk).update(
        joined_at=timezone.make_aware(dt.datetime(2026, 2, 1, 0, 10))
    )
    assert listed(marketer, joined_after=dt.date(2026, 2, 1)) == [late]
    assert listed(marketer, joined_before=dt.date(2026, 2, 1)) == [early]
    months = member_stats(actor=marketer, scopes=READ, group_by="JOIN_MONTH", today=TODAY)
    assert sorted((b["key"], b["count"]) for b in months) == [("2026-01", 1), ("2026-02", 1)]


def test_stats_group_by_segment_age_band_and_project(site_tree, marketer):
    project = project_create(site_tree)
    a = member_create(birth_date=dt.date(2000, 1, 1), today=TODAY)  # 26, newcomer
    member_create(birth_date=dt.date(1960, 1, 1), today=TODAY)  # 66, elder care
    member_create(birth_date=dt.date(1961, 6, 15), today=TODAY)  # 65 today
    member_preferences_update(member=a, interested_project_slugs=[project.slug])
    by_segment = member_stats(actor=marketer, scopes=READ, group_by="SEGMENT", today=TODAY)
    assert by_segment == [
        {"key": "ELDER_CARE", "count": 2},
        {"key": "SOCIAL_NEWCOMER", "count": 1},
    ]
    by_age = member_stats(actor=marketer, scopes=READ, group_by="AGE_BAND", today=TODAY)
    assert by_age == [{"key": "65+", "count": 2}, {"key": "25-34", "count": 1}]
    by_project = member_stats(
        actor=marketer, scopes=READ, group_by="INTERESTED_PROJECT", today=TODAY
    )
    assert by_project == [{"key": project.slug, "count": 1}]
    filtered = member_stats(
        actor=marketer, scopes=READ, group_by="SEGMENT", filters={"age_max": 64}, today=TODAY
    )
    assert filtered == [{"key": "SOCIAL_NEWCOMER", "count": 1}]
    with pytest.raises(DomainError) as exc:
        member_stats(actor=marketer, scopes=READ, group_by="SHOE_SIZE")
    assert exc.value.code == "DIMENSION_INVALID"


def test_stats_read_the_members_in_one_group_by_query(marketer):
    for _i in range(5):
        member_create()
    with CaptureQueriesContext(connection) as queries:
        member_stats(actor=marketer, scopes=READ, group_by="AGE_BAND", today=TODAY)
    member_reads = [q["sql"] for q in queries if '"club_member"' in q["sql"]]
    assert len(member_reads) == 1 and "GROUP BY" in member_reads[0]


def test_stats_and_detail_reads_are_audited(marketer):
    member = member_create()
    member_stats(
        actor=marketer, scopes=READ, group_by="CITY", filters={"city": ["深圳"]}, today=TODAY
    )
    entry = AuditEntry.objects.get(operation="members.stats")
    assert (entry.actor, entry.filters, entry.row_count) == (marketer, {"city": ["深圳"]}, 1)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_member"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert member_detail_for_staff(actor=staff, member_id=member.pk) == member
    view = AuditEntry.objects.get(operation="member.view")
    assert (view.actor, view.target, view.pii_unmasked) == (staff, f"member:{member.pk}", False)


def test_staff_without_view_permission_cannot_open_a_member():
    member = member_create()
    with pytest.raises(DomainError) as exc:
        member_detail_for_staff(actor=UserFactory(is_staff=True), member_id=member.pk)
    assert exc.value.code == "PERMISSION_DENIED"


def test_a_member_only_ever_reads_their_own_record(client):
    alice = member_create(name="Alice")
    bob = member_create(name="Bob")
    # signed in, Alice's `me` is her record, and there is no query that takes a member id
    sign_in(client, alice)
    assert data(client, "{ me { name } }")["me"] == {"name": "Alice"}
    _response, body = gql(client, "{ members(first: 5) { totalCount } }")
    assert error_codes(body) == ["PERMISSION_DENIED"]
    # members hold no marketing scope, so the marketing and staff doors stay shut to them
    assert scopes_for_user(alice.user) == frozenset()
    with pytest.raises(DomainError) as exc:
        members_for_marketing(actor=alice.user, scopes=scopes_for_user(alice.user))
    assert exc.value.code == "PERMISSION_DENIED"
    with pytest.raises(DomainError) as exc:
        member_detail_for_staff(actor=alice.user, member_id=bob.pk)
    assert exc.value.code == "PERMISSION_DENIED"
    assert member_for_user(user=AnonymousUser()) is None


def test_filter_as_audit_dict_keeps_only_the_conditions_set():
    f = MemberFilter(city=["深圳"], joined_after=dt.date(2026, 1, 1))
    assert f.as_audit_dict() == {"city": ["深圳"], "joined_after": "2026-01-01"}


def test_reading_a_marketing_page_writes_its_own_audit_row_and_masks_contacts(marketer):
    member_create(city="深圳", phone="13812345678")
    member_create(city="广州")
    filters = MemberFilter(city=["深圳"])
    members = members_for_marketing(actor=marketer, scopes=READ, filters=filters)
    assert not AuditEntry.objects.exists()  # nothing read yet: building a query is no read

    (member,) = list(members[:10])  # no separate audit call: fetching the rows is the read

    assert member.contact["phone"] == "138****5678"
    entry = AuditEntry.objects.get(operation="members.list")
    assert (entry.actor, entry.filters, entry.row_count, entry.pii_unmasked) == (
        marketer,
        {"city": ["深圳"]},
        1,
        False,
    )
    list(members_for_marketing(actor=marketer, scopes=READ_PII, filters=filters))
    entry = AuditEntry.objects.latest("pk")
    assert (entry.actor, entry.filters, entry.row_count, entry.pii_unmasked) == (
        marketer,
        {"city": ["深圳"]},
        1,
        True,
    )
