"""An editor sends an issue from the admin: count, preview in both languages, test, send,
watch, pause and resume; the suppression list says why an address is blocked."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from newsletters.choices import SendStatus, SuppressionReason
from newsletters.models import NewsletterSend
from newsletters.services import suppression_add
from tests.factories import UserFactory, newsletter_create
from tests.newsletter_helpers import subscriber_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = UserFactory(is_staff=True, is_superuser=True, email="editor@example.com")
    client.force_login(user)
    return client


def form(issue, action, **extra):
    return {
        "issue": issue.pk,
        "audience_kind": "CITY",
        "audience_value": "深圳",
        "topic": "",
        "scheduled_at": "",
        "preview_language": "en",
        "action": action,
        **extra,
    }


def test_the_editor_sees_the_recipient_count_before_sending(editor_client, site_tree):
    issue = newsletter_create(site_tree)
    subscriber_create(city="深圳")
    subscriber_create(city="深圳")
    subscriber_create(city="广州")
    response = editor_client.post("/admin/newsletters/new/", form(issue, "count"))
    assert response.status_code == 200
    assert "符合条件的收件人：2 人" in response.content.decode()


def test_the_editor_previews_both_languages_and_the_plain_text(editor_client, site_tree):
    issue = newsletter_create(site_tree, title="秋季刊")
    zh = editor_client.get(f"/admin/newsletters/preview/{issue.pk}/zh-hans/").content.decode()
    en = editor_client.get(f"/admin/newsletters/preview/{issue.pk}/en/").content.decode()
    text = editor_client.get(f"/admin/newsletters/preview/{issue.pk}/zh-hans/?part=text")
    assert "秋季刊" in zh and "退订" in zh
    assert "Unsubscribe" in en
    assert text["Content-Type"].startswith("text/plain") and "秋季刊" in text.content.decode()


def test_a_test_send_goes_only_to_the_editor(editor_client, site_tree):
    issue = newsletter_create(site_tree)
    subscriber_create(city="深圳")
    mail.outbox.clear()
    editor_client.post("/admin/newsletters/new/", form(issue, "test"))
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not NewsletterSend.objects.exists()


def test_sending_from_the_admin_shows_progress_and_can_pause_and_resume(editor_client, site_tree):
    issue = newsletter_create(site_tree)
    subscriber_create(city="深圳")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(
            "/admin/newsletters/new/", form(issue, "send", scheduled_at="2099-01-01T09:00")
        )
    send = NewsletterSend.objects.get()
    assert response.status_code == 302 and send.status == SendStatus.SCHEDULED

    page = editor_client.get(f"/admin/newsletters/{send.pk}/").content.decode()
    assert "<progress" in page and "城市：深圳" in page
    assert editor_client.get(f"/admin/newsletters/{send.pk}/progress.json").json()["total"] == 1

    editor_client.post(f"/admin/newsletters/{send.pk}/pause/")
    send.refresh_from_db()
    assert send.status == SendStatus.PAUSED
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"/admin/newsletters/{send.pk}/resume/")
    send.refresh_from_db()
    assert send.status == SendStatus.DONE
    assert editor_client.get(f"/admin/newsletters/{send.pk}/progress.json").json()["sent"] == 1
    assert "已完成" in editor_client.get("/admin/newsletters/").content.decode()


def test_the_admin_shows_why_an_address_is_suppressed(editor_client):
    suppression_add(email="gone@example.com", reason=SuppressionReason.COMPLAINT, detail="postmark")
    page = editor_client.get("/admin/newsletters/suppressions/").content.decode()
    assert "gone@example.com" in page and "垃圾邮件投诉" in page


def test_staff_without_the_send_permission_cannot_open_the_send_pages(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/newsletters/").status_code in (302, 403)
    assert client.get("/admin/newsletters/suppressions/").status_code in (302, 403)


@pytest.mark.parametrize(
    ("group", "sends", "reads_suppressions"),
    [
        ("编辑", True, False),
        ("审核", True, False),
        ("营销", True, True),
        ("客服", False, True),
        ("销售", False, False),
        ("法务", False, False),
    ],
)
def test_the_staff_groups_hold_the_newsletter_permissions_of_their_role(
    client, editorial, group, sends, reads_suppressions
):
    from django.contrib.auth.models import Group

    from newsletters.permissions import newsletter_permissions_ensure

    newsletter_permissions_ensure()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    assert (client.get("/admin/newsletters/").status_code == 200) is sends
    assert (client.get("/admin/newsletters/suppressions/").status_code == 200) is reads_suppressions
