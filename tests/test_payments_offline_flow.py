"""The whole flow offline, as `make run` wires it: localstripe delivers its own signed
webhooks to the site's endpoint, and a paid seat is confirmed without any test help."""

from __future__ import annotations

import time
import urllib.request

import pytest

from events.choices import RegistrationStatus
from payments.models import WebhookEvent
from payments.services import ticket_register
from tests.factories import event_create, member_create
from tests.stripe_support import WEBHOOK_SECRET, WEBHOOK_URL, pay

pytestmark = pytest.mark.django_db(transaction=True)


def _configure_webhook(localstripe_url: str, body: bytes) -> None:
    request = urllib.request.Request(
        f"{localstripe_url}/_config/webhooks/club",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=5).close()


@pytest.fixture
def webhooks_to(localstripe_url, live_server):
    import json

    _configure_webhook(
        localstripe_url,
        json.dumps({"url": live_server.url + WEBHOOK_URL, "secret": WEBHOOK_SECRET}).encode(),
    )
    yield
    # deliver nothing more once this server is gone (an empty list of event types)
    _configure_webhook(
        localstripe_url,
        json.dumps({"url": live_server.url + WEBHOOK_URL, "secret": "x", "events": []}).encode(),
    )


def test_localstripe_signed_webhook_confirms_a_paid_seat(stripe_test, webhooks_to, site_tree):
    event = event_create(site_tree, price=3_000)
    registration, payment = ticket_register(member=member_create(), event=event)

    assert pay(stripe_test, payment.intent_id) == "succeeded"

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.REGISTERED:
            break
        time.sleep(0.2)
    assert registration.status == RegistrationStatus.REGISTERED
    assert WebhookEvent.objects.filter(
        type="payment_intent.succeeded", outcome="confirmed"
    ).exists()
