"""Provider webhooks (anymail) feed the suppression list; the admin shows why."""

from __future__ import annotations

import base64

import pytest

from newsletters.choices import SuppressionReason
from newsletters.models import Suppression

pytestmark = pytest.mark.django_db

AUTH = "Basic " + base64.b64encode(b"hook:s3cret-for-tests").decode()


@pytest.fixture(autouse=True)
def webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret-for-tests"}


def postmark(client, payload, auth=AUTH):
    return client.post(
        "/anymail/postmark/tracking/",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )


def bounce(kind: str, email: str) -> dict:
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 user unknown",
        "Email": email,
        "BouncedAt": "2026-11-29T04:00:00Z",
        "Subject": "会刊",
    }


def test_a_hard_bounce_reported_by_the_provider_suppresses_the_address(client):
    response = postmark(client, bounce("HardBounce", "Gone@Example.com"))
    assert response.status_code == 200
    row = Suppression.objects.get(email="gone@example.com")
    assert row.reason == SuppressionReason.HARD_BOUNCE
    assert "postmark" in row.detail.lower()


def test_a_spam_complaint_suppresses_the_address(client):
    payload = {
        "RecordType": "SpamComplaint",
        "ID": 42,
        "Type": "SpamComplaint",
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Email": "angry@example.com",
        "BouncedAt": "2026-11-29T04:00:00Z",
    }
    assert postmark(client, payload).status_code == 200
    assert Suppression.objects.get(email="angry@example.com").reason == SuppressionReason.COMPLAINT


def test_a_soft_bounce_does_not_suppress(client):
    assert postmark(client, bounce("SoftBounce", "full@example.com")).status_code == 200
    assert not Suppression.objects.exists()


def test_a_webhook_without_the_secret_is_refused(client):
    response = postmark(client, bounce("HardBounce", "x@example.com"), auth="Basic bm9wZTpub3Bl")
    assert response.status_code in (400, 401, 403)
    assert not Suppression.objects.exists()
