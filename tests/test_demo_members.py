"""`manage.py load_demo_data --members N`: bulk members that look like the club's membership.

The module generates 2,000 bulk members once, through the function the command calls
(inside a transaction rolled back when the module ends); every test reads that state, and
the re-run test adds to it inside its own rolled-back transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import phonenumbers
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from club.choices import ConsentKind
from club.models import Consent, Member, PointsLedgerEntry, Preferences, Purchase, PurchaseIntent
from club.segments import age_on, derive_segment_from_answers
from content.services import site_tree_ensure
from portal.demo.member_people import SEGMENT_SHARES
from portal.demo.members import USERNAME_PREFIX, bulk_member_count, demo_members_generate
from portal.demo.projects import PROJECTS
from tests.factories import project_create

pytestmark = pytest.mark.django_db

N = 2000


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """N bulk members over the demo projects' cities: licensed projects in 深圳 and 上海
    (members can buy there), a pre-licence one in 广州 (interest only)."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree = site_tree_ensure()
        project_create(tree, city="深圳")
        project_create(tree, city="上海")
        project_create(tree, city="广州", licensed=False)
        yield demo_members_generate(count=N, progress=False)
        transaction.set_rollback(True)


def bulk_members():
    return Member.objects.filter(user__username__startswith=USERNAME_PREFIX)


def test_the_requested_number_of_members_is_created(loaded):
    assert loaded == N
    assert bulk_members().count() == N == bulk_member_count()


def test_segment_shares_follow_domain_md_within_two_points(loaded):
    counts = Counter(bulk_members().values_list("segment", flat=True))
    for segment, share in SEGMENT_SHARES.items():
        assert abs(100 * counts[segment] / N - share) <= 2, (segment, counts)


def test_every_stored_segment_is_what_the_rule_table_derives_from_the_answers(loaded):
    today = timezone.localdate()
    for member in bulk_members():
        derived = derive_segment_from_answers(member, today=today)
        assert member.segment == member.segment_derived == derived, member.pk
        assert member.segment_override == ""


def test_members_are_adults_who_joined_as_adults_within_the_last_three_years(loaded):
    today = timezone.localdate()
    earliest = timezone.now() - dt.timedelta(days=3 * 365 + 1)
    for birth_date, joined_at in bulk_members().values_list("birth_date", "joined_at"):
        assert age_on(birth_date, today) >= 18
        assert age_on(birth_date, timezone.localtime(joined_at).date()) >= 18
        assert earliest <= joined_at <= timezone.now()


def test_contacts_are_unique_mainland_mobiles_and_addresses_at_example_domains(loaded):
    users = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
    phones = [str(p) for p in users.values_list("phone", flat=True)]
    emails = [e for e in users.values_list("email", flat=True) if e]
    assert len(set(phones)) == N
    assert len(set(emails)) == len(emails) > 0.8 * N
    for phone in phones[:300]:
        number = phonenumbers.parse(phone)
        assert phone.startswith("+861")
        assert phonenumbers.is_valid_number(number)
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    assert all(e.split("@")[1] in {"example.com", "example.net", "example.org"} for e in emails)


def test_bulk_accounts_cannot_sign_in_with_a_password(loaded):
    user = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).first()
    assert not user.has_usable_password()


def test_cities_are_the_demo_cities(loaded):
    cities = set(bulk_members().values_list("city", flat=True))
    assert cities == {row["city"] for row in PROJECTS}


def test_about_70_percent_consent_to_marketing_and_the_flag_matches_the_consents(loaded):
    consenting = bulk_members().filter(has_marketing_consent=True)
    assert 0.65 <= consenting.count() / N <= 0.75
    active = Consent.objects.filter(
        member__in=bulk_members(), kind=ConsentKind.MARKETING, withdrawn_at__isnull=True
    )
    assert set(active.values_list("member_id", flat=True)) == set(
        consenting.values_list("pk", flat=True)
    )
    terms = Consent.objects.filter(member__in=bulk_members(), kind=ConsentKind.TERMS_PRIVACY)
    assert terms.count() == N


def test_preferences_interests_intents_referrals_and_owners_are_all_there(loaded):
    members = bulk_members()
    assert Preferences.objects.filter(member__in=members).count() == N
    interests = Preferences.interested_projects.through.objects.filter(
        preferences__member__in=members
    )
    assert interests.count() > 0.5 * N
    assert PurchaseIntent.objects.filter(member__in=members).count() > 0.05 * N
    referred = members.filter(referred_by__isnull=False)
    assert 0.10 * N < referred.count() < 0.25 * N
    for member in referred.select_related("referred_by")[:200]:
        assert member.referred_by.joined_at <= member.joined_at

    owners = members.filter(is_owner=True)
    purchases = Purchase.objects.filter(member__in=members)
    assert owners.count() > 0.02 * N
    assert set(purchases.values_list("member_id", flat=True)) == set(
        owners.values_list("pk", flat=True)
    )
    referred_purchases = purchases.filter(referred_by__isnull=False)
    credits = PointsLedgerEntry.objects.filter(purchase__in=referred_purchases)
    assert referred_purchases.count() > 0
    assert credits.count() == referred_purchases.count()
    assert all(c.member_id == c.purchase.referred_by_id for c in credits.select_related("purchase"))


def test_a_rerun_adds_none_and_a_larger_count_tops_up(loaded):
    with transaction.atomic():
        assert demo_members_generate(count=N, progress=False) == 0
        assert demo_members_generate(count=N - 500, progress=False) == 0
        assert bulk_members().count() == N

        assert demo_members_generate(count=N + 150, batch_size=100, progress=False) == 150
        users = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
        assert users.count() == N + 150
        assert users.values("phone").distinct().count() == N + 150
        assert bulk_members().values("referral_code").distinct().count() == N + 150
        transaction.set_rollback(True)
