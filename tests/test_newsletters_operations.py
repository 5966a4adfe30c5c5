"""Operations and the archive: the command, the scheduler's minute, the sent version kept."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils import timezone

from newsletters.choices import SendStatus
from newsletters.models import NewsletterSend
from newsletters.services import newsletter_send_create
from newsletters.tasks import newsletters_due
from tests.factories import newsletter_create
from tests.members_api import gql
from tests.newsletter_helpers import subscriber_create

pytestmark = pytest.mark.django_db


def test_the_command_counts_and_sends_to_a_segment(site_tree):
    issue = newsletter_create(site_tree, slug="winter")
    member = subscriber_create()
    other = subscriber_create()
    from club.models import Member

    Member.objects.filter(pk=member.pk).update(segment="CHILD_FOCUSED")
    Member.objects.filter(pk=other.pk).update(segment="ELDER_CARE")

    out = io.StringIO()
    call_command(
        "send_newsletter", "winter", "--audience", "SEGMENT=CHILD_FOCUSED", "--count", stdout=out
    )
    assert out.getvalue().strip() == "1"

    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_newsletter", "winter", "--audience", "SEGMENT=CHILD_FOCUSED", stdout=out)
    send = NewsletterSend.objects.get(issue=issue)
    assert send.status == SendStatus.DONE and send.total == 1


def test_the_command_refuses_an_unknown_audience(site_tree):
    newsletter_create(site_tree, slug="winter")
    with pytest.raises(CommandError, match="AUDIENCE_KIND_INVALID"):
        call_command("send_newsletter", "winter", "--audience", "EVERYONE")


def test_a_scheduled_send_starts_on_the_schedulers_minute_once_due(site_tree):
    issue = newsletter_create(site_tree)
    subscriber_create()
    send = newsletter_send_create(
        issue=issue, audience={"kind": "ALL"}, scheduled_at=timezone.now() + dt.timedelta(hours=2)
    )
    newsletters_due.enqueue()
    send.refresh_from_db()
    assert send.status == SendStatus.SCHEDULED

    NewsletterSend.objects.filter(pk=send.pk).update(
        scheduled_at=timezone.now() - dt.timedelta(minutes=1)
    )
    newsletters_due.enqueue()
    send.refresh_from_db()
    assert send.status == SendStatus.DONE


SENT = "query($slug: String!) { sentNewsletter(slug: $slug) { subject html text sentAt } }"


def test_the_sent_version_is_kept_and_readable_on_the_site_and_through_graphql(client, site_tree):
    issue = newsletter_create(site_tree, slug="spring", title="春季刊", summary="原版导读")
    subscriber_create()
    _response, body = gql(client, SENT, {"slug": "spring"})
    assert body["data"]["sentNewsletter"] is None

    with TestCase.captureOnCommitCallbacks(execute=True):
        newsletter_send_create(issue=issue, audience={"kind": "ALL"})
    # The page is edited after sending: the archive keeps what went out.
    issue.summary = "修改后的导读"
    issue.save_revision().publish()

    _response, body = gql(client, SENT, {"slug": "spring"})
    sent = body["data"]["sentNewsletter"]
    assert "春季刊" in sent["subject"] and "原版导读" in sent["html"] and "原版导读" in sent["text"]
    page = client.get("/newsletters/archive/spring/")
    assert page.status_code == 200 and "原版导读" in page.content.decode()
    assert client.get("/newsletters/archive/nothing/").status_code == 404
