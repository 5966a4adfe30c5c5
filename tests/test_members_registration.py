"""Joining the club: 18+, unique phone and e-mail, no half-writes, referral attribution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from club.models import Consent, Member, Preferences
from club.services import (
    email_verification_link,
    member_email_verify,
    member_register,
)
from core.errors import DomainError
from tests.factories import member_create, phone_code_create

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = dt.date(2026, 6, 15)


def register(**fields) -> Member:
    data = dict(
        name="张三",
        phone="13800138000",
        password="Wkh-Strong-pass-2026",
        birth_date=dt.date(1990, 1, 1),
        accept_terms=True,
        today=TODAY,
    )
    data.update(fields)
    if "sms_code" not in data:
        data["sms_code"] = phone_code_create(data["phone"])
    return member_register(**data)


def refused(code: str, **fields) -> DomainError:
    with pytest.raises(DomainError) as exc:
        register(**fields)
    assert exc.value.code == code, exc.value.message
    return exc.value


def test_anyone_18_or_over_joins_free_with_a_normalised_phone_and_a_segment():
    member = register(email="Zhang.San@Example.com", income_band="HIGH")
    assert str(member.user.phone) == "+8613800138000"
    assert member.user.email == "zhang.san@example.com"
    assert member.segment == "AFFLUENT_FAMILY"
    assert member.user.check_password("Wkh-Strong-pass-2026")
    assert Preferences.objects.filter(member=member).exists()
    assert len(member.referral_code) == 8


def test_exactly_18_today_may_join():
    member = register(birth_date=dt.date(2008, 6, 15))
    assert member.pk


def test_17_years_364_days_is_refused_with_a_clear_message_and_nothing_written():
    error = refused("UNDER_AGE", birth_date=dt.date(2008, 6, 16))
    assert "18" in error.message
    assert error.field == "birth_date"
    assert not User.objects.exists()


def test_29_february_birthday_turns_18_on_1_march_in_a_common_year():
    refused("UNDER_AGE", birth_date=dt.date(2008, 2, 29), today=dt.date(2026, 2, 28))
    assert register(birth_date=dt.date(2008, 2, 29), today=dt.date(2026, 3, 1)).pk


def test_future_or_absurd_birth_dates_are_invalid():
    refused("BIRTH_DATE_INVALID", birth_date=dt.date(2030, 1, 1))
    refused("BIRTH_DATE_INVALID", birth_date=dt.date(1850, 1, 1))


@pytest.mark.parametrize("phone", ["12345", "+1 202 555 0100", "020-12345678", ""])
def test_a_phone_that_is_not_a_mainland_mobile_is_refused(phone):
    refused("PHONE_INVALID", phone=phone)


@pytest.mark.parametrize(
    "second", ["13800138000", "+86 138 0013 8000", "+8613800138000", "138-0013-8000"]
)
def test_the_same_phone_in_another_format_is_taken(second):
    register(phone="13800138000")
    refused("PHONE_TAKEN", phone=second)
    assert User.objects.count() == 1


def test_e_mail_is_unique_regardless_of_case():
    register(email="li@example.com")
    refused("EMAIL_TAKEN", phone="13900139000", email="LI@Example.COM")


def test_invalid_email_is_refused():
    refused("EMAIL_INVALID", email="not-an-address")


def test_terms_must_be_accepted():
    refused("TERMS_REQUIRED", accept_terms=False)
    assert not Member.objects.exists()


def test_weak_passwords_are_refused_by_djangos_validators():
    refused("PASSWORD_TOO_WEAK", password="12345678")
    refused("PASSWORD_TOO_WEAK", password="abc")
    assert not User.objects.exists()


def test_unknown_referral_code_is_refused_without_writing_anything():
    refused("REFERRAL_CODE_INVALID", referral_code="NOPE1234")
    assert not User.objects.exists() and not Consent.objects.exists()


def test_invalid_choices_and_names_are_refused():
    refused("NAME_REQUIRED", name="  ")
    refused("GENDER_INVALID", gender="X")
    refused("EDUCATION_INVALID", education="PHD?")
    refused("INCOME_BAND_INVALID", income_band="RICH")
    refused("CHILD_AGE_INVALID", children_ages=[-1])
    assert not User.objects.exists()


def test_registration_through_a_referral_code_is_attributed():
    referrer = member_create()
    member = register(referral_code=referrer.referral_code.lower())
    assert member.referred_by == referrer
    assert list(referrer.referrals.all()) == [member]


def test_terms_and_marketing_consents_are_recorded_separately_with_versions():
    silent = register()
    assert set(silent.consents.values_list("kind", flat=True)) == {"TERMS_PRIVACY"}
    assert silent.has_marketing_consent is False
    keen = register(phone="13900139000", marketing_consent=True)
    consents = {c.kind: c for c in keen.consents.all()}
    assert set(consents) == {"TERMS_PRIVACY", "MARKETING"}
    assert all(c.version and c.granted_at for c in consents.values())
    assert keen.has_marketing_consent is True


def test_the_verification_link_is_mailed_after_commit_and_verifies_the_address(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        member = register(email="wang@example.com")
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    link = email_verification_link(member)
    assert link.split("/account/")[1] in mail.outbox[0].body
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert member_email_verify(token=token) == member
    member.user.refresh_from_db()
    assert member.user.email_verified_at is not None


def test_a_link_made_before_the_address_changed_or_a_forged_token_does_not_verify():
    member = register(email="old@example.com")
    old_link = email_verification_link(member)
    new_link = email_verification_link(member, email="new@example.com")
    member_email_verify(token=new_link.rstrip("/").rsplit("/", 1)[1])
    member.user.refresh_from_db()
    assert member.user.email == "new@example.com"
    for link in (old_link, new_link):  # both were made for the address that was current
        with pytest.raises(DomainError) as exc:
            member_email_verify(token=link.rstrip("/").rsplit("/", 1)[1])
        assert exc.value.code == "VERIFICATION_LINK_INVALID"
    with pytest.raises(DomainError) as exc:
        member_email_verify(token="forged")
    assert exc.value.code == "VERIFICATION_LINK_INVALID"


def test_a_change_link_for_an_address_taken_meanwhile_does_not_move_it():
    member = register(email="old@example.com")
    link = email_verification_link(member, email="li@example.com")
    member_create(email="li@example.com")
    with pytest.raises(DomainError) as exc:
        member_email_verify(token=link.rstrip("/").rsplit("/", 1)[1])
    assert exc.value.code == "EMAIL_TAKEN"
    member.user.refresh_from_db()
    assert member.user.email == "old@example.com"


def test_the_verification_page_answers_in_chinese(client):
    member = register(email="page@example.com")
    token = email_verification_link(member).rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/account/verify-email/{token}/")
    assert response.status_code == 200
    assert "验证成功" in response.content.decode()
    assert client.get("/account/verify-email/bad/").status_code == 400


# --- every field error at once; the phone proven before "taken" ----------------------------


def test_every_field_error_of_a_registration_comes_back_at_once():
    with pytest.raises(DomainError) as exc:
        register(
            name="",
            phone="abc",
            password="x",
            birth_date=dt.date(2099, 1, 1),
            accept_terms=False,
            email="not-an-address",
            gender="ROBOT",
            sms_code="",
        )
    found = [(e.field, e.code) for e in exc.value.errors]
    assert len(found) == len(set(found))
    assert set(found) == {
        ("phone", "PHONE_INVALID"),
        ("email", "EMAIL_INVALID"),
        ("name", "NAME_REQUIRED"),
        ("gender", "GENDER_INVALID"),
        ("birth_date", "BIRTH_DATE_INVALID"),
        ("accept_terms", "TERMS_REQUIRED"),
        ("password", "PASSWORD_TOO_WEAK"),
        ("sms_code", "SMS_CODE_REQUIRED"),
    }
    assert all(e.message for e in exc.value.errors)
    assert not User.objects.exists()


def test_uniqueness_is_checked_only_once_the_fields_are_valid():
    member_create(phone="13800138000", email="li@example.com")
    with pytest.raises(DomainError) as exc:
        register(phone="13800138000", email="li@example.com", name="")
    assert exc.value.code == "NAME_REQUIRED"
    assert not hasattr(exc.value, "errors")  # one error: no PHONE_TAKEN or EMAIL_TAKEN


def test_phone_and_email_taken_are_answered_together_after_the_code_is_proven():
    member_create(phone="13800138000", email="li@example.com")
    with pytest.raises(DomainError) as exc:
        register(phone="13800138000", email="LI@example.com")
    assert [e.code for e in exc.value.errors] == ["PHONE_TAKEN", "EMAIL_TAKEN"]


def test_without_the_texted_code_a_taken_phone_is_not_disclosed():
    member_create(phone="13800138000")
    refused("SMS_CODE_INVALID", phone="13800138000", sms_code="000000")
    # a number nobody holds an account for gets the very same answer
    refused("SMS_CODE_INVALID", phone="13900139000", sms_code="000000")


def test_a_taken_answer_spends_the_code_so_each_probe_needs_a_new_text():
    member_create(phone="13800138000")
    code = phone_code_create("13800138000")
    refused("PHONE_TAKEN", phone="13800138000", sms_code=code)
    refused("SMS_CODE_INVALID", phone="13800138000", sms_code=code)


def test_a_code_for_another_phone_or_purpose_does_not_register():
    other = phone_code_create("13900139000")
    refused("SMS_CODE_INVALID", phone="13800138000", sms_code=other)
    login_code = phone_code_create("13800138000", purpose="LOGIN", code="135790")
    refused("SMS_CODE_INVALID", phone="13800138000", sms_code=login_code)


def test_a_field_error_does_not_spend_the_code():
    code = phone_code_create("13800138000")
    refused("TERMS_REQUIRED", accept_terms=False, sms_code=code)
    assert register(sms_code=code).pk


def test_an_admin_form_receives_every_field_error_of_a_refused_registration():
    with pytest.raises(DomainError) as exc:
        register(name="", accept_terms=False)
    assert exc.value.as_validation_error().message_dict == {
        "name": ["请填写姓名。"],
        "accept_terms": ["请阅读并同意《用户协议》和《隐私政策》。"],
    }
