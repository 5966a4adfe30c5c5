"""Sending an issue: targeting, consent at send time, batches, retries, at most once, RFC 8058,
suppression; end to end through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from club.services import consent_withdraw
from newsletters.choices import DeliveryStatus, SendStatus, SuppressionReason
from newsletters.models import Delivery, NewsletterSend, Subscription
from newsletters.services import newsletter_send_create, suppression_add
from newsletters.services.sending import LEASE, newsletter_send_step, send_progress
from tests.factories import newsletter_create
from tests.newsletter_helpers import subscriber_create
from tests.smtp_peer import start_smtp_peer

pytestmark = pytest.mark.django_db

ALL = {"kind": "ALL", "value": ""}


@pytest.fixture
def smtp(settings):
    controller, inbox = start_smtp_peer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def send_now(issue, audience=ALL, **kwargs) -> NewsletterSend:
    with TestCase.captureOnCommitCallbacks(execute=True):
        send = newsletter_send_create(issue=issue, audience=audience, **kwargs)
    send.refresh_from_db()
    return send


def newsletter_mail() -> list:
    """Newsletter messages in the local outbox (not the subscription confirmations)."""
    return [m for m in mail.outbox if m.extra_headers.get("X-Club-Send")]


def recipients(send) -> set[str]:
    return set(
        Delivery.objects.filter(send=send, status=DeliveryStatus.SENT).values_list(
            "member__user__email", flat=True
        )
    )


def test_an_issue_reaches_its_subscribers_through_a_real_smtp_server(smtp, site_tree, client):
    issue = newsletter_create(site_tree, title="春季刊", summary="本期导读：新盘开放日")
    zh = subscriber_create(email="zh@example.com", name="王小明")
    en = subscriber_create(email="en@example.com", language="en")

    send = send_now(issue)

    assert send.status == SendStatus.DONE
    assert send_progress(send=send)["sent"] == 2
    (message,) = smtp.to("zh@example.com")
    assert "春季刊" in message["Subject"]
    link = re.search(r"<(http[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "王小明" in text and "本期导读：新盘开放日" in text
    assert "<table" in html and link in html
    # The English reader's message is in English around the issue.
    (english,) = smtp.to("en@example.com")
    assert "unsubscribe" in english.get_body(preferencelist=("plain",)).get_content().lower()

    # The link works without login: the page asks, one press (the RFC 8058 POST) leaves.
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert set(Subscription.objects.filter(member=zh).values_list("status", flat=True)) == {
        "UNSUBSCRIBED"
    }
    assert Subscription.objects.get(member=en).status == "CONFIRMED"


def test_a_tampered_unsubscribe_token_is_refused(site_tree, client):
    member = subscriber_create()
    from newsletters.tokens import unsubscribe_token

    token = unsubscribe_token(member_id=member.pk)
    forged = token.replace(token.split(":")[0], str(member.pk + 1), 1)
    for bad in (forged, token[:-1] + ("x" if token[-1] != "x" else "y")):
        assert client.post(f"/newsletters/unsubscribe/{bad}/").status_code == 400
        assert client.get(f"/newsletters/unsubscribe/{bad}/").status_code == 400
    assert Subscription.objects.get(member=member).status == "CONFIRMED"


def test_the_audience_picks_segment_and_city(site_tree):
    issue = newsletter_create(site_tree)
    shenzhen = subscriber_create(email="sz@example.com", city="深圳")
    subscriber_create(email="gz@example.com", city="广州")

    send = send_now(issue, {"kind": "CITY", "value": "深圳"})
    assert recipients(send) == {"sz@example.com"}
    assert [m.to for m in newsletter_mail()] == [["sz@example.com"]]
    del shenzhen


def test_the_audience_picks_members_interested_in_a_project(site_tree):
    from club.services import member_preferences_update
    from tests.factories import project_create

    project = project_create(site_tree)
    issue = newsletter_create(site_tree)
    keen = subscriber_create(email="keen@example.com")
    subscriber_create(email="other@example.com")
    member_preferences_update(member=keen, interested_project_slugs=[project.slug])

    send = send_now(issue, {"kind": "PROJECT", "value": str(project.pk)})
    assert recipients(send) == {"keen@example.com"}


def test_consent_withdrawn_after_queueing_is_honoured_at_send_time(site_tree):
    issue = newsletter_create(site_tree)
    stays = subscriber_create(email="stays@example.com")
    leaves = subscriber_create(email="leaves@example.com")
    send = newsletter_send_create(
        issue=issue, audience=ALL, scheduled_at=timezone.now() + dt.timedelta(hours=1)
    )
    NewsletterSend.objects.filter(pk=send.pk).update(status=SendStatus.SENDING)
    from newsletters.services.sending import deliveries_queue

    send.refresh_from_db()
    deliveries_queue(send=send)
    assert Delivery.objects.filter(send=send).count() == 2

    consent_withdraw(member=leaves, kind="MARKETING")
    newsletter_send_step(send_id=send.pk)

    assert recipients(send) == {"stays@example.com"}
    assert Delivery.objects.get(send=send, member=leaves).status == DeliveryStatus.SKIPPED
    del stays


def test_suppressed_addresses_are_never_sent_to(site_tree):
    issue = newsletter_create(site_tree)
    subscriber_create(email="fine@example.com")
    subscriber_create(email="bounced@example.com")
    suppression_add(email="Bounced@Example.com", reason=SuppressionReason.HARD_BOUNCE)

    send = send_now(issue)
    assert recipients(send) == {"fine@example.com"}
    assert all(m.to != ["bounced@example.com"] for m in newsletter_mail())


def test_a_temporary_refusal_is_retried_later_and_sent_once(smtp, site_tree):
    issue = newsletter_create(site_tree)
    for n in range(3):
        subscriber_create(email=f"r{n}@example.com")
    smtp.refuse.add("r1@example.com")

    send = send_now(issue)
    refused = Delivery.objects.get(send=send, member__user__email="r1@example.com")
    assert refused.status == DeliveryStatus.PENDING and refused.attempts == 1
    assert refused.next_attempt_at > timezone.now()
    assert send.status == SendStatus.SENDING

    smtp.refuse.clear()
    later = refused.next_attempt_at + dt.timedelta(seconds=1)
    assert newsletter_send_step(send_id=send.pk, now=later) is None

    send.refresh_from_db()
    assert send.status == SendStatus.DONE
    for n in range(3):
        assert len(smtp.to(f"r{n}@example.com")) == 1


class CrashingBackend:
    """A mail server connection whose worker dies after handing over `limit` messages."""

    limit = 2
    handed: list = []

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if len(CrashingBackend.handed) >= CrashingBackend.limit:
            raise SystemExit("worker killed")
        CrashingBackend.handed.extend(message.to[0] for message in messages)
        return len(messages)


def test_a_resend_after_a_crash_mid_batch_never_sends_twice(settings, site_tree):
    issue = newsletter_create(site_tree)
    for n in range(5):
        subscriber_create(email=f"c{n}@example.com")
    settings.EMAIL_BACKEND = "tests.test_newsletters_sending.CrashingBackend"
    CrashingBackend.handed = []
    send = newsletter_send_create(
        issue=issue, audience=ALL, scheduled_at=timezone.now() + dt.timedelta(hours=1)
    )
    NewsletterSend.objects.filter(pk=send.pk).update(status=SendStatus.SENDING)

    with pytest.raises(SystemExit):
        newsletter_send_step(send_id=send.pk)
    assert len(CrashingBackend.handed) == 2

    # Once the dead worker's lease has run out, another worker finishes the send.
    CrashingBackend.limit = 100
    newsletter_send_step(send_id=send.pk, now=timezone.now() + LEASE + dt.timedelta(seconds=1))

    handed = CrashingBackend.handed
    # The message in flight when the worker died is never sent again; nobody gets two.
    assert len(handed) == len(set(handed)) == 4
    progress = send_progress(send=NewsletterSend.objects.get(pk=send.pk))
    assert progress["sent"] == 4 and progress["uncertain"] == 1


def test_a_paused_send_stops_and_resumes_where_it_stopped(site_tree):
    from newsletters.services import newsletter_send_pause, newsletter_send_resume
    from newsletters.services.sending import deliveries_send_batch

    issue = newsletter_create(site_tree)
    for n in range(4):
        subscriber_create(email=f"p{n}@example.com")
    send = newsletter_send_create(
        issue=issue, audience=ALL, scheduled_at=timezone.now() + dt.timedelta(hours=1)
    )
    NewsletterSend.objects.filter(pk=send.pk).update(status=SendStatus.SENDING)
    send.refresh_from_db()
    from newsletters.services.sending import deliveries_queue

    deliveries_queue(send=send)
    deliveries_send_batch(send=send, size=2)
    newsletter_send_pause(send=send)
    assert newsletter_send_step(send_id=send.pk) is None
    assert send_progress(send=send)["sent"] == 2

    with TestCase.captureOnCommitCallbacks(execute=True):
        newsletter_send_resume(send=send)
    send.refresh_from_db()
    assert send.status == SendStatus.DONE
    assert send_progress(send=send)["sent"] == 4
    assert len(newsletter_mail()) == 4
