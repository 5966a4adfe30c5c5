"""Paid events against a real localstripe server: the seat held while the member pays,
confirmed by the `payment_intent.succeeded` webhook, released on a decline or when the
hold expires (to the waiting list), refunded on cancellation before the deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from club import sms
from core.errors import DomainError
from events.choices import RegistrationStatus
from events.models import Registration
from events.selectors import event_seats_left
from payments.choices import PaymentStatus
from payments.models import Payment
from payments.services import payments_reconcile, ticket_cancel, ticket_register
from tests.factories import event_create, member_create
from tests.stripe_support import CARD_DECLINED, deliver, intent_event, pay

pytestmark = pytest.mark.django_db

REGISTER = """
mutation ($input: EventRegistrationInput!) {
  registerForEvent(input: $input) {
    clientSecret
    registration { id status ticketCode payment { amount currency status clientSecret expiresAt }
                   event { seatsLeft } }
    errors { field code message }
  }
}"""


def _paid_event(site_tree, **fields):
    return event_create(site_tree, price=8_800, max_party_size=2, **fields)  # ¥88.00 a person


def test_a_paid_event_holds_the_seat_and_answers_with_the_client_secret(
    stripe_test, site_tree, client
):
    _paid_event(site_tree, slug="wine", capacity=10)
    member = member_create()
    client.force_login(member.user)

    body = client.post(
        "/graphql/",
        {"query": REGISTER, "variables": {"input": {"eventSlug": "wine", "partySize": 2}}},
        content_type="application/json",
    ).json()["data"]["registerForEvent"]

    assert body["errors"] == []
    registration = body["registration"]
    assert registration["status"] == "PENDING_PAYMENT" and registration["ticketCode"] is None
    assert registration["event"]["seatsLeft"] == 8  # the held seats count
    payment = registration["payment"]
    assert payment["amount"] == 17_600 and payment["currency"] == "CNY"
    assert body["clientSecret"] == payment["clientSecret"] and body["clientSecret"]
    intent = stripe_test.v1.payment_intents.retrieve(Payment.objects.get().intent_id)
    assert (intent.amount, intent.currency) == (17_600, "cny")
    assert body["clientSecret"] == intent.client_secret


def test_a_successful_payment_confirms_the_seat_through_the_webhook(stripe_test, site_tree, client):
    event = _paid_event(site_tree)
    registration, payment = ticket_register(member=member_create(), event=event)

    assert pay(stripe_test, payment.intent_id) == "succeeded"
    response = deliver(
        client, intent_event(stripe_test, payment.intent_id, "payment_intent.succeeded")
    )

    assert response.status_code == 200 and response.json()["outcome"] == "confirmed"
    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert payment.status == PaymentStatus.SUCCEEDED and payment.succeeded_at is not None


def test_a_declined_card_releases_the_seat_to_the_waiting_list(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    event = _paid_event(site_tree, capacity=1)
    first, payment = ticket_register(member=member_create(), event=event)
    waiting, no_payment = ticket_register(member=member_create(), event=event)
    assert waiting.status == RegistrationStatus.WAITLISTED and no_payment is None

    assert pay(stripe_test, payment.intent_id, card=CARD_DECLINED) == "requires_payment_method"
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(
            client, intent_event(stripe_test, payment.intent_id, "payment_intent.payment_failed")
        )

    assert response.json()["outcome"] == "released"
    first.refresh_from_db()
    waiting.refresh_from_db()
    payment.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert payment.status == PaymentStatus.FAILED and payment.failure_code
    # the failed intent is closed so no later card can pay for a seat given away
    assert stripe_test.v1.payment_intents.retrieve(payment.intent_id).status == "canceled"
    # the waiting member's seat is now held for them to pay
    assert waiting.status == RegistrationStatus.PENDING_PAYMENT


def test_hold_expiry_releases_the_seat_and_the_waiting_member_is_asked_to_pay(
    stripe_test, site_tree, django_capture_on_commit_callbacks
):
    event = _paid_event(site_tree, capacity=1)
    held, payment = ticket_register(member=member_create(), event=event)
    waiting, _ = ticket_register(member=member_create(), event=event)

    counts = payments_reconcile(now=timezone.now() + dt.timedelta(minutes=14))
    held.refresh_from_db()
    assert held.status == RegistrationStatus.PENDING_PAYMENT and counts["expired"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        counts = payments_reconcile(now=timezone.now() + dt.timedelta(minutes=16))

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert counts["expired"] == 1 and counts["opened"] == 1
    assert held.status == RegistrationStatus.CANCELLED
    assert stripe_test.v1.payment_intents.retrieve(payment.intent_id).status == "canceled"
    assert waiting.status == RegistrationStatus.PENDING_PAYMENT
    promoted_payment = Payment.objects.get(registration=waiting)
    assert promoted_payment.intent_id and promoted_payment.status == PaymentStatus.PENDING
    assert any("完成支付" in message.text for message in sms.outbox)
    assert event_seats_left(event=event) == 0


def test_a_payment_made_just_before_the_hold_expired_confirms_instead_of_releasing(
    stripe_test, site_tree
):
    """The sweep asks Stripe before releasing: the webhook may simply not have arrived."""
    event = _paid_event(site_tree, capacity=1)
    held, payment = ticket_register(member=member_create(), event=event)
    pay(stripe_test, payment.intent_id)

    payments_reconcile(now=timezone.now() + dt.timedelta(minutes=16))

    held.refresh_from_db()
    assert held.status == RegistrationStatus.REGISTERED


def test_cancelling_a_paid_ticket_before_the_deadline_refunds_it(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    event = _paid_event(site_tree)
    member = member_create()
    registration, payment = ticket_register(member=member, event=event)
    pay(stripe_test, payment.intent_id)
    deliver(client, intent_event(stripe_test, payment.intent_id, "payment_intent.succeeded"))

    with django_capture_on_commit_callbacks(execute=True):
        ticket_cancel(member=member, registration=Registration.objects.get(pk=registration.pk))

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED and payment.refund_id
    refund = stripe_test.v1.refunds.retrieve(payment.refund_id)
    assert refund.status == "succeeded" and refund.amount == payment.amount


def test_a_paid_ticket_cannot_be_cancelled_or_refunded_after_the_deadline(stripe_test, site_tree):
    event = _paid_event(site_tree)
    member = member_create()
    registration, payment = ticket_register(member=member, event=event)
    pay(stripe_test, payment.intent_id)

    with pytest.raises(DomainError) as refused:
        ticket_cancel(
            member=member,
            registration=Registration.objects.get(pk=registration.pk),
            now=event.starts_at + dt.timedelta(minutes=1),
        )

    assert refused.value.code == "CANCELLATION_CLOSED"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not payment.refund_id


def test_a_payment_that_succeeds_after_its_seat_was_given_up_is_refunded(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    """The member cancels while their card is being confirmed in another tab: the seat is
    gone, so the money that arrives anyway goes back."""
    event = _paid_event(site_tree, capacity=1)
    member = member_create()
    held, payment = ticket_register(member=member, event=event)
    ticket_cancel(member=member, registration=held)  # closing the intent is still queued
    assert pay(stripe_test, payment.intent_id) == "succeeded"

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(
            client, intent_event(stripe_test, payment.intent_id, "payment_intent.succeeded")
        )

    assert response.json()["outcome"] == "refunding_late_payment"
    payment.refresh_from_db()
    held.refresh_from_db()
    assert held.status == RegistrationStatus.CANCELLED
    assert payment.status == PaymentStatus.REFUNDED
    assert stripe_test.v1.refunds.retrieve(payment.refund_id).amount == payment.amount


def test_stripe_out_of_reach_gives_the_held_seat_back(site_tree, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    event = _paid_event(site_tree, capacity=1)

    with pytest.raises(DomainError) as refused:
        ticket_register(member=member_create(), event=event)

    assert refused.value.code == "PAYMENT_UNAVAILABLE"
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED
    assert event_seats_left(event=event) == 1


def test_every_create_at_stripe_carries_the_idempotency_key_stored_with_the_payment(
    stripe_test, site_tree, client, monkeypatch, django_capture_on_commit_callbacks
):
    """Stripe's library adds a random key of its own when none is given; ours must be the
    one kept on the payment, so a retried request can never make a second intent or refund."""
    from stripe._http_client import RequestsClient

    sent: list[tuple[str, str, str | None]] = []
    real_request = RequestsClient.request

    def recording(self, method, url, headers, post_data=None):
        sent.append((method, url, (headers or {}).get("Idempotency-Key")))
        return real_request(self, method, url, headers, post_data)

    monkeypatch.setattr(RequestsClient, "request", recording)
    event = _paid_event(site_tree)
    member = member_create()
    registration, payment = ticket_register(member=member, event=event)
    pay(stripe_test, payment.intent_id)
    deliver(client, intent_event(stripe_test, payment.intent_id, "payment_intent.succeeded"))
    with django_capture_on_commit_callbacks(execute=True):
        ticket_cancel(member=member, registration=Registration.objects.get(pk=registration.pk))

    creates = {
        url.rsplit("/v1/", 1)[1]: key
        for method, url, key in sent
        if method == "post" and url.endswith(("/v1/payment_intents", "/v1/refunds"))
    }
    payment.refresh_from_db()
    assert creates == {
        "payment_intents": payment.idempotency_key,
        "refunds": f"{payment.idempotency_key}-refund",
    }
