"""A real localstripe server for the payments tests, and Stripe-signed webhook deliveries.

The server is this project's `manage.py localstripe` (loopback only), started once per
test session on a free port; the tests talk to it with the official `stripe` library, as
the code does. Webhooks are built here from the intent as localstripe holds it and signed
exactly as Stripe signs them (`stripe.WebhookSignature`, HMAC-SHA256 over "t.body") with
the configured secret, so each test decides when and how often a delivery arrives.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import stripe

ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_SECRET = "whsec_tests_0123456789"
WEBHOOK_URL = "/payments/stripe/webhook/"
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000341"  # attaches, then the charge is declined


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings_test"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "localstripe", "--port", str(port), "--webhook-url", ""],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"localstripe did not start: {process.stderr.read()!r}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_test(settings, localstripe_url):
    """Settings pointing at the test server, and a client to play the member's browser."""
    settings.STRIPE_SECRET_KEY = "sk_test_club"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    from club import sms

    sms.outbox.clear()
    yield stripe.StripeClient("sk_test_club", base_addresses={"api": localstripe_url})
    sms.outbox.clear()


def pay(client: stripe.StripeClient, intent_id: str, *, card: str = CARD_OK) -> str:
    """What Stripe.js does in the member's browser: attach a card and confirm the intent.
    Returns the intent's status afterwards."""
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": card, "exp_month": 12, "exp_year": 2035, "cvc": "123"},
        }
    )
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    with contextlib.suppress(stripe.CardError):  # a decline: the status tells
        client.v1.payment_intents.confirm(intent_id)
    return client.v1.payment_intents.retrieve(intent_id).status


def intent_event(
    client: stripe.StripeClient, intent_id: str, event_type: str, *, event_id: str | None = None
) -> dict:
    """A Stripe event carrying the intent as the server holds it now."""
    intent = client.v1.payment_intents.retrieve(intent_id)
    return {
        "id": event_id or f"evt_{secrets.token_hex(8)}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "data": {"object": json.loads(json.dumps(intent.to_dict(), default=str))},
    }


def signed(event: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """The body and Stripe-Signature header Stripe would send for `event`."""
    body = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret, timestamp=timestamp or int(time.time())
    )
    return body, header


def deliver(http_client, event: dict, **signing):
    body, header = signed(event, **signing)
    return http_client.post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
