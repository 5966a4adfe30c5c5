"""The member's own record over HTTP: profile, preferences, consents, data rights, intents."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from club.models import Consent, Member, PurchaseIntent
from tests.factories import member_create, project_create
from tests.members_api import ME, PASSWORD, data, sign_in, user_error_codes

pytestmark = pytest.mark.django_db

UPDATE_PROFILE = """
mutation ($input: ProfileInput!) {
  updateProfile(input: $input) {
    errors { field code }
    member { name city segment gender birthDate childrenAges elderlyAtHome incomeBand email }
  }
}
"""
UPDATE_PREFERENCES = """
mutation ($input: PreferencesInput!) {
  updatePreferences(input: $input) {
    errors { field code }
    preferences {
      interestedProjects { slug name priceRange { minPerSqm } presaleLicence { number } }
      rooms areaMin areaMax budgetMax purchaseTimeframe emailOptIn smsOptIn newsletterTopics
    }
  }
}
"""


@pytest.fixture
def member(client):
    member = member_create(phone="13800138000", email="member@example.com", city="深圳")
    sign_in(client, member)
    return member


# --- profile --------------------------------------------------------------------------


def test_updating_the_profile_changes_only_what_was_sent(client, member):
    payload = data(
        client,
        UPDATE_PROFILE,
        {"input": {"city": "广州", "childrenAges": [8], "incomeBand": "MIDDLE"}},
    )["updateProfile"]

    assert payload["errors"] == []
    updated = payload["member"]
    assert updated["city"] == "广州"
    assert updated["name"] == member.name  # not sent, unchanged
    assert updated["segment"] == "CHILD_FOCUSED"
    assert updated["childrenAges"] == [8] and updated["incomeBand"] == "MIDDLE"


def test_profile_validation_errors_name_the_field_and_change_nothing(client, member):
    too_young = data(
        client, UPDATE_PROFILE, {"input": {"city": "广州", "birthDate": "2020-01-01"}}
    )["updateProfile"]
    assert too_young["errors"] == [{"field": "birthDate", "code": "UNDER_AGE"}]
    assert too_young["member"] is None

    blank_name = data(client, UPDATE_PROFILE, {"input": {"name": "  "}})["updateProfile"]
    assert blank_name["errors"] == [{"field": "name", "code": "NAME_REQUIRED"}]

    member.refresh_from_db()
    assert member.city == "深圳"


def test_a_new_email_becomes_the_members_once_the_link_mailed_to_it_is_followed(
    client, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        changed = data(client, UPDATE_PROFILE, {"input": {"email": "new@example.com"}})
    assert changed["updateProfile"]["errors"] == []
    assert changed["updateProfile"]["member"]["email"] == "member@example.com"  # not yet
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    link = re.search(r"https?://\S+/account/verify-email/\S+/", mail.outbox[0].body).group()

    assert client.get(link[link.index("/account/") :]).status_code == 200
    me = data(client, "{ me { email emailVerified } }")["me"]
    assert me == {"email": "new@example.com", "emailVerified": True}


def test_changing_to_an_address_of_another_account_answers_the_same_and_changes_nothing(
    client, member, django_capture_on_commit_callbacks
):
    member_create(email="taken@example.com")
    answers = {}
    for address in ("taken@example.com", "free@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            answers[address] = data(client, UPDATE_PROFILE, {"input": {"email": address}})
    assert answers["taken@example.com"] == answers["free@example.com"]
    assert answers["taken@example.com"]["updateProfile"]["errors"] == []
    member.user.refresh_from_db()
    assert member.user.email == "member@example.com"
    # the taken address's owner is told, with no link that could move their address
    notice = next(message for message in mail.outbox if message.to == ["taken@example.com"])
    assert "verify-email" not in notice.body


def test_a_null_email_removes_the_address_at_once(client, member):
    payload = data(client, UPDATE_PROFILE, {"input": {"email": None}})["updateProfile"]
    assert payload["errors"] == [] and payload["member"]["email"] is None


# --- preferences ----------------------------------------------------------------------


def test_updating_preferences_with_projects_and_the_licence_rule(client, member, site_tree):
    licensed = project_create(site_tree, slug="licensed")
    preview = project_create(site_tree, slug="preview", licensed=False)

    payload = data(
        client,
        UPDATE_PREFERENCES,
        {
            "input": {
                "interestedProjectSlugs": ["licensed", "preview"],
                "rooms": [3, 2],
                "budgetMax": 300_000_000,
                "purchaseTimeframe": "WITHIN_6_MONTHS",
                "smsOptIn": True,
                "newsletterTopics": ["PROJECT_NEWS"],
            }
        },
    )["updatePreferences"]

    assert payload["errors"] == []
    prefs = payload["preferences"]
    projects = {p["slug"]: p for p in prefs["interestedProjects"]}
    assert projects["licensed"]["priceRange"] == {"minPerSqm": licensed.price_min_per_sqm}
    # a member sees the pre-licence project as a preview, never with prices
    assert projects["preview"]["priceRange"] is None
    assert projects["preview"]["presaleLicence"] is None
    assert preview.price_min_per_sqm is not None
    assert prefs["rooms"] == [2, 3] and prefs["purchaseTimeframe"] == "WITHIN_6_MONTHS"
    assert prefs["smsOptIn"] is True and prefs["emailOptIn"] is False
    assert data(client, ME)["me"]["preferences"]["interestedProjects"][0]["slug"] == "licensed"


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        (
            {"interestedProjectSlugs": ["no-such-project"]},
            "interestedProjectSlugs",
            "PROJECT_NOT_FOUND",
        ),
        ({"rooms": [0]}, "rooms", "ROOMS_INVALID"),
        ({"areaMin": 120, "areaMax": 80}, "areaMax", "AREA_INVALID"),
        ({"budgetMax": -1}, "budgetMax", "BUDGET_INVALID"),
    ],
)
def test_invalid_preferences_are_refused(client, member, site_tree, values, field, code):
    payload = data(client, UPDATE_PREFERENCES, {"input": values})["updatePreferences"]
    assert payload["errors"] == [{"field": field, "code": code}]
    assert payload["preferences"] is None


# --- consents ---------------------------------------------------------------------------


def test_withdrawing_and_granting_the_marketing_consent(client, member):
    withdraw = """mutation { withdrawConsent(input: {kind: MARKETING}) {
        errors { code } consent { kind active withdrawnAt } } }"""
    grant = """mutation { grantConsent(input: {kind: MARKETING}) {
        errors { code } consent { kind version active } } }"""

    withdrawn = data(client, withdraw)["withdrawConsent"]
    assert withdrawn["consent"]["kind"] == "MARKETING" and withdrawn["consent"]["active"] is False
    assert Member.objects.get(pk=member.pk).has_marketing_consent is False
    assert data(client, withdraw)["withdrawConsent"]["consent"] is None  # nothing active

    granted = data(client, grant)["grantConsent"]
    assert granted["errors"] == [] and granted["consent"]["active"] is True
    assert Member.objects.get(pk=member.pk).has_marketing_consent is True
    history = data(client, "{ me { consents { kind active } } }")["me"]["consents"]
    assert [c for c in history if c["kind"] == "MARKETING"] == [
        {"kind": "MARKETING", "active": True},
        {"kind": "MARKETING", "active": False},
    ]


# --- data rights -------------------------------------------------------------------------


def test_export_my_data_contains_profile_consents_and_preferences(client, member):
    payload = data(client, "mutation { exportMyData { errors { code } data } }")["exportMyData"]

    exported = json.loads(payload["data"])
    assert exported["profile"]["name"] == member.name
    assert exported["contact"]["phone"] == "+8613800138000"
    assert {c["kind"] for c in exported["consents"]} == {"TERMS_PRIVACY", "MARKETING"}
    assert "interested_projects" in exported["preferences"]


DELETE = """mutation ($password: String!) {
  deleteMyAccount(input: {password: $password}) { errors { field code } deleted }
}"""


def test_deleting_the_account_needs_the_password(client, member):
    payload = data(client, DELETE, {"password": "wrong"})["deleteMyAccount"]

    assert payload == {
        "errors": [{"field": "password", "code": "PASSWORD_INCORRECT"}],
        "deleted": False,
    }
    assert Member.objects.get(pk=member.pk).deleted_at is None
    assert data(client, "{ me { id } }")["me"] is not None


def test_deleting_the_account_anonymises_it_and_ends_the_session(client, member):
    payload = data(client, DELETE, {"password": PASSWORD})["deleteMyAccount"]

    assert payload == {"errors": [], "deleted": True}
    assert data(client, "{ me { id } }")["me"] is None
    member.refresh_from_db()
    assert member.deleted_at is not None and member.name.startswith("已注销会员")
    user = get_user_model().objects.get(pk=member.user_id)
    assert user.phone is None and user.email is None and not user.is_active
    assert not Consent.objects.filter(member=member, withdrawn_at__isnull=True).exists()


# --- purchase intents ------------------------------------------------------------------------

INTENT = """mutation ($input: PurchaseIntentInput!) {
  registerPurchaseIntent(input: $input) {
    errors { field code }
    intent { project { slug } rooms budgetMax purchaseTimeframe note }
  }
}"""


def test_registering_a_purchase_intent(client, member, site_tree):
    project_create(site_tree, slug="preview", licensed=False)
    values = {"projectSlug": "preview", "rooms": [3], "purchaseTimeframe": "NOW", "note": "三房"}

    payload = data(client, INTENT, {"input": values})["registerPurchaseIntent"]

    assert payload["errors"] == []
    assert payload["intent"] == {
        "project": {"slug": "preview"},
        "rooms": [3],
        "budgetMax": None,
        "purchaseTimeframe": "NOW",
        "note": "三房",
    }
    mine = data(client, "{ me { purchaseIntents { project { slug } } } }")["me"]
    assert mine["purchaseIntents"] == [{"project": {"slug": "preview"}}]


def test_a_purchase_intent_for_an_unknown_project_is_refused(client, member, site_tree):
    payload = data(client, INTENT, {"input": {"projectSlug": "nowhere"}})["registerPurchaseIntent"]

    assert payload["errors"] == [{"field": "projectSlug", "code": "PROJECT_NOT_FOUND"}]
    assert payload["intent"] is None
    assert not PurchaseIntent.objects.exists()


# --- every field error at once ---------------------------------------------------------


def test_a_profile_update_answers_every_field_error_at_once(client, member):
    member_create(email="taken@example.com")
    payload = data(
        client,
        UPDATE_PROFILE,
        {
            "input": {
                "name": " ",
                "birthDate": "2099-01-01",
                "childrenAges": [-1],
                "city": "深" * 51,
                "email": "not-an-address",
            }
        },
    )["updateProfile"]
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("name", "NAME_REQUIRED"),
        ("birthDate", "BIRTH_DATE_INVALID"),
        ("childrenAges", "CHILD_AGE_INVALID"),
        ("city", "TOO_LONG"),
        ("email", "EMAIL_INVALID"),
    }
    # a taken address is checked only once every field is valid
    only_taken = data(client, UPDATE_PROFILE, {"input": {"name": "", "email": "taken@example.com"}})
    assert user_error_codes(only_taken["updateProfile"]) == ["NAME_REQUIRED"]


def test_a_preferences_update_answers_every_field_error_at_once(client, member, site_tree):
    payload = data(
        client,
        UPDATE_PREFERENCES,
        {
            "input": {
                "rooms": [0],
                "areaMin": 200,
                "areaMax": 100,
                "budgetMax": -5,
                "interestedProjectSlugs": ["nowhere"],
            }
        },
    )["updatePreferences"]
    # the projects are looked up only once the other fields are valid
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("rooms", "ROOMS_INVALID"),
        ("areaMax", "AREA_INVALID"),
        ("budgetMax", "BUDGET_INVALID"),
    }


def test_a_purchase_intent_answers_every_field_error_at_once(client, member, site_tree):
    payload = data(
        client,
        INTENT,
        {"input": {"projectSlug": "nowhere", "rooms": [99], "budgetMax": 0, "note": "x" * 1001}},
    )["registerPurchaseIntent"]
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("rooms", "ROOMS_INVALID"),
        ("budgetMax", "BUDGET_INVALID"),
        ("note", "TOO_LONG"),
    }
    assert not PurchaseIntent.objects.exists()
