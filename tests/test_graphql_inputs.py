"""Partial updates: a field the client leaves out is not a field set to null."""

from __future__ import annotations

import pytest
from graphql import GraphQLInputObjectType, Undefined

from portal.graphql.schema import schema
from tests.factories import member_create
from tests.members_api import data, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    member = member_create(phone="13800138000", city="广州")
    sign_in(client, member)
    return member


def test_updating_the_city_keeps_gender_education_income_band_and_segment(client, member):
    data(
        client,
        "mutation { updateProfile(input: {gender: FEMALE, education: MASTER_OR_ABOVE, incomeBand: HIGH, "
        "childrenAges: [], elderlyAtHome: false}) { errors { code } } }",
    )
    member.refresh_from_db()
    segment = member.segment

    payload = data(
        client,
        'mutation { updateProfile(input: {city: "深圳"}) { errors { code } '
        "member { city gender education incomeBand segment } } }",
    )["updateProfile"]

    assert payload["errors"] == []
    assert payload["member"] == {
        "city": "深圳",
        "gender": "FEMALE",
        "education": "MASTER_OR_ABOVE",
        "incomeBand": "HIGH",
        "segment": segment,
    }


def test_an_explicit_null_clears_an_optional_profile_field(client, member):
    data(client, "mutation { updateProfile(input: {gender: MALE}) { errors { code } } }")
    payload = data(
        client,
        "mutation { updateProfile(input: {gender: null}) { errors { code } member { gender } } }",
    )["updateProfile"]
    assert payload == {"errors": [], "member": {"gender": None}}


def test_switching_sms_on_keeps_the_purchase_timeframe(client, member):
    data(
        client,
        "mutation { updatePreferences(input: {purchaseTimeframe: WITHIN_3_MONTHS}) "
        "{ errors { code } } }",
    )
    payload = data(
        client,
        "mutation { updatePreferences(input: {smsOptIn: true}) { errors { code } "
        "preferences { smsOptIn purchaseTimeframe } } }",
    )["updatePreferences"]
    assert payload == {
        "errors": [],
        "preferences": {"smsOptIn": True, "purchaseTimeframe": "WITHIN_3_MONTHS"},
    }
    member.refresh_from_db()
    assert member.purchase_timeframe == "WITHIN_3_MONTHS"


def test_no_input_field_of_the_schema_defaults_to_null():
    # graphene gives `graphene.Field(...)` inside an input object a default of null, which
    # turns "not sent" into "clear it"; every input field must be declared as an input field.
    defaulting_to_null = [
        f"{name}.{field_name}"
        for name, type_ in schema.graphql_schema.type_map.items()
        if isinstance(type_, GraphQLInputObjectType)
        for field_name, field in type_.fields.items()
        if field.default_value is not Undefined and field.default_value is None
    ]
    assert defaulting_to_null == []
