"""Signing in: phone or e-mail with password, throttled failures, SMS codes, sessions ending."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import Client, RequestFactory

from club import sms
from club.services import (
    member_account_delete,
    member_login,
    member_login_with_sms_code,
    member_password_change,
    sms_code_send,
)
from core.errors import DomainError
from tests.factories import member_create

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-2026"


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def new_request(ip: str = "10.0.0.1"):
    request = RequestFactory().post("/graphql/", REMOTE_ADDR=ip)
    SessionMiddleware(lambda r: None).process_request(request)
    return request


def login(identifier: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return member_login(request=new_request(ip), identifier=identifier, password=password)


def login_error(identifier: str, password: str, ip: str = "10.0.0.1") -> str:
    with pytest.raises(DomainError) as exc:
        login(identifier, password, ip)
    return exc.value.code


@pytest.fixture
def member():
    return member_create(phone="13800138000", email="member@example.com")


@pytest.mark.parametrize(
    "identifier", ["13800138000", "+86 138 0013 8000", "member@example.com", "MEMBER@example.com"]
)
def test_members_sign_in_with_phone_or_email_in_any_usual_format(member, identifier):
    assert login(identifier) == member.user


def test_a_wrong_password_is_invalid_credentials_and_so_is_an_unknown_account(member):
    assert login_error("13800138000", "wrong-password") == "INVALID_CREDENTIALS"
    assert login_error("13900000000", "wrong-password") == "INVALID_CREDENTIALS"


def test_missing_credentials_are_reported():
    with pytest.raises(DomainError) as exc:
        member_login(request=new_request(), identifier="", password="")
    assert exc.value.code == "CREDENTIALS_REQUIRED"


def test_five_failures_lock_the_account_from_that_ip_even_for_the_right_password(member):
    for _attempt in range(4):
        assert login_error("13800138000", "wrong") == "INVALID_CREDENTIALS"
    # the fifth failure, typed in another format, counts against the same identifier
    assert login_error("+86 138 0013 8000", "wrong") == "LOGIN_LOCKED"
    assert login_error("13800138000", PASSWORD) == "LOGIN_LOCKED"
    # another IP is not locked out (lockout is by username and IP together)
    assert login("13800138000", ip="10.0.0.2") == member.user


def test_four_failures_do_not_lock(member):
    for _attempt in range(4):
        login_error("13800138000", "wrong")
    assert login("13800138000") == member.user


def test_an_sms_code_signs_the_member_in_once(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms_code_send(phone="138 0013 8000")
    assert len(sms.outbox) == 1 and sms.outbox[0].phone == "+8613800138000"
    code = re.search(r"\d{6}", sms.outbox[0].text).group()
    request = new_request()
    assert (
        member_login_with_sms_code(request=request, phone="13800138000", code=code) == member.user
    )
    assert request.session[SESSION_KEY] == str(member.user.pk)
    with pytest.raises(DomainError) as exc:
        member_login_with_sms_code(request=new_request(), phone="13800138000", code=code)
    assert exc.value.code == "SMS_CODE_INVALID"


def test_a_wrong_sms_code_is_refused_and_codes_are_not_resent_within_a_minute(member):
    sms_code_send(phone="13800138000")
    with pytest.raises(DomainError) as exc:
        member_login_with_sms_code(request=new_request(), phone="13800138000", code="000000x")
    assert exc.value.code == "SMS_CODE_INVALID"
    with pytest.raises(DomainError) as exc:
        sms_code_send(phone="13800138000")
    assert exc.value.code == "SMS_TOO_FREQUENT"


def test_no_sms_is_sent_to_a_number_without_an_account_but_the_caller_cannot_tell(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sms_code_send(phone="13700137000")
    assert len(callbacks) == 1  # the same work is queued as for a member's number
    assert sms.outbox == []
    with pytest.raises(DomainError) as exc:
        sms_code_send(phone="13700137000")
    assert exc.value.code == "SMS_TOO_FREQUENT"


def test_console_is_the_default_sms_backend(settings, capsys):
    del settings.SMS_BACKEND
    sms.send_sms(phone="+8613800138000", text="你好")
    assert "[SMS to +8613800138000] 你好" in capsys.readouterr().out


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    return client


def session_is_signed_in(client: Client) -> bool:
    from django.contrib.auth import get_user

    request = RequestFactory().get("/")
    request.session = client.session
    return get_user(request).is_authenticated


def test_changing_the_password_ends_every_other_session(member):
    other_device = signed_in_client(member.user)
    assert session_is_signed_in(other_device)
    member_password_change(
        user=member.user, old_password=PASSWORD, new_password="Another-strong-pw-99"
    )
    assert not session_is_signed_in(other_device)
    assert login("13800138000", "Another-strong-pw-99") == member.user


def test_password_change_checks_the_old_password_and_the_validators(member):
    with pytest.raises(DomainError) as exc:
        member_password_change(user=member.user, old_password="nope", new_password="x")
    assert exc.value.code == "PASSWORD_INCORRECT"
    with pytest.raises(DomainError) as exc:
        member_password_change(user=member.user, old_password=PASSWORD, new_password="123")
    assert exc.value.code == "PASSWORD_TOO_WEAK"


def test_password_reset_by_email_sets_a_new_password_and_ends_sessions(member, client):
    other_device = signed_in_client(member.user)
    response = client.post("/account/password-reset/", {"email": "MEMBER@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/password-reset/\S+/", mail.outbox[0].body).group()
    path = "/account/" + link.split("/account/", 1)[1]
    response = client.get(path)  # Django swaps the token for a session-bound URL
    assert response.status_code == 302
    response = client.post(
        response.url, {"new_password1": "Brand-new-pw-2026", "new_password2": "Brand-new-pw-2026"}
    )
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.check_password("Brand-new-pw-2026")
    assert not session_is_signed_in(other_device)


def test_deleting_the_account_ends_every_session_and_login_fails(member):
    other_device = signed_in_client(member.user)
    request = new_request()
    member_login(request=request, identifier="13800138000", password=PASSWORD)
    member_account_delete(member=member, request=request)
    assert SESSION_KEY not in request.session
    assert not session_is_signed_in(other_device)
    assert login_error("13800138000", PASSWORD) == "INVALID_CREDENTIALS"


def test_home_page_sets_the_csrf_cookie(client):
    response = client.get("/")
    assert "csrftoken" in response.cookies
