"""The members' site over HTTP: joining, signing in and out, CSRF, and `me`.

Every test posts JSON to /graphql/ with django.test.Client, as the browser does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.utils import timezone

from club import sms
from club.models import Member, SmsCode
from club.selectors import years_before
from tests.factories import member_create, phone_code_create
from tests.members_api import ME, PASSWORD, data, error_codes, gql, sign_in, user_error_codes

pytestmark = pytest.mark.django_db

REGISTER = """
mutation ($input: RegisterInput!) {
  register(input: $input) {
    errors { field code message }
    member { id displayName phone email city segment referralCode }
  }
}
"""
LOGIN = """
mutation ($input: LoginInput!) {
  login(input: $input) { errors { field code message } member { displayName phone } }
}
"""
LOGOUT = "mutation { logout { errors { code } } }"


def registration(**fields) -> dict:
    values = {
        "name": "张三",
        "phone": "13800138000",
        "email": "zhang.san@example.com",
        "password": PASSWORD,
        "birthDate": "1990-05-17",
        "acceptTerms": True,
        "marketingConsent": True,
    }
    values.update(fields)
    if "smsCode" not in values:
        values["smsCode"] = phone_code_create(values["phone"])
    return {"input": values}


def register(client, **fields) -> dict:
    return data(client, REGISTER, registration(**fields))["register"]


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


# --- register --------------------------------------------------------------------------


def test_registering_creates_the_member_and_signs_them_in(client):
    payload = register(
        client, city="深圳", gender="FEMALE", childrenAges=[6], employer="某科技公司"
    )

    assert payload["errors"] == []
    member = payload["member"]
    assert member["displayName"] == "张三"
    # the member sees their own contact details in clear
    assert member["phone"] == "+8613800138000"
    assert member["email"] == "zhang.san@example.com"
    assert member["segment"] == "CHILD_FOCUSED"
    assert len(member["referralCode"]) == 8
    me = data(client, ME)["me"]
    assert me["id"] == member["id"] and me["name"] == "张三"
    assert {c["kind"] for c in me["consents"] if c["active"]} == {"TERMS_PRIVACY", "MARKETING"}


def test_members_must_be_18_on_the_day_they_join(client):
    today = timezone.localdate()
    eighteen_today = years_before(today, 18)

    one_day_short = register(client, birthDate=(eighteen_today + dt.timedelta(days=1)).isoformat())
    assert user_error_codes(one_day_short) == ["UNDER_AGE"]
    assert one_day_short["errors"][0]["field"] == "birthDate"
    assert one_day_short["member"] is None
    assert not get_user_model().objects.exists()

    exactly_18 = register(client, birthDate=eighteen_today.isoformat())
    assert exactly_18["errors"] == []
    assert Member.objects.count() == 1


def test_a_phone_already_registered_in_another_format_is_taken(client):
    member_create(phone="13800138000")
    users = get_user_model().objects.count()

    payload = register(Client(), phone="+86 138-0013-8000", email="other@example.com")

    assert user_error_codes(payload) == ["PHONE_TAKEN"]
    assert payload["errors"][0]["field"] == "phone"
    assert get_user_model().objects.count() == users


def test_an_email_already_registered_in_other_case_is_taken(client):
    member_create(email="zhang.san@example.com")
    users = get_user_model().objects.count()

    payload = register(client, email="Zhang.San@EXAMPLE.com")

    assert user_error_codes(payload) == ["EMAIL_TAKEN"]
    assert get_user_model().objects.count() == users
    assert data(client, "{ me { id } }")["me"] is None


def test_registration_without_accepting_the_terms_is_refused(client):
    payload = register(client, acceptTerms=False)
    assert user_error_codes(payload) == ["TERMS_REQUIRED"]
    assert not Member.objects.exists()


def test_a_referral_code_attributes_the_new_member(client):
    referrer = member_create()
    register(client, referralCode=referrer.referral_code.lower())
    assert Member.objects.get(user__phone="+8613800138000").referred_by == referrer

    payload = register(Client(), phone="13900139000", email=None, referralCode="NOPE1234")
    assert user_error_codes(payload) == ["REFERRAL_CODE_INVALID"]


# --- login / logout --------------------------------------------------------------------


@pytest.fixture
def member():
    return member_create(phone="13800138000", email="member@example.com")


@pytest.mark.parametrize(
    "credentials",
    [{"phone": "13800138000"}, {"phone": "+86 138 0013 8000"}, {"email": "MEMBER@example.com"}],
)
def test_members_sign_in_by_phone_or_email(client, member, credentials):
    payload = data(client, LOGIN, {"input": {**credentials, "password": PASSWORD}})["login"]

    assert payload["errors"] == []
    assert payload["member"]["phone"] == "+8613800138000"
    assert data(client, "{ me { displayName } }")["me"]["displayName"] == member.name


def test_a_wrong_password_is_refused_and_nobody_is_signed_in(client, member):
    payload = data(client, LOGIN, {"input": {"phone": "13800138000", "password": "wrong"}})["login"]

    assert user_error_codes(payload) == ["INVALID_CREDENTIALS"]
    assert payload["member"] is None
    assert data(client, "{ me { id } }")["me"] is None


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, member, settings):
    wrong = {"input": {"phone": "13800138000", "password": "wrong"}}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert user_error_codes(data(client, LOGIN, wrong)["login"]) == ["INVALID_CREDENTIALS"]
    assert user_error_codes(data(client, LOGIN, wrong)["login"]) == ["LOGIN_LOCKED"]

    right = {"input": {"phone": "138 0013 8000", "password": PASSWORD}}
    assert user_error_codes(data(client, LOGIN, right)["login"]) == ["LOGIN_LOCKED"]
    assert data(client, "{ me { id } }")["me"] is None


def test_signing_in_with_an_sms_code(client, member):
    request = "mutation ($p: String!) { requestSmsCode(input: {phone: $p}) { errors { code } } }"
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert data(client, request, {"p": "138 0013 8000"})["requestSmsCode"]["errors"] == []
    code = sms.outbox[-1].text.split("验证码是 ")[1][:6]
    login = """mutation ($p: String!, $c: String!) {
      loginWithSmsCode(input: {phone: $p, code: $c}) { errors { code } member { displayName } }
    }"""

    wrong = data(client, login, {"p": "13800138000", "c": "000000" if code != "000000" else "1"})
    assert user_error_codes(wrong["loginWithSmsCode"]) == ["SMS_CODE_INVALID"]
    right = data(client, login, {"p": "13800138000", "c": code})["loginWithSmsCode"]
    assert right["errors"] == [] and right["member"]["displayName"] == member.name


def test_logout_ends_the_session(client, member):
    sign_in(client, member)
    assert data(client, "{ me { id } }")["me"] is not None

    assert data(client, LOGOUT)["logout"]["errors"] == []
    assert data(client, "{ me { id } }")["me"] is None


def test_changing_the_password(client, member):
    sign_in(client, member)
    change = """mutation ($old: String!, $new: String!) {
      changePassword(input: {oldPassword: $old, newPassword: $new}) { errors { field code } }
    }"""

    wrong = data(client, change, {"old": "nope", "new": "another-pw-2026!"})["changePassword"]
    assert wrong["errors"] == [{"field": "oldPassword", "code": "PASSWORD_INCORRECT"}]
    weak = data(client, change, {"old": PASSWORD, "new": "123"})["changePassword"]
    assert user_error_codes(weak) == ["PASSWORD_TOO_WEAK"]
    ok = data(client, change, {"old": PASSWORD, "new": "another-pw-2026!"})["changePassword"]
    assert ok["errors"] == []
    assert data(client, "{ me { id } }")["me"] is not None  # this session stays signed in
    member.user.refresh_from_db()
    assert member.user.check_password("another-pw-2026!")


# --- CSRF and me ------------------------------------------------------------------------


def test_a_session_post_needs_the_csrf_token(member):
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")
    token = browser.cookies["csrftoken"].value
    variables = {"input": {"phone": "13800138000", "password": PASSWORD}}

    response, body = gql(browser, LOGIN, variables)
    assert response.status_code == 403
    assert error_codes(body) == ["CSRF_FAILED"]

    response, body = gql(browser, LOGIN, variables, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert body["data"]["login"]["errors"] == []


def test_me_is_null_for_anonymous_visitors(client):
    assert data(client, "{ me { id displayName phone } }") == {"me": None}


def test_member_mutations_need_a_signed_in_member(client):
    payload = data(client, 'mutation { updateProfile(input: {city: "广州"}) { errors { code } } }')
    assert user_error_codes(payload["updateProfile"]) == ["AUTHENTICATION_REQUIRED"]


def test_the_saved_operations_of_the_members_site(client):
    def operation(name: str) -> str:
        path = Path(settings.BASE_DIR) / "graphql" / "operations" / f"{name}.graphql"
        return path.read_text(encoding="utf-8")

    with TestCase.captureOnCommitCallbacks(execute=True):
        texted = data(
            client, operation("RequestSmsCode"), {"phone": "13800138000", "purpose": "VERIFY_PHONE"}
        )
    assert texted["requestSmsCode"]["errors"] == []
    code = sms.outbox[-1].text.split("验证码是 ")[1][:6]
    joined = data(client, operation("Register"), registration(smsCode=code))["register"]
    assert joined["errors"] == []
    me = data(client, operation("Me"))["me"]
    assert me["phone"] == "+8613800138000" and me["preferences"]["interestedProjects"] == []
    assert data(client, operation("Logout"))["logout"]["errors"] == []
    login = {"input": {"email": "zhang.san@example.com", "password": PASSWORD}}
    assert data(client, operation("Login"), login)["login"]["member"]["id"] == me["id"]
    exported = data(client, operation("ExportMyData"))["exportMyData"]
    assert exported["errors"] == [] and exported["data"]


# --- every field error at once; membership not disclosed ---------------------------------

REQUEST_CODE = """mutation ($p: String!, $purpose: SmsPurpose) {
  requestSmsCode(input: {phone: $p, purpose: $purpose}) { errors { field code message } }
}"""


def test_register_answers_every_field_error_at_once_in_chinese(client):
    payload = register(
        client, name="", phone="abc", password="x", birthDate="2099-01-01", acceptTerms=False
    )

    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("name", "NAME_REQUIRED"),
        ("phone", "PHONE_INVALID"),
        ("password", "PASSWORD_TOO_WEAK"),
        ("birthDate", "BIRTH_DATE_INVALID"),
        ("acceptTerms", "TERMS_REQUIRED"),
    }
    assert all(
        any("\u4e00" <= char <= "\u9fff" for char in e["message"]) for e in payload["errors"]
    )
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("purpose", ["LOGIN", "VERIFY_PHONE"])
def test_requesting_codes_answers_the_same_for_members_and_other_numbers(client, purpose):
    member_create(phone="13800138000")
    # the member registered a while ago: their registration code no longer throttles
    SmsCode.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    answers = {}
    for phone in ("13800138000", "13900139000"):
        first = data(client, REQUEST_CODE, {"p": phone, "purpose": purpose})
        second = data(client, REQUEST_CODE, {"p": phone, "purpose": purpose})
        answers[phone] = (first["requestSmsCode"], second["requestSmsCode"])

    assert answers["13800138000"] == answers["13900139000"]
    first, second = answers["13800138000"]
    assert first["errors"] == []
    assert [e["code"] for e in second["errors"]] == ["SMS_TOO_FREQUENT"]


def test_a_sign_in_code_is_texted_after_commit_and_only_to_an_account(
    client, django_capture_on_commit_callbacks
):
    member_create(phone="13800138000")
    for phone in ("13800138000", "13900139000"):
        sent = len(sms.outbox)
        with django_capture_on_commit_callbacks() as callbacks:
            data(client, REQUEST_CODE, {"p": phone, "purpose": "LOGIN"})
        assert len(callbacks) == 1 and len(sms.outbox) == sent  # queued, not yet sent
        callbacks[0]()
    assert [message.phone for message in sms.outbox] == ["+8613800138000"]


def test_registering_needs_the_code_texted_to_the_phone(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        data(client, REQUEST_CODE, {"p": "13800138000", "purpose": "VERIFY_PHONE"})
    code = sms.outbox[-1].text.split("验证码是 ")[1][:6]
    wrong = "000000" if code != "000000" else "111111"

    refused = register(client, smsCode=wrong)
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("smsCode", "SMS_CODE_INVALID")]
    joined = register(client, smsCode=code)
    assert joined["errors"] == [] and joined["member"]["phone"] == "+8613800138000"


def test_wrong_registration_codes_are_counted_though_the_registration_fails(client):
    code = phone_code_create("13800138000")
    for _attempt in range(5):
        assert user_error_codes(register(client, smsCode="999999")) == ["SMS_CODE_INVALID"]
    # the sixth try is refused even with the right code: the count survived the failures
    assert user_error_codes(register(client, smsCode=code)) == ["SMS_CODE_INVALID"]
