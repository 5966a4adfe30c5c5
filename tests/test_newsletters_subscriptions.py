"""Subscriptions by topic with double opt-in, consent and opt-in respected, leaving at once."""

from __future__ import annotations

import pytest
from django.core import mail

from club.services import consent_withdraw, member_preferences_update
from core.errors import DomainErrors
from newsletters.audiences import eligible_members
from newsletters.choices import SubscriptionStatus
from newsletters.models import Subscription
from newsletters.services import subscription_confirm, subscription_request
from tests.factories import member_create
from tests.members_api import gql
from tests.newsletter_helpers import confirm_link_in, subscriber_create

pytestmark = pytest.mark.django_db

ALL = {"kind": "ALL", "value": ""}


def test_a_subscription_is_pending_until_the_emailed_link_is_followed():
    member = subscriber_create(confirm=False)
    row = Subscription.objects.get(member=member)
    assert row.status == SubscriptionStatus.PENDING
    assert not eligible_members(audience=ALL).filter(pk=member.pk).exists()

    subscription_confirm(token=confirm_link_in(mail.outbox[-1]))

    row.refresh_from_db()
    assert row.status == SubscriptionStatus.CONFIRMED
    assert eligible_members(audience=ALL).filter(pk=member.pk).exists()


def test_a_tampered_confirmation_token_is_refused():
    member = subscriber_create(confirm=False)
    token = confirm_link_in(mail.outbox[-1])
    with pytest.raises(Exception) as refused:
        subscription_confirm(token=token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    assert refused.value.code == "TOKEN_INVALID"
    assert Subscription.objects.get(member=member).status == SubscriptionStatus.PENDING


def test_subscribing_needs_marketing_consent_and_email_opt_in_reported_together():
    member = member_create(marketing_consent=False, email="noconsent@example.com")
    with pytest.raises(DomainErrors) as refused:
        subscription_request(member=member, topics=["PROJECT_NEWS"])
    codes = {error.code for error in refused.value.errors}
    assert codes == {"MARKETING_CONSENT_REQUIRED", "EMAIL_OPT_IN_REQUIRED"}
    assert not Subscription.objects.exists()


def test_withdrawing_marketing_consent_stops_marketing_mail_at_once():
    member = subscriber_create()
    assert eligible_members(audience=ALL).filter(pk=member.pk).exists()
    consent_withdraw(member=member, kind="MARKETING")
    assert not eligible_members(audience=ALL).filter(pk=member.pk).exists()


def test_turning_off_email_opt_in_stops_marketing_mail():
    member = subscriber_create()
    member_preferences_update(member=member, email_opt_in=False)
    assert not eligible_members(audience=ALL).filter(pk=member.pk).exists()


def test_topic_sends_reach_only_that_topics_subscribers():
    news = subscriber_create(topics=["PROJECT_NEWS"])
    events = subscriber_create(topics=["CLUB_EVENTS"])
    chosen = set(eligible_members(audience=ALL, topic="CLUB_EVENTS").values_list("pk", flat=True))
    assert chosen == {events.pk}
    assert news.pk not in chosen


SUBSCRIBE = """mutation($input: SubscribeToNewsletterInput!) {
  subscribeToNewsletter(input: $input) {
    subscriptions { topic status language } errors { field code message } } }"""
CONFIRM = """mutation($input: ConfirmNewsletterSubscriptionInput!) {
  confirmNewsletterSubscription(input: $input) { subscriptions { topic status } errors { code } } }"""
MINE = "{ myNewsletterSubscriptions { topic status } }"
LEAVE = """mutation { unsubscribeFromNewsletter(input: {}) {
  subscriptions { topic status } errors { code } } }"""


def test_a_member_manages_subscriptions_through_graphql(client, django_capture_on_commit_callbacks):
    member = member_create(email="gql@example.com")
    member_preferences_update(member=member, email_opt_in=True)
    client.force_login(member.user)

    with django_capture_on_commit_callbacks(execute=True):
        _response, body = gql(
            client,
            SUBSCRIBE,
            {"input": {"topics": ["PROJECT_NEWS", "CLUB_EVENTS"], "language": "EN"}},
        )
    payload = body["data"]["subscribeToNewsletter"]
    assert payload["errors"] == []
    assert {s["status"] for s in payload["subscriptions"]} == {"PENDING"}
    assert {s["language"] for s in payload["subscriptions"]} == {"EN"}

    token = confirm_link_in(mail.outbox[-1])
    confirmed = gql(client, CONFIRM, {"input": {"token": token}})[1]["data"]
    assert {s["status"] for s in confirmed["confirmNewsletterSubscription"]["subscriptions"]} == {
        "CONFIRMED"
    }
    assert len(gql(client, MINE)[1]["data"]["myNewsletterSubscriptions"]) == 2

    left = gql(client, LEAVE)[1]["data"]["unsubscribeFromNewsletter"]
    assert {s["status"] for s in left["subscriptions"]} == {"UNSUBSCRIBED"}


def test_subscribing_without_consent_through_graphql_returns_coded_errors(client):
    member = member_create(marketing_consent=False, email="x@example.com")
    client.force_login(member.user)
    _response, body = gql(client, SUBSCRIBE, {"input": {"topics": ["PROJECT_NEWS"]}})
    errors = body["data"]["subscribeToNewsletter"]["errors"]
    assert {e["code"] for e in errors} == {"MARKETING_CONSENT_REQUIRED", "EMAIL_OPT_IN_REQUIRED"}
