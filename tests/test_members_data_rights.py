"""Profile, preferences, consents (PIPL), export and deletion."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission

from club.models import Consent, Member, PointsLedgerEntry, Purchase
from club.services import (
    consent_grant,
    consent_withdraw,
    member_account_delete,
    member_data_export,
    member_preferences_update,
    member_profile_update,
    member_segment_override,
    purchase_intent_register,
    purchase_record,
)
from core.errors import DomainError
from tests.factories import UserFactory, member_create, project_create

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


def staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


def test_profile_update_changes_only_given_fields_and_rederives_the_segment():
    member = member_create(birth_date=dt.date(1995, 1, 1), city="广州", today=TODAY)
    assert member.segment == "SOCIAL_NEWCOMER"
    member_profile_update(member=member, children_ages=[4], today=TODAY)
    member.refresh_from_db()
    assert member.segment == "CHILD_FOCUSED" and member.city == "广州"
    assert member.household_answered_on == TODAY


def test_profile_update_refuses_bad_input_without_writing():
    member = member_create(name="原名")
    with pytest.raises(DomainError) as exc:
        member_profile_update(member=member, name="新名", birth_date=dt.date(2020, 1, 1))
    assert exc.value.code == "UNDER_AGE"
    member.refresh_from_db()
    assert member.name == "原名"


def test_a_staff_override_wins_is_recorded_and_survives_profile_updates():
    member = member_create(birth_date=dt.date(1995, 1, 1), today=TODAY)
    staff = staff_with("override_segment")
    member_segment_override(actor=staff, member=member, segment="AFFLUENT_FAMILY", reason="大客户")
    member_profile_update(member=member, children_ages=[3], today=TODAY)
    member.refresh_from_db()
    assert member.segment == "AFFLUENT_FAMILY"
    assert member.segment_derived == "CHILD_FOCUSED"
    record = member.segment_overrides.get()
    assert (record.actor, record.reason, record.segment) == (staff, "大客户", "AFFLUENT_FAMILY")
    member_segment_override(actor=staff, member=member, segment=None, reason="恢复自动细分")
    member.refresh_from_db()
    assert member.segment == "CHILD_FOCUSED"


def test_overrides_need_the_permission_and_a_reason():
    member = member_create()
    with pytest.raises(DomainError) as exc:
        member_segment_override(actor=staff_with(), member=member, segment="ELDER_CARE", reason="x")
    assert exc.value.code == "PERMISSION_DENIED"
    with pytest.raises(DomainError) as exc:
        member_segment_override(
            actor=staff_with("override_segment"), member=member, segment="ELDER_CARE", reason=" "
        )
    assert exc.value.code == "REASON_REQUIRED"


def test_preferences_are_saved_and_the_timeframe_is_copied_onto_the_member(site_tree):
    project = project_create(site_tree)
    member = member_create()
    prefs = member_preferences_update(
        member=member,
        interested_project_slugs=[project.slug],
        rooms=[3, 2, 3],
        area_min=80,
        area_max=120,
        budget_max=300_000_000,
        purchase_timeframe="WITHIN_6_MONTHS",
        email_opt_in=True,
        sms_opt_in=False,
        wechat_opt_in=True,
        newsletter_topics=["PROJECT_NEWS"],
        event_interests=["OPEN_DAY", "FAMILY"],
    )
    assert list(prefs.interested_projects.all()) == [project]
    assert prefs.rooms == [2, 3]
    assert Member.objects.get(pk=member.pk).purchase_timeframe == "WITHIN_6_MONTHS"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"interested_project_slugs": ["nowhere"]}, "PROJECT_NOT_FOUND"),
        ({"rooms": [0]}, "ROOMS_INVALID"),
        ({"area_min": 150, "area_max": 90}, "AREA_INVALID"),
        ({"budget_max": -1}, "BUDGET_INVALID"),
        ({"purchase_timeframe": "SOMEDAY"}, "PURCHASE_TIMEFRAME_INVALID"),
        ({"newsletter_topics": ["GOSSIP"]}, "TOPIC_INVALID"),
        ({"event_interests": ["PARTY"]}, "EVENT_INTEREST_INVALID"),
    ],
)
def test_bad_preferences_are_refused(site_tree, fields, code):
    member = member_create()
    with pytest.raises(DomainError) as exc:
        member_preferences_update(member=member, **{"rooms": [2], **fields})
    assert exc.value.code == code
    member.preferences.refresh_from_db()
    assert member.preferences.rooms == []


def test_marketing_consent_can_be_withdrawn_any_time_and_the_flag_follows():
    member = member_create(marketing_consent=True)
    consent_withdraw(member=member, kind="MARKETING")
    member.refresh_from_db()
    assert member.has_marketing_consent is False
    assert consent_withdraw(member=member, kind="MARKETING") is None
    consent_grant(member=member, kind="MARKETING")
    member.refresh_from_db()
    assert member.has_marketing_consent is True
    assert member.consents.filter(kind="MARKETING").count() == 2


def test_a_new_consent_version_closes_the_old_one_and_regranting_is_idempotent():
    member = member_create()
    first = member.consents.get(kind="TERMS_PRIVACY")
    assert consent_grant(member=member, kind="TERMS_PRIVACY", version=first.version) == first
    second = consent_grant(member=member, kind="TERMS_PRIVACY", version="2027-01")
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.is_active
    with pytest.raises(DomainError) as exc:
        consent_grant(member=member, kind="WHATEVER")
    assert exc.value.code == "CONSENT_KIND_INVALID"


def test_export_holds_everything_and_is_json(site_tree):
    project = project_create(site_tree)
    member = member_create(email="exp@example.com", children_ages=[7], employer="某公司")
    member_preferences_update(member=member, rooms=[3], interested_project_slugs=[project.slug])
    purchase_intent_register(member=member, project_slug=project.slug, rooms=[3])
    purchase_record(actor=staff_with("add_purchase"), member=member, project=project, unit="1-101")
    data = json.loads(json.dumps(member_data_export(member=member)))
    assert data["profile"]["employer"] == "某公司"
    assert data["contact"]["email"] == "exp@example.com"
    assert data["household"]["children_ages"] == [7]
    assert data["preferences"]["interested_projects"][0]["slug"] == project.slug
    assert {c["kind"] for c in data["consents"]} == {"TERMS_PRIVACY", "MARKETING"}
    assert data["purchases"][0]["unit"] == "1-101"
    assert data["purchase_intents"][0]["rooms"] == [3]
    assert data["referral"]["code"] == member.referral_code


def test_deleting_anonymises_but_keeps_payment_records_under_a_pseudonym(site_tree):
    project = project_create(site_tree)
    referrer = member_create()
    member = member_create(
        email="gone@example.com", referral_code=referrer.referral_code, employer="某公司"
    )
    purchase_intent_register(member=member, project_slug=project.slug)
    purchase = purchase_record(
        actor=staff_with("add_purchase"), member=member, project=project, unit="2-202"
    )
    member_account_delete(member=member)
    member.refresh_from_db()
    user = member.user
    assert member.deleted_at and member.name == member.pseudonym.strip()
    assert member.pseudonym.startswith("已注销会员")
    assert (member.birth_date, member.employer, member.city) == (None, "", "")
    assert (user.email, user.phone, user.is_active) == (None, None, False)
    assert not user.has_usable_password()
    assert not member.has_marketing_consent
    assert not Consent.objects.filter(member=member, withdrawn_at__isnull=True).exists()
    assert not member.purchase_intents.exists()
    assert Purchase.objects.get(pk=purchase.pk).member == member
    assert PointsLedgerEntry.objects.filter(member=referrer).count() == 1
    with pytest.raises(DomainError) as exc:
        member_account_delete(member=member)
    assert exc.value.code == "MEMBER_DELETED"
    # the phone and e-mail are free for a new registration
    member_create(phone="+8613900000001", email="gone@example.com")
