"""Notifications along the journey: editors' words in both languages, e-mail and SMS, each
member's history for themself and (audited) for service staff."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from club import sms
from core.models import AuditEntry
from newsletters.choices import SuppressionReason
from newsletters.services import suppression_add
from notifications.models import Notification, NotificationKey, NotificationTemplate
from notifications.services import notification_render, notify
from tests.factories import (
    UserFactory,
    complaint_create,
    event_create,
    member_create,
    service_staff_create,
)
from tests.members_api import gql

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    return sms.outbox


def test_a_new_member_is_welcomed_by_text_and_it_is_in_their_history():
    with TestCase.captureOnCommitCallbacks(execute=True):
        member = member_create(name="李雷")
    assert any("李雷，欢迎加入万客会" in m.text for m in sms.outbox)
    row = Notification.objects.get(member=member, key="welcome")
    assert row.channel == "SMS" and row.status == "SENT"


def test_editors_words_replace_the_built_in_text_in_each_language():
    NotificationTemplate.objects.create(
        key="event_confirmed",
        subject_zh="报名成功：{{ title }}",
        body_zh="{{ name }}，期待与您在「{{ title }}」见面！",
        subject_en="You're in: {{ title }}",
    )
    zh = notification_render(
        key="event_confirmed", language="zh-hans", context={"name": "韩梅梅", "title": "亲子烘焙"}
    )
    en = notification_render(
        key="event_confirmed", language="en", context={"name": "Han", "title": "Baking"}
    )
    assert (
        zh["subject"] == "报名成功：亲子烘焙"
        and zh["body"] == "韩梅梅，期待与您在「亲子烘焙」见面！"
    )
    assert en["subject"] == "You're in: Baking"
    # A blank field falls back to the built-in text (English from the catalogue).
    assert "Baking" in en["body"] and "韩梅梅" not in en["body"]


def test_placeholders_are_plain_substitution_never_code():
    NotificationTemplate.objects.create(key="welcome", body_zh="{{ name.__class__ }}{% now 'Y' %}")
    words = notification_render(key="welcome", language="zh-hans", context={"name": "x"})
    assert words["body"] == "{{ name.__class__ }}{% now 'Y' %}"


def test_registering_for_an_event_confirms_by_email(site_tree):
    from events.services import event_register

    member = member_create(email="fan@example.com")
    event = event_create(site_tree, slug="tea", capacity=5)
    with TestCase.captureOnCommitCallbacks(execute=True):
        event_register(member=member, event=event, party_size=1)
    (message,) = [m for m in mail.outbox if m.to == ["fan@example.com"]]
    assert event.title in message.subject
    assert Notification.objects.get(member=member, key="event_confirmed").status == "SENT"


def test_a_complaint_is_acknowledged_and_its_status_changes_are_told(site_tree):
    from service.services import complaint_acknowledge

    member = member_create(email="owner@example.com")
    with TestCase.captureOnCommitCallbacks(execute=True):
        complaint = complaint_create(member=member)
    assert Notification.objects.get(member=member, key="complaint_received").status == "SENT"

    staff = service_staff_create()
    with TestCase.captureOnCommitCallbacks(execute=True):
        complaint_acknowledge(actor=staff, complaint=complaint, public_note="已安排工程师上门查看")
    row = Notification.objects.get(member=member, key="complaint_status_changed")
    assert complaint.reference in row.subject and "已安排工程师上门查看" in row.body
    assert row.status == "SENT"


def test_a_suppressed_address_gets_no_notification_email():
    member = member_create(email="bounced@example.com")
    suppression_add(email="bounced@example.com", reason=SuppressionReason.HARD_BOUNCE)
    with TestCase.captureOnCommitCallbacks(execute=True):
        (row,) = notify(member=member, key="event_reminder", context={"title": "茶会"})
    assert row.status == "SKIPPED"
    assert not [m for m in mail.outbox if m.to == ["bounced@example.com"]]


def test_deposit_confirmation_has_a_template_key_ready():
    assert NotificationKey.DEPOSIT_CONFIRMED == "deposit_confirmed"
    words = notification_render(
        key="deposit_confirmed",
        language="zh-hans",
        context={"name": "王", "project": "滨江花园", "amount": "¥20,000"},
    )
    assert "滨江花园" in words["sms"] and "¥20,000" in words["body"]


HISTORY = "{ myNotifications { key channel status subject body } }"


def test_a_member_sees_their_own_notification_history_and_nobody_elses(client):
    member = member_create()
    other = member_create()
    notify(member=other, key="event_reminder", context={"title": "别人的茶会"}, channels=["SMS"])
    notify(member=member, key="event_reminder", context={"title": "茶会"}, channels=["SMS"])
    client.force_login(member.user)
    _response, body = gql(client, HISTORY)
    rows = body["data"]["myNotifications"]
    # Newest first: the reminder, then the welcome of registration.
    assert [row["key"] for row in rows] == ["event_reminder", "welcome"]
    assert "茶会" in rows[0]["body"] and "别人的" not in rows[0]["body"]


def test_service_staff_read_a_members_history_and_the_read_is_audited(client):
    from django.contrib.auth.models import Permission

    member = member_create()
    notify(member=member, key="event_reminder", context={"title": "茶会"}, channels=["SMS"])
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_notification"),
    )
    client.force_login(staff)
    page = client.get(f"/admin/notifications/member/{member.pk}/")
    assert page.status_code == 200 and "茶会" in page.content.decode()
    entry = AuditEntry.objects.get(operation="notifications.member_history")
    assert entry.actor == staff and entry.target == f"member:{member.pk}"


def test_staff_without_the_permission_cannot_read_the_history(client):
    member = member_create()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(f"/admin/notifications/member/{member.pk}/").status_code in (302, 403)
    assert not AuditEntry.objects.filter(operation="notifications.member_history").exists()


def test_a_deleted_account_keeps_no_notification_or_subscription_and_export_lists_them():
    from club.services import member_account_delete, member_data_export
    from newsletters.models import Subscription
    from tests.newsletter_helpers import subscriber_create

    member = subscriber_create()
    notify(member=member, key="event_reminder", context={"title": "茶会"}, channels=["SMS"])
    exported = member_data_export(member=member)
    assert [row["topic"] for row in exported["newsletter_subscriptions"]] == ["PROJECT_NEWS"]
    assert "event_reminder" in [row["key"] for row in exported["notifications"]]

    member_account_delete(member=member)
    assert not Notification.objects.filter(member=member).exists()
    assert not Subscription.objects.filter(member=member).exists()
