"""Hostile text is refused with a coded error, on SQLite and PostgreSQL alike.

PostgreSQL cannot hold NUL in text and the e-mail column holds 254 characters: such input
used to reach the database and end in INTERNAL_ERROR (DataError). CI runs this module on
both databases.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from club.services import member_profile_update
from core.errors import DomainError
from tests.factories import member_create, phone_code_create
from tests.members_api import PASSWORD, data, error_codes, gql, sign_in, user_error_codes

pytestmark = pytest.mark.django_db

NUL = "\x00"
LONG_EMAIL = "a" * 250 + "@example.com"
REGISTER = """mutation ($input: RegisterInput!) {
  register(input: $input) { errors { field code } member { id } }
}"""
LOGIN = """mutation ($input: LoginInput!) {
  login(input: $input) { errors { field code } member { id } }
}"""


def registration(**fields) -> dict:
    values = {
        "name": "张三",
        "phone": "13800138000",
        "smsCode": phone_code_create("13800138000"),
        "password": PASSWORD,
        "birthDate": "1990-05-17",
        "acceptTerms": True,
    }
    values.update(fields)
    return {"input": values}


def refused_for_characters(client, query, variables=None) -> None:
    response, body = gql(client, query, variables)
    assert error_codes(body) == ["INVALID_CHARACTERS"], body
    assert "DataError" not in response.content.decode()


@pytest.mark.parametrize("field", ["name", "email", "referralCode", "password", "city"])
def test_a_nul_in_any_registration_field_is_refused_before_the_database(client, field):
    refused_for_characters(client, REGISTER, registration(**{field: f"ab{NUL}c"}))
    assert not get_user_model().objects.exists()


def test_a_nul_in_a_login_e_mail_is_refused(client):
    member_create(email="li@example.com")
    refused_for_characters(
        client, LOGIN, {"input": {"email": f"li{NUL}@example.com", "password": PASSWORD}}
    )


def test_a_nul_in_a_project_slug_or_a_page_search_is_refused(client, site_tree):
    refused_for_characters(client, "query ($s: String!) { project(slug: $s) { name } }", {"s": NUL})
    refused_for_characters(
        client, "query ($q: String) { pages(searchQuery: $q) { id } }", {"q": NUL}
    )
    refused_for_characters(client, '{ page(slug: "a\\u0000b") { id } }')


def test_a_nul_inside_a_list_argument_is_refused(client):
    sign_in(client, member_create())
    refused_for_characters(
        client,
        "mutation ($s: [String!]) { updatePreferences(input: {interestedProjectSlugs: $s}) "
        "{ errors { code } } }",
        {"s": ["ok", f"b{NUL}"]},
    )


def test_an_e_mail_over_254_characters_is_invalid_at_registration(client):
    payload = data(client, REGISTER, registration(email=LONG_EMAIL))["register"]
    assert payload["errors"] == [{"field": "email", "code": "EMAIL_INVALID"}]
    assert not get_user_model().objects.exists()


def test_an_e_mail_over_254_characters_is_invalid_in_a_profile(client):
    member = member_create()
    sign_in(client, member)
    payload = data(
        client,
        "mutation ($e: String) { updateProfile(input: {email: $e}) { errors { field code } } }",
        {"e": LONG_EMAIL},
    )["updateProfile"]
    assert payload["errors"] == [{"field": "email", "code": "EMAIL_INVALID"}]


def test_an_e_mail_over_254_characters_signs_nobody_in(client):
    payload = data(client, LOGIN, {"input": {"email": LONG_EMAIL, "password": PASSWORD}})
    assert user_error_codes(payload["login"]) == ["INVALID_CREDENTIALS"]


def test_the_services_refuse_control_characters_for_callers_other_than_graphql():
    member = member_create()
    with pytest.raises(DomainError) as exc:
        member_profile_update(member=member, name=f"张{NUL}三", city=f"深{NUL}圳")
    assert [(e.field, e.code) for e in exc.value.errors] == [
        ("name", "INVALID_CHARACTERS"),
        ("city", "INVALID_CHARACTERS"),
    ]
