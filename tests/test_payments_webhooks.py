"""The Stripe webhook endpoint: signature against the raw body, exactly-once processing
whatever the number, order or simultaneity of deliveries, state re-fetched when in doubt."""

from __future__ import annotations

import random
import time

import pytest

from club import sms
from events.choices import RegistrationStatus
from payments.choices import DepositStatus, PaymentStatus
from payments.models import Deposit, DepositCounter, Payment, WebhookEvent
from payments.services import deposit_start, ticket_register
from tests.factories import event_create, member_create, project_create
from tests.stripe_support import WEBHOOK_URL, deliver, intent_event, pay, signed

pytestmark = pytest.mark.django_db


def _paid_deposit(stripe_test, site_tree) -> Deposit:
    project = project_create(site_tree, sales_status="PRE_SALE", deposit_amount=2_000_000)
    deposit = deposit_start(member=member_create(), project=project)
    assert pay(stripe_test, deposit.payment.intent_id) == "succeeded"
    return deposit


def _confirmations() -> list[str]:
    return [m.text for m in sms.outbox if "诚意金" in m.text]


def test_a_webhook_replayed_five_times_in_shuffled_order_confirms_exactly_once(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    deposit = _paid_deposit(stripe_test, site_tree)
    intent_id = deposit.payment.intent_id
    succeeded = intent_event(stripe_test, intent_id, "payment_intent.succeeded")
    # Stripe also sends the same success under other event ids, and other event types
    resent = intent_event(stripe_test, intent_id, "payment_intent.succeeded")
    created = intent_event(stripe_test, intent_id, "payment_intent.created")
    deliveries = [succeeded] * 5 + [resent] * 5 + [created] * 5
    random.Random(13).shuffle(deliveries)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [deliver(client, event) for event in deliveries]

    assert {r.status_code for r in responses} == {200}
    outcomes = [r.json()["outcome"] for r in responses]
    assert outcomes.count("numbered") == 1
    assert outcomes.count("duplicate") == 12  # each event id applied once
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PAID and deposit.priority_number == 1
    assert DepositCounter.objects.get(project=deposit.project).last_number == 1
    assert WebhookEvent.objects.count() == 3
    assert len(_confirmations()) == 1


def test_a_stale_failure_arriving_after_the_success_changes_nothing(stripe_test, site_tree, client):
    """Out of order: the failure snapshot is older than the success; Stripe is asked."""
    event = event_create(site_tree, price=5_000)
    registration, payment = ticket_register(member=member_create(), event=event)
    stale_failure = intent_event(stripe_test, payment.intent_id, "payment_intent.payment_failed")
    stale_failure["data"]["object"]["last_payment_error"] = {"code": "card_declined"}
    stale_failure["data"]["object"]["status"] = "requires_payment_method"
    pay(stripe_test, payment.intent_id)
    success = intent_event(stripe_test, payment.intent_id, "payment_intent.succeeded")

    outcomes = [deliver(client, e).json()["outcome"] for e in (success, stale_failure)]

    assert outcomes == ["confirmed", "unchanged"]
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert payment.status == PaymentStatus.SUCCEEDED


def test_a_failure_reported_before_a_success_that_already_happened_confirms(
    stripe_test, site_tree, client
):
    """The failure arrives first but Stripe now says succeeded: the seat is confirmed."""
    event = event_create(site_tree, price=5_000)
    registration, payment = ticket_register(member=member_create(), event=event)
    failure = intent_event(stripe_test, payment.intent_id, "payment_intent.payment_failed")
    pay(stripe_test, payment.intent_id)

    assert deliver(client, failure).json()["outcome"] == "confirmed"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body, header: (body, header.replace("v1=", "v1=0")), id="forged"),
        pytest.param(
            lambda body, header: (body.replace("succeeded", "succeeded "), header),
            id="body-changed",
        ),
        pytest.param(lambda body, header: (body, ""), id="unsigned"),
    ],
)
def test_a_bad_signature_is_refused_with_nothing_changed(stripe_test, site_tree, client, tamper):
    deposit = _paid_deposit(stripe_test, site_tree)
    body, header = signed(
        intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")
    )
    body, header = tamper(body, header)

    response = client.post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert "stripe" not in response.content.decode().lower()
    assert not WebhookEvent.objects.exists()
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PENDING_PAYMENT and deposit.priority_number is None


def test_a_signature_by_another_secret_is_refused(stripe_test, site_tree, client):
    deposit = _paid_deposit(stripe_test, site_tree)
    event = intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")

    response = deliver(client, event, secret="whsec_someone_else")

    assert response.status_code == 400 and not WebhookEvent.objects.exists()


def test_a_stale_signature_is_refused_with_nothing_changed(stripe_test, site_tree, client):
    """A genuine delivery captured and replayed later than the tolerance (300 s)."""
    deposit = _paid_deposit(stripe_test, site_tree)
    event = intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")

    response = deliver(client, event, timestamp=int(time.time()) - 301)

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PENDING_PAYMENT


def test_the_endpoint_answers_only_post(client):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_an_event_for_an_intent_not_ours_is_stored_and_ignored(stripe_test, client):
    intent = stripe_test.v1.payment_intents.create(params={"amount": 100, "currency": "cny"})
    event = intent_event(stripe_test, intent.id, "payment_intent.canceled")

    response = deliver(client, event)

    assert response.status_code == 200 and response.json()["outcome"] == "unknown"
    assert WebhookEvent.objects.get().event_id == event["id"]
    assert not Payment.objects.exists()
