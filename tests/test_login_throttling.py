"""Sign-in throttling counts the account, not the spelling, and answers every failure alike."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from club.services import member_login, member_password_change, member_password_confirm
from core.errors import DomainError
from tests.factories import UserFactory, member_create
from tests.members_api import data, sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-2026"


def login_code(identifier: str, password: str, ip: str = "10.0.0.1") -> str | None:
    request = RequestFactory().post("/graphql/", REMOTE_ADDR=ip)
    SessionMiddleware(lambda r: None).process_request(request)
    try:
        member_login(request=request, identifier=identifier, password=password)
    except DomainError as exc:
        return exc.code
    return None


@pytest.fixture
def member():
    return member_create(phone="13900000001", email="member@example.com")


@pytest.mark.parametrize(
    "spelling", ["139 0000 0001", "139-0000-0001", "+86 139 0000 0001", "MEMBER@Example.com"]
)
def test_a_locked_account_stays_locked_however_the_identifier_is_typed(member, spelling, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        assert login_code("13900000001", "wrong") in ("INVALID_CREDENTIALS", "LOGIN_LOCKED")
    assert login_code(spelling, PASSWORD) == "LOGIN_LOCKED"


def test_failures_in_different_spellings_add_up_to_one_lock(member, settings):
    spellings = ["13900000001", "139 0000 0001", "+86 139-0000-0001", "member@example.com"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_code(spellings[attempt % len(spellings)], "wrong")
    assert login_code("13900000001", PASSWORD) == "LOGIN_LOCKED"


def test_an_account_is_locked_across_addresses_at_its_own_limit(member, settings):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 6
    # one failure from each of five addresses: no address reaches its own limit of 5
    for n in range(5):
        login_code("13900000001", "wrong", ip=f"10.0.1.{n}")
    assert login_code("13900000001", PASSWORD, ip="10.0.2.1") is None
    # the sixth failure, from yet another address, reaches the account's limit
    login_code("13900000001", "wrong", ip="10.0.1.99")
    assert login_code("13900000001", PASSWORD, ip="10.0.2.2") == "LOGIN_LOCKED"


def test_one_address_alone_locks_only_itself_below_the_account_limit(member, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_code("13900000001", "wrong", ip="10.0.3.1")
    assert login_code("13900000001", PASSWORD, ip="10.0.3.1") == "LOGIN_LOCKED"
    assert login_code("13900000001", PASSWORD, ip="10.0.3.2") is None


# --- the admin login --------------------------------------------------------------------


def admin_login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def editor():
    user = UserFactory(username="editor", email="editor@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_the_admin_login_lock_ignores_the_case_of_an_email(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "editor@example.com", "wrong")
    response = admin_login(client, "EDitor@example.com", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_failures_typed_any_way_at_the_admin_lock_the_members_sign_in(client, member, settings):
    spellings = ["139 0000 0001", "139-0000-0001", "+86 139 0000 0001"]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, spellings[attempt % len(spellings)], "wrong")
    assert login_code("13900000001", PASSWORD) == "LOGIN_LOCKED"


def test_the_admin_login_tells_a_member_nothing_about_their_password(client, member):
    right = admin_login(client, "13900000001", PASSWORD)
    assert SESSION_KEY not in client.session  # no session starts for a non-staff account
    wrong = admin_login(client, "13900000001", "wrong")
    assert right.status_code == wrong.status_code == 200
    assert right.context["form"].errors == wrong.context["form"].errors
    assert right.context["form"].non_field_errors()


def test_a_member_with_the_right_password_still_counts_towards_the_admin_lock(
    client, member, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "13900000001", PASSWORD)
    assert admin_login(client, "13900000001", PASSWORD).status_code == 429


def test_staff_still_sign_in_to_the_admin(client, editor):
    response = admin_login(client, "EDitor@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


# --- re-authentication -------------------------------------------------------------------


def test_re_authentication_locks_after_the_failure_limit_even_for_the_right_password(
    member, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        with pytest.raises(DomainError) as exc:
            member_password_confirm(user=member.user, password="wrong")
        assert exc.value.code == "PASSWORD_INCORRECT"
    with pytest.raises(DomainError) as exc:
        member_password_change(
            user=member.user, old_password=PASSWORD, new_password="a-new-pw-for-2026"
        )
    assert (exc.value.field, exc.value.code) == ("old_password", "PASSWORD_ATTEMPTS_EXCEEDED")
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_re_authentication_below_the_limit_succeeds_and_starts_the_count_again(member, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        with pytest.raises(DomainError):
            member_password_confirm(user=member.user, password="wrong")
    member_password_confirm(user=member.user, password=PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        with pytest.raises(DomainError):
            member_password_confirm(user=member.user, password="wrong")
    member_password_confirm(user=member.user, password=PASSWORD)


def test_axes_counts_the_account_not_the_spelling():
    call_command("check")  # the callable and handler named in settings import cleanly
    from core.auth import axes_username

    user = UserFactory(username="staffer", email="staffer@example.com")
    assert axes_username(None, {"username": "STAFFER@example.com"}) == user.get_username()
    assert axes_username(None, {"username": "nobody@Example.com"}) == "nobody@example.com"
    assert axes_username(None, {"username": "139 0000 0009"}) == "+8613900000009"


# --- the same through the API (the mutations roll back; the count must not) ---------------

CHANGE = """mutation ($old: String!, $new: String!) {
  changePassword(input: {oldPassword: $old, newPassword: $new}) { errors { field code } }
}"""
DELETE = """mutation ($password: String!) {
  deleteMyAccount(input: {password: $password}) { errors { field code } deleted }
}"""


def test_twelve_wrong_passwords_then_the_right_one_deletes_nothing(client, member):
    sign_in(client, member)
    for _attempt in range(12):
        data(client, DELETE, {"password": "wrong"})
    payload = data(client, DELETE, {"password": PASSWORD})["deleteMyAccount"]
    assert payload == {
        "errors": [{"field": "password", "code": "PASSWORD_ATTEMPTS_EXCEEDED"}],
        "deleted": False,
    }


def test_twelve_wrong_old_passwords_then_the_right_one_changes_nothing(client, member):
    sign_in(client, member)
    for _attempt in range(12):
        data(client, CHANGE, {"old": "wrong", "new": "another-pw-2026!"})
    payload = data(client, CHANGE, {"old": PASSWORD, "new": "another-pw-2026!"})
    assert payload["changePassword"]["errors"] == [
        {"field": "oldPassword", "code": "PASSWORD_ATTEMPTS_EXCEEDED"}
    ]
